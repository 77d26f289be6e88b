/**
 * Warms a new kernel through its branches before it goes live, so V8 has seen every path
 * (steady and gliding parameters, a ring's wrap, a phase's jump, the fault exit) and the first
 * time one is taken in the audio is not a deoptimisation.
 *
 * It runs on scratch memory laid out as the chain's blocks, starting from a copy of their
 * state (each block's header and the first slots of each channel: a delay line's contents
 * are left at zero, so a kernel with long rings warms without copying megabytes), with
 * made-up leaf values: live state and user code are never touched.
 * @module
 */

import { RUNAWAY_LIMIT } from "../runner.ts";
import type { Kernel } from "./kernel.ts";
import { invoke } from "./leaf.ts";
import { type Chain, V_DT, V_LIMIT, V_SR } from "./shape.ts";

/** Frames per warm-up call: enough to cross a wrap placed two frames ahead. */
const WARM_FRAMES = 32;

/** Slots at the start of each channel of a block copied from the live one (its state). */
const WARM_STATE_SLOTS = 64;

/** Largest number of positions a spec's `warm` hook is asked for. */
const WARM_PASSES = 4;

/**
 * Runs every segment loop of `kernel` through each warm-up situation on scratch memory.
 *
 * @param kernel The new kernel.
 * @param chain The chain it was built for (its nodes are bound: their state is copied).
 */
export function warmKernel(kernel: Kernel, chain: Chain): void {
  const sr = chain.nodes[0]?.sr || 48000;
  let size = 0;
  const B = new Int32Array(chain.nodes.length);
  chain.nodes.forEach((node, k) => {
    B[k] = size;
    size += node.block?.size ?? 0;
  });
  // The scratch blocks start as copies of the live ones' header and the first slots of each
  // channel (every helper's scalar state), and are reset to them between passes; the rest
  // (delay lines, which may be megabytes) stays zero: its contents choose no branch.
  const parts: number[] = [];
  chain.nodes.forEach((node, k) => {
    const length = node.block?.size ?? 0;
    const header = Math.min(length, node.layout.header);
    parts.push(node.base, B[k], header);
    const stride = node.layout.perChannel(node.sr);
    for (let c = 0; c < node.channels; c++) {
      const at = header + c * stride;
      const count = Math.min(stride, WARM_STATE_SLOTS, length - at);
      if (count > 0) parts.push(node.base + at, B[k] + at, count);
    }
  });
  const live = chain.nodes[0]?.mem ?? new Float64Array(0);
  const mem = new Float64Array(size);
  const V = new Float64Array(kernel.valueCount);
  V.set(chain.values);
  V[V_SR] = sr;
  V[V_DT] = 1 / sr;
  V[V_LIMIT] = RUNAWAY_LIMIT;
  const S = Array.from({ length: kernel.scratchCount }, (_, k) => {
    const a = new Float64Array(WARM_FRAMES);
    // Leaves: doubles that cross 0 and ±0.5 (triggers), never small integers only.
    if (k < chain.leaves.length) {
      for (let i = 0; i < a.length; i++) a[i] = 0.9 * Math.sin(i + k);
    }
    return a;
  });
  const O = Array.from({ length: Math.max(2, kernel.width) }, () => new Float64Array(WARM_FRAMES));
  // Beats that cross whole beats and bars (a pattern's step changes, an LFO's phase wraps).
  const T = Float64Array.from({ length: WARM_FRAMES }, (_, i) => 3.9 + i * 0.01);
  const runAll = () => {
    for (const seg of kernel.segments) {
      if (seg.prologue !== undefined) invoke(seg.prologue, mem, B, V, S, O, WARM_FRAMES, T);
      invoke(seg.steady, mem, B, V, S, O, WARM_FRAMES, T);
      for (const g of seg.general) invoke(g, mem, B, V, S, O, WARM_FRAMES, T);
    }
  };
  const reset = () => {
    for (let p = 0; p < parts.length; p += 3) {
      mem.set(live.subarray(parts[p], parts[p] + parts[p + 2]), parts[p + 1]);
    }
  };

  // Parameters at their targets, then gliding from far, then snapping onto them.
  reset();
  runAll();
  for (const offset of [1, 1e-13]) {
    reset();
    forEachConstant(chain, (at, target) => {
      mem[B[at[0]] + at[1]] = V[target] + offset * (1 + Math.abs(V[target]));
    });
    runAll();
  }
  // Parameters and leaves at the edges the step functions clamp or special-case (0 gives an
  // Infinity step, NaN a silent gain…). A branch V8 never saw makes its value a boxed one:
  // the per-block value of a steady loop would be allocated on every block.
  const targets = V.slice();
  const leaves = S.slice(0, chain.leaves.length).map((a) => a.slice());
  for (const edge of [0, -1, NaN, 1e9]) {
    reset();
    forEachConstant(chain, (at, target) => {
      mem[B[at[0]] + at[1]] = edge;
      V[target] = edge;
    });
    for (let j = 0; j < chain.leaves.length; j++) S[j].fill(edge);
    runAll();
    V.set(targets);
    leaves.forEach((a, j) => S[j].set(a));
  }
  // Each spec's rare positions (rings about to wrap, phases about to jump).
  for (let pass = 0; pass < WARM_PASSES; pass++) {
    reset();
    let moved = false;
    for (const step of chain.steps) {
      if (step.node >= 0 && step.spec.warm?.(mem, B[step.node], pass, sr)) moved = true;
    }
    if (moved) runAll();
  }
  // The fault exit: every frame is beyond a negative limit.
  reset();
  V[V_LIMIT] = -1;
  runAll();
}

/** Calls `fn` with each constant parameter's (node, slot) and the V slot of its target. */
function forEachConstant(
  chain: Chain,
  fn: (at: readonly [node: number, slot: number], target: number) => void,
): void {
  for (const step of chain.steps) {
    for (const p of step.params) if (p.kind === "constant") fn([step.node, p.slot], p.target);
  }
}
