/**
 * The master bus limiter, so nothing can blast the speakers.
 * @module
 */

/** Below this magnitude the master bus is untouched; above, it bends smoothly towards ±1. */
export const SOFT_CLIP_KNEE = 0.8;

/**
 * The master bus limiter: identity below the knee, then a tanh curve that meets it with the
 * same slope and never exceeds ±1.
 *
 * @param x A mixed sample.
 * @returns The clipped sample.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(softClip(0.5), 0.5);
 * assert.ok(softClip(40) <= 1 && softClip(40) > 0.99);
 * ```
 */
export function softClip(x: number): number {
  const a = x < 0 ? -x : x;
  if (a <= SOFT_CLIP_KNEE) return x;
  const room = 1 - SOFT_CLIP_KNEE;
  const y = SOFT_CLIP_KNEE + room * Math.tanh((a - SOFT_CLIP_KNEE) / room);
  return x < 0 ? -y : y;
}
