/**
 * Reading a sample stored in the data bank at a fractional position: 4-point, 3rd-order
 * Hermite (Catmull-Rom) interpolation, with the sample taken as silent outside its frames.
 *
 * Reference: O. Niemitalo, "Polynomial Interpolators for High-Quality Resampling of
 * Oversampled Audio" (2001), §6.2.1, the 4-point 3rd-order Hermite "x-form".
 * @module
 */

import { bankData } from "../../runtime/data_bank.ts";

/**
 * The 4-point Hermite interpolation between `x0` and `x1` at `t` (0..1), its tangents the
 * central differences `(x1 − xm1)/2` and `(x2 − x0)/2`:
 * `c1 = (x1 − xm1)/2`, `c2 = xm1 − 2.5·x0 + 2·x1 − x2/2`, `c3 = (x2 − xm1)/2 + 1.5·(x0 − x1)`,
 * `y = ((c3·t + c2)·t + c1)·t + x0`. It passes through every point and its slope is
 * continuous; its response falls to −3 dB near 0.35·sr for a rate-0.5 read.
 *
 * @param xm1 The value before `x0`.
 * @param x0 The value at the integer position.
 * @param x1 The value after.
 * @param x2 The value after `x1`.
 * @param t The fraction, 0..1.
 * @returns The interpolated value.
 */
export function hermite(xm1: number, x0: number, x1: number, x2: number, t: number): number {
  const c1 = 0.5 * (x1 - xm1);
  const c2 = xm1 - 2.5 * x0 + 2 * x1 - 0.5 * x2;
  const c3 = 0.5 * (x2 - xm1) + 1.5 * (x0 - x1);
  return ((c3 * t + c2) * t + c1) * t + x0;
}

/**
 * One stored value of a sample, 0 outside its frames.
 *
 * @param offset Index of the sample's first value in the bank.
 * @param frames Its frames.
 * @param stride Values per frame (its channels, interleaved).
 * @param ch The channel.
 * @param i The frame (any integer).
 * @returns The value, or 0.
 */
export function bankAt(offset: number, frames: number, stride: number, ch: number, i: number) {
  return i >= 0 && i < frames ? bankData[offset + i * stride + ch] : 0;
}

/**
 * A channel of a sample at a position near its ends (where a neighbour is missing): the
 * Hermite interpolation with silence outside the frames.
 *
 * @param offset Index of the sample's first value in the bank.
 * @param frames Its frames.
 * @param stride Values per frame.
 * @param ch The channel.
 * @param i The position's integer part.
 * @param t The position's fraction.
 * @returns The interpolated value.
 */
export function sampleEdge(
  offset: number,
  frames: number,
  stride: number,
  ch: number,
  i: number,
  t: number,
): number {
  return hermite(
    bankAt(offset, frames, stride, ch, i - 1),
    bankAt(offset, frames, stride, ch, i),
    bankAt(offset, frames, stride, ch, i + 1),
    bankAt(offset, frames, stride, ch, i + 2),
    t,
  );
}

/**
 * A channel of a sample at a position in frames: the stored value itself at an integer
 * position (so rate 1 plays the stored values bit for bit), else {@linkcode hermite} of the
 * four frames around it, silence outside the sample.
 *
 * @param offset Index of the sample's first value in the bank.
 * @param frames Its frames.
 * @param stride Values per frame (its channels, interleaved).
 * @param ch The channel.
 * @param pos The position, −1 < pos < frames.
 * @returns The value.
 */
export function sampleAt(
  offset: number,
  frames: number,
  stride: number,
  ch: number,
  pos: number,
): number {
  const i = Math.floor(pos);
  const t = pos - i;
  const at = offset + i * stride + ch;
  if (t === 0) return bankData[at];
  if (i >= 1 && i < frames - 2) {
    return hermite(
      bankData[at - stride],
      bankData[at],
      bankData[at + stride],
      bankData[at + 2 * stride],
      t,
    );
  }
  return sampleEdge(offset, frames, stride, ch, i, t);
}
