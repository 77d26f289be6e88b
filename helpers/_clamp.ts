/**
 * The clamp of a bipolar amount that the helpers' setup steps share: into −limit..limit, and
 * NaN to 0 (a modulator's NaN must silence the effect, not poison its state).
 * @module
 */

/**
 * Clamps `x` to −limit..limit; NaN gives 0.
 *
 * @param x The value.
 * @param limit The largest magnitude (> 0).
 * @returns The clamped value.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual([5, -5, 0.5, NaN].map((x) => clampSigned(x, 2)), [2, -2, 0.5, 0]);
 * ```
 */
export function clampSigned(x: number, limit: number): number {
  if (x >= limit) return limit;
  if (x <= -limit) return -limit;
  return x === x ? x : 0;
}
