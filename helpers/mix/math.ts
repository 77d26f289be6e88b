/**
 * Stateless arithmetic on signals, the conveniences a pipe needs: map an LFO's −1..1 onto a
 * range (`range`), scale (`mul`) and offset (`add`).
 *
 * They keep no state, so they need no key and never move another helper's state; a reload
 * that changes one of their numbers takes effect at once (no glide: put a `slew` after them
 * where a step would click). Stride-agnostic: N channels in, N out, one reused output frame,
 * nothing allocated per sample.
 * @module
 */

import type { Context, Frame, Param, Signal } from "../../runtime/core/signal.ts";
import { channelsOf, tagSignal } from "../../runtime/core/signal_tag.ts";
import { arithKernel } from "./math_kernel.ts";

type Op = (x: number, a: number, b: number) => number;

const RANGE: Op = (x, lo, hi) => lo + (x + 1) * 0.5 * (hi - lo);
const MUL: Op = (x, factor) => x * factor;
const ADD: Op = (x, offset) => x + offset;

/**
 * Maps a −1..1 signal (an LFO) onto `lo..hi`: `y = lo + (x + 1)/2 · (hi − lo)`. Values
 * outside −1..1 map outside the range (nothing is clamped); `lo > hi` inverts.
 *
 * @param input Signal (or number) in −1..1, any channel count.
 * @param lo Output for −1, in the unit the result is used as (number or signal).
 * @param hi Output for +1 (number or signal).
 * @returns The mapped signal, same channel count as `input`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { range, renderSignal } from "@lel/lel";
 * const [y] = renderSignal(range((s) => (s.frame === 0 ? -1 : 1), 300, 3000), 2);
 * assert.deepEqual([...y], [300, 3000]);
 * ```
 */
export function range(input: Param, lo: Param, hi: Param): Signal {
  check("range", { input, lo, hi });
  return arith(RANGE, input, lo, hi);
}

/**
 * Multiplies a signal by a factor (a VCA when the factor is a signal): `y = x · factor`.
 *
 * @param input Signal (or number), any channel count.
 * @param factor Linear factor (number or signal).
 * @returns The product, same channel count as `input`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mul, renderSignal } from "@lel/lel";
 * const [y] = renderSignal(mul(() => 0.5, 4), 1);
 * assert.equal(y[0], 2);
 * ```
 */
export function mul(input: Param, factor: Param): Signal {
  check("mul", { input, factor });
  return arith(MUL, input, factor, 0);
}

/**
 * Adds an offset to a signal: `y = x + offset`.
 *
 * @param input Signal (or number), any channel count.
 * @param offset Offset (number or signal).
 * @returns The sum, same channel count as `input`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { add, renderSignal } from "@lel/lel";
 * const [y] = renderSignal(add(() => 0.5, 1), 1);
 * assert.equal(y[0], 1.5);
 * ```
 */
export function add(input: Param, offset: Param): Signal {
  check("add", { input, offset });
  return arith(ADD, input, offset, 0);
}

function arith(op: Op, input: Param, a: Param, b: Param): Signal {
  const channels = Math.max(channelsOf(input), channelsOf(a), channelsOf(b));
  const fa = typeof a === "function" ? a : undefined;
  const fb = typeof b === "function" ? b : undefined;
  const ka = typeof a === "number" ? a : 0;
  const kb = typeof b === "number" ? b : 0;
  const x = typeof input === "function" ? input : undefined;
  const kx = typeof input === "number" ? input : 0;
  let out = new Float64Array(Math.max(1, channels));
  const fn = (s: Context): Frame => {
    const v = x === undefined ? kx : x(s);
    const va = fa === undefined ? ka : fa(s);
    const vb = fb === undefined ? kb : fb(s);
    if (typeof v === "number" && typeof va === "number" && typeof vb === "number") {
      return op(v, va, vb);
    }
    const n = Math.max(width(v), width(va), width(vb));
    if (out.length !== n) out = new Float64Array(n); // once, when the width first shows
    for (let ch = 0; ch < n; ch++) out[ch] = op(at(v, ch), at(va, ch), at(vb, ch));
    return out;
  };
  const inputs: Signal[] = [];
  if (x !== undefined) inputs.push(x);
  if (fa !== undefined) inputs.push(fa);
  if (fb !== undefined) inputs.push(fb);
  return tagSignal(fn, undefined, inputs, channels, arithKernel(op, input, a, b, channels));
}

function width(v: Frame): number {
  return typeof v === "number" ? 1 : v.length;
}

/** Channel `ch` of a frame; mono frames broadcast. */
function at(v: Frame, ch: number): number {
  if (typeof v === "number") return v;
  return v.length === 1 ? v[0] : v[ch] ?? 0;
}

function check(helper: string, params: Record<string, Param>): void {
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === "function") continue;
    if (typeof value === "number" && Number.isFinite(value)) continue;
    throw new TypeError(
      `Cannot create ${helper}: ${name} must be a finite number or a signal function, got ${
        typeof value === "string" ? `'${value}'` : String(value)
      }`,
    );
  }
}
