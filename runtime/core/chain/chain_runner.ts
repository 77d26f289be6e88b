/**
 * `compileChain`: a binding's runner made from its chain's kernel, with the closure runner's
 * exact contract (runtime/core/runner.ts).
 *
 * Per block, the runner
 * 1. reads every node's `base` (a crossfade ghost repoints old nodes at copies) into `B`;
 * 2. renders each leaf (a hand-written function modulating a parameter) for the whole block
 *    into a scratch array, in evaluation order (depth first: a helper's audio inputs, then its
 *    modulated parameters);
 * 3. runs the kernel's segments in order: when every constant parameter a segment reads is
 *    at its target, its steady loop (after its prologue, the per-block work, when the segment
 *    was not steady the block before), else its general loops (everything per frame, as the
 *    closures do it);
 * 4. spreads the output frame onto the engine's channels like the closure runner does (a mono
 *    chain's block stays in channel 0 alone when the caller reads it from there: `monoOk`).
 *
 * The one semantic difference from the closure form: leaves run a block ahead of the helpers.
 * A leaf that only reads `s` (the usual case) gives identical output; leaves that talk to each
 * other, or to a helper of the same chain, through shared mutable state see block order
 * instead of frame order. A leaf that returns an array is read at channel 0, as `readParam`
 * reads any modulator; a hand-written function used as an audio input (whose channel count
 * shapes the chain) keeps the chain on the closure runner.
 * @module
 */

import type { HelperNode } from "../node.ts";
import { ModulatorError } from "../param_read.ts";
import { type BadFrame, RUNAWAY_LIMIT, type Runner } from "../runner.ts";
import type { Signal } from "../signal.ts";
import { type Kernel, kernelFor } from "./kernel.ts";
import { invoke, makeLeafLoop, poisonInvoke } from "./leaf.ts";
import { analyze, type Chain, NotCompilable, V_DT, V_LIMIT, V_SR } from "./shape.ts";

let enabled = true;
let compiled = 0;
let declined = 0;
let errors = 0;
let lastReason = "";

/**
 * Turns the chain compiler on or off for bindings made from now on (the closure runner is
 * the reference; tests and the bench compare the two).
 *
 * @param on Whether to compile.
 * @returns The previous setting.
 */
export function setChainCompiler(on: boolean): boolean {
  const previous = enabled;
  enabled = on;
  return previous;
}

/**
 * How many bindings were compiled or left to the closure runner, how many of those because
 * the compiler failed (a bug: it should be 0), and the last reason why.
 */
export function compileStats(): {
  compiled: number;
  declined: number;
  errors: number;
  lastReason: string;
} {
  return { compiled, declined, errors, lastReason };
}

/**
 * Compiles a bound signal's helper chain into a runner, or declines.
 *
 * @param fn The registered signal.
 * @param _nodes The binding's nodes (the chain reads the ones its tree reaches; the others
 *   belong to leaves, which drive them themselves).
 * @returns A runner with the closure runner's contract, or `undefined` when the chain has a
 *   hand-written root or audio input, a helper without a kernel spec, a helper used twice,
 *   or a step too large to inline (the caller then uses the closure runner).
 */
export function compileChain(fn: Signal, _nodes: readonly HelperNode[]): Runner | undefined {
  if (!enabled) return undefined;
  let chain: Chain;
  let kernel: Kernel;
  try {
    chain = analyze(fn);
    kernel = kernelFor(chain);
  } catch (error) {
    declined++;
    lastReason = error instanceof Error ? error.message : String(error);
    if (error instanceof NotCompilable) return undefined;
    // A bug in generated code must not stop the music: the closure runner still works.
    errors++;
    lastReason = `compiler error: ${lastReason}`;
    return undefined;
  }
  compiled++;
  poisonInvoke();
  return chainRunner(kernel, chain);
}

const EMPTY: Float64Array = new Float64Array(0);

/** Where a leaf loop leaves the value that stopped it (not a finite number). */
const leafBad: { value: unknown } = { value: undefined };

/** Scratch arrays per nesting depth (a leaf may render another engine inside a block). */
const stacks: Float64Array[][] = [];
let depth = 0;

