/**
 * Reading a sample stored in the data bank at a fractional position: 4-point, 3rd-order
 * Hermite (Catmull-Rom) interpolation.
 *
 * Reference: O. Niemitalo, "Polynomial Interpolators for High-Quality Resampling of
 * Oversampled Audio" (2001), §6.2.1, the 4-point 3rd-order Hermite; evaluated in L. de Soras's
 * arrangement ("hermite4", musicdsp.org), the same polynomial in fewer operations.
 * @module
 */

import { bankData } from "../../runtime/core/data_bank.ts";

/**
 * The 4-point Hermite interpolation between `x0` and `x1` at `t` (0..1), its tangents the
 * central differences `(x1 − xm1)/2` and `(x2 − x0)/2`: `y = ((c3·t + c2)·t + c1)·t + x0` with
 * `c1 = (x1 − xm1)/2`, `c2 = xm1 − 2.5·x0 + 2·x1 − x2/2`, `c3 = (x2 − xm1)/2 + 1.5·(x0 − x1)`.
 * It passes through every point with a continuous slope and reproduces quadratics exactly.
 *
 * @param xm1 The value before `x0`.
 * @param x0 The value at the integer position.
 * @param x1 The value after.
 * @param x2 The value after `x1`.
 * @param t The fraction, 0..1.
 * @returns The interpolated value.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(hermite(1, 4, 9, 16, 0.5), 6.25); // x² through 1, 4, 9, 16 at 2.5
 * ```
 */
export function hermite(xm1: number, x0: number, x1: number, x2: number, t: number): number {
  const c1 = (x1 - xm1) * 0.5;
  const v = x0 - x1;
  const w = c1 + v;
  const c3 = w + v + (x2 - x0) * 0.5;
  return ((c3 * t - (w + c3)) * t + c1) * t + x0;
}

/**
 * Channel `ch` of a sample at a position in frames: the stored value itself at an integer
 * position (so rate 1 plays the stored values bit for bit), else {@linkcode hermite} of the
 * four frames around it. At the ends it reads up to two frames past the sample on either
 * side, which `storeFrames` fills with silence.
 *
 * @param offset Index of the sample's first value in the bank.
 * @param stride Values per frame (its channels, interleaved).
 * @param ch The channel.
 * @param pos The position, −1 < pos < frames.
 * @returns The value.
 */
export function sampleAt(offset: number, stride: number, ch: number, pos: number): number {
  const d = bankData;
  const i = Math.floor(pos);
  const t = pos - i;
  const at = offset + i * stride + ch;
  const x0 = d[at];
  if (t === 0) return x0;
  // The same arithmetic as the hermite function, in its order (a test holds them equal bit
  // for bit): a call on this branch, cold while the rate is a whole number, would not be
  // inlined once it turns hot.
  const xm1 = d[at - stride];
  const x1 = d[at + stride];
  const c1 = (x1 - xm1) * 0.5;
  const v = x0 - x1;
  const w = c1 + v;
  const c3 = w + v + (d[at + 2 * stride] - x0) * 0.5;
  return ((c3 * t - (w + c3)) * t + c1) * t + x0;
}
