/**
 * Unit aliases used across the helpers, so a signature says what a number means, and the
 * conversions between decibels and linear gain.
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
 * Converts decibels to a linear gain number, `10^(value/20)`, for writing levels by ear:
 * `gain(x, db(-12))`. A plain number, computed once (use `gainDb` to modulate). The one
 * dB → gain conversion: the gain helpers' step functions, the DSL's `db` unit and the REPL's
 * `.set … -6db` all call it.
 *
 * @param value Level in dB; −Infinity gives 0.
 * @returns The linear gain.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { db } from "@lel/lel";
 * assert.ok(Math.abs(db(-6) - 0.501187) < 1e-6);
 * assert.equal(db(0), 1);
 * ```
 */
export function db(value: Decibels): Gain {
  return Math.pow(10, value / 20);
}

/**
 * An alias of {@linkcode db}, kept so code written against earlier versions still runs;
 * new code writes `db(-6)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(dbToGain, db);
 * ```
 */
export const dbToGain: (db: Decibels) => Gain = db;

/**
 * Converts linear gain to decibels: `20 · log10(|gain|)`, the inverse of {@linkcode db} (the
 * one gain → dB conversion: meters, the render summary, the REPL's replies).
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