function scratch(count: number, n: number): Float64Array[] {
  let list = stacks[depth];
  if (list === undefined) {
    list = [];
    stacks[depth] = list;
  }
  for (let k = 0; k < count; k++) {
    if (k === list.length) list.push(new Float64Array(Math.max(n, 128)));
    else if (list[k].length < n) list[k] = new Float64Array(n);
  }
  return list;
}

function chainRunner(kernel: Kernel, chain: Chain): Runner {
  const nodes = chain.nodes;
  const leaves = chain.leaves;
  const loops = leaves.map(() => makeLeafLoop());
  const segments = kernel.segments;
  const width = kernel.width;
  const B = new Int32Array(nodes.length);
  const V = new Float64Array(kernel.valueCount);
  V.set(chain.values);
  V[V_LIMIT] = RUNAWAY_LIMIT;
  const O: Float64Array[] = [];
  // Whether each segment's prologue results (in V) are current: they stay so while the
  // segment is steady, since they depend only on its constant parameters (at their targets)
  // and on slots its steps write only when those move; a general block may move them.
  const ready = new Uint8Array(segments.length);
  // The memory the prologues last ran on: a prologue may leave memoised coefficients in the
  // blocks, so a render on other memory (the shadow render's copies) runs them again after.
  let prologueMem = EMPTY;
  return function runChain(_fn, s, buf, n, start, sr, bad: BadFrame): number {
    let mem = EMPTY;
    for (let k = 0; k < nodes.length; k++) {
      const node = nodes[k];
      B[k] = node.base;
      mem = node.mem;
    }
    if (mem !== prologueMem) {
      ready.fill(0);
      prologueMem = mem;
    }
    if (V[V_SR] !== s.sr) {
      V[V_SR] = s.sr;
      V[V_DT] = s.dt;
    }
    const channels = buf.length;
    const S = scratch(kernel.scratchCount + Math.max(0, width - channels), n);
    depth++;
    try {
      for (let j = 0; j < leaves.length; j++) {
        const got = invoke(loops[j], leaves[j], s, S[j], n, start, sr, leafBad);
        if (got < n) throw new ModulatorError(chain.leafParams[j], leafBad.value);
      }
      if (width === 1) {
        O[0] = buf[0];
      } else {
        for (let k = 0; k < width; k++) {
          O[k] = k < channels ? buf[k] : S[kernel.scratchCount + k - channels];
        }
      }
      let done = n;
      for (let q = 0; q < segments.length; q++) {
        const seg = segments[q];
        const checks = seg.checks;
        let steady = true;
        for (let c = 0; c < checks.length; c += 3) {
          if (mem[B[checks[c]] + checks[c + 1]] !== V[checks[c + 2]]) {
            steady = false;
            break;
          }
        }
        if (steady) {
          if (ready[q] === 0) {
            if (seg.prologue !== undefined) invoke(seg.prologue, mem, B, V, S, O, n, s.beats);
            ready[q] = 1;
          }
          done = invoke(seg.steady, mem, B, V, S, O, n, s.beats);
        } else {
          ready[q] = 0;
          const general = seg.general;
          for (let g = 0; g < general.length; g++) {
            done = invoke(general[g], mem, B, V, S, O, n, s.beats);
          }
        }
      }
      if (done === n) {
        const mono = width === 1;
        if (!(mono && bad.monoOk === true)) spread(buf, O, width, n);
        bad.mono = mono;
      } else {
        bad.value = width === 1 ? O[0][done] : O.map((o) => o[done]);
      }
      return done;
    } finally {
      depth--;
    }
  };
}

/**
 * The closure runner's channel rules, on whole blocks: a mono frame goes to every output (the
 * kernel writes the first);
 * an N-channel frame (written as `0 + x` by the kernel) goes channel k to output k mod outputs,
 * summed in channel order, and outputs no channel reaches are zero.
 */
function spread(buf: Float64Array[], O: Float64Array[], width: number, n: number): void {
  const channels = buf.length;
  if (width === 1) {
    const b0 = buf[0];
    for (let c = 1; c < channels; c++) {
      const bc = buf[c];
      for (let i = 0; i < n; i++) bc[i] = b0[i];
    }
    return;
  }
  for (let c = width; c < channels; c++) buf[c].fill(0, 0, n);
  for (let k = channels; k < width; k++) {
    const to = buf[k % channels];
    const from = O[k];
    for (let i = 0; i < n; i++) to[i] += from[i];
  }
}
