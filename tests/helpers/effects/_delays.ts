/**
 * Shared by the modulated-delay tests: an impulse train and the delays measured from it.
 * @module
 */

import type { Context } from "../../../runtime/core/signal.ts";

/** Frames between the impulses of {@linkcode clicks}: longer than any swept delay. */
export const SPACING = 600;

/** One impulse every {@linkcode SPACING} frames (12.5 ms at 48 kHz). */
export function clicks(s: Context): number {
  return s.frame % SPACING === 0 ? 1 : 0;
}

/**
 * Delays in samples measured from {@linkcode clicks} through a wet-only tap: the impulse that
 * left at frame n0 comes out within [n0, n0 + SPACING), spread over neighbouring frames by the
 * linear interpolation; its delay is its centroid minus n0.
 *
 * @param y The wet output.
 * @returns Each impulse's centroid (the frame it came out at) and delay.
 */
export function measuredDelays(y: Float64Array): { at: number; delay: number }[] {
  const found: { at: number; delay: number }[] = [];
  for (let n0 = 0; n0 + SPACING <= y.length; n0 += SPACING) {
    let sum = 0;
    let moment = 0;
    for (let i = n0; i < n0 + SPACING; i++) {
      sum += y[i];
      moment += i * y[i];
    }
    found.push({ at: moment / sum, delay: moment / sum - n0 });
  }
  return found;
}
