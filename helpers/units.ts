/**
 * ParamUnit aliases used across the helpers, so a signature says what a number means.
 *
 * They are plain `number`s to the compiler; they exist for the reader and the docs.
 * @module
 */

/** Frequency in hertz (cycles per second). */
export type Hertz = number;
/** Time in seconds. */
export type Seconds = number;
/** Level in decibels relative to full scale (0 dB = gain 1). */
export type Decibels = number;
/** A value in 0..1, clamped where it is used. */
export type NormalRange = number;
/** A value in -1..1, clamped where it is used (pan position, bipolar depth). */
export type AudioRange = number;
/** Linear gain (1 = unchanged, 0 = silence, negative inverts). */
export type Gain = number;

/**
 * Converts decibels to linear gain: `10^(db / 20)`.
 *
 * @param db Level in decibels; `-Infinity` gives 0.
 * @returns The linear gain.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.ok(Math.abs(dbToGain(-6) - 0.501187) < 1e-6);
 * ```
 */
export function dbToGain(db: Decibels): Gain {
  return Math.pow(10, db / 20);
}

/**
 * Converts linear gain to decibels: `20 · log10(|gain|)`.
 *
 * @param gain Linear gain; 0 gives `-Infinity`.
 * @returns The level in decibels.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.ok(Math.abs(gainToDb(0.5) + 6.0206) < 1e-4);
 * ```
 */
export function gainToDb(gain: Gain): Decibels {
  return 20 * Math.log10(Math.abs(gain));
}
