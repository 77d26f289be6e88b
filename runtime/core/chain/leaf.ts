/**
 * Calls into kernels and leaves without ever inlining them, and the per-leaf block loop.
 *
 * V8 inlines a function into its caller when the caller's call site has seen only that
 * function; the inlined code then shares the caller's inlining budget, and a kernel segment
 * sized to fit the budget alone would no longer fit. Every segment and leaf loop is therefore
 * called through {@linkcode invoke}, whose one call site is made megamorphic at load: V8 never
 * inlines through it, so each segment is optimised as a function of its own.
 * @module
 */

import type { EngineContext, Signal } from "../signal.ts";

/**
 * Calls `f` with up to seven arguments (objects and small integers only: a double passed here
 * would be boxed).
 *
 * @returns What `f` returns.
 */
export function invoke(
  f: (...args: never[]) => number,
  a: unknown,
  b: unknown,
  c: unknown,
  d: unknown,
  e: unknown,
  g: unknown,
  h: unknown,
): number {
  return (f as (...args: unknown[]) => number)(a, b, c, d, e, g, h);
}

/**
 * Makes {@linkcode invoke}'s call site megamorphic (again, if V8 ever dropped its feedback).
 * Two functions of different source are enough: call feedback has no polymorphic state.
 */
export function poisonInvoke(): void {
  invoke(poisonA, 0, 0, 0, 0, 0, 0, 0);
  invoke(poisonB, 0, 0, 0, 0, 0, 0, 0);
}

function poisonA(): number {
  return 0;
}

function poisonB(): number {
  return 1;
}

poisonInvoke();

/**
 * Renders a leaf (a hand-written function modulating a parameter) for a block into `out`:
 * a number, or channel 0 of an array, exactly as `readParam` reads a modulator.
 *
 * @returns `n`, or the index of the first frame that was not a finite number (what the leaf
 *   returned is left in `bad.value`: the chain runner then faults the signal, as readParam
 *   does for a closure).
 */
export type LeafLoop = (
  fn: Signal,
  s: EngineContext,
  out: Float64Array,
  n: number,
  start: number,
  sr: number,
  bad: { value: unknown },
) => number;

const LEAF = `
return function leaf(fn, s, out, n, start, sr, bad) {
  const beats = s.beats;
  const bpms = s.bpms;
  for (let i = 0; i < n; i++) {
    const frame = start + i;
    s.frame = frame;
    s.t = frame / sr;
    s.beat = beats[i];
    s.bpm = bpms[i];
    const v = fn(s);
    const x = typeof v === "number" ? v : v == null ? NaN : v[0];
    if (!(x - x === 0)) { bad.value = v; return i; }
    out[i] = x;
  }
  return n;
};`;

let leafLoops = 0;

/**
 * A new leaf loop: one per leaf and binding, so its call site sees one function, inlines it,
 * and never boxes what it returns (the same reason runtime/core/runner.ts makes a loop per binding).
 *
 * @returns The loop.
 */
export function makeLeafLoop(): LeafLoop {
  // A unique first line: V8 caches `new Function` by source, and a shared cache entry would
  // share one call site between leaves.
  return new Function(`// lel leaf #${++leafLoops}${LEAF}`)() as LeafLoop;
}
