/**
 * Reading the knob store on the audio path: the step functions every control source shares,
 * a one-pole glide toward a knob's value and a plain read.
 *
 * The store's values (`knobValues()`, one Float64Array for the life of the process) reach the
 * step functions through the module-level binding {@linkcode KNOB_VALUES}, never a closure, so
 * a step is a plain function of numbers and the pool and allocates nothing.
 * @module
 */

import { knobValues } from "../../runtime/core/knobs.ts";

/** The knob store's values, by slot (the same array for the life of the process). */
export const KNOB_VALUES: Float64Array = knobValues();

/** Glide time constant of a knob when none is given, in seconds (63% of a move in 20 ms). */
export const DEFAULT_KNOB_GLIDE = 0.02;

/**
 * The glide's per-sample coefficient `a = 1 − e^(−1/(τ·sr))`, recomputed only when `τ` moved:
 * a one-pole that covers 1 − 1/e (63.2%) of a step in `τ` seconds, 95% in 3τ, 99.3% in 5τ.
 * `τ` ≤ 0 or NaN gives 1 (no glide: the value at once).
 *
 * @param mem Pool memory.
 * @param i Index of the pair (τ it was made for, coefficient).
 * @param tauSeconds Time constant in seconds.
 * @param sr Sample rate in Hz.
 * @returns The coefficient, in (0, 1].
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const mem = Float64Array.of(NaN, 0);
 * const a = knobGlideCoef(mem, 0, 0.02, 48000);
 * assert.ok(Math.abs(Math.pow(1 - a, 960) - Math.exp(-1)) < 1e-12); // 1/e left after 20 ms
 * assert.equal(knobGlideCoef(mem, 0, 0, 48000), 1);
 * ```
 */
export function knobGlideCoef(
  mem: Float64Array,
  i: number,
  tauSeconds: number,
  sr: number,
): number {
  const tau = tauSeconds > 0 ? tauSeconds : 0;
  if (tau === mem[i]) return mem[i + 1];
  const a = tau > 0 ? 1 - Math.exp(-1 / (tau * sr)) : 1;
  mem[i] = tau;
  mem[i + 1] = a;
  return a;
}

/**
 * One sample of the glide toward knob `slot`: `y += (value − y)·a`, or exactly the value when
 * `a` is 1.
 *
 * @param mem Pool memory.
 * @param i Index of the output `y`.
 * @param slot The knob's slot.
 * @param a Coefficient from {@linkcode knobGlideCoef}.
 * @returns The glided value, in the knob's units.
 */
export function knobGlideTick(mem: Float64Array, i: number, slot: number, a: number): number {
  const target = KNOB_VALUES[slot];
  const y = a >= 1 ? target : mem[i] + (target - mem[i]) * a;
  mem[i] = y;
  return y;
}

/**
 * Knob `slot`'s value now, without a glide.
 *
 * @param slot The knob's slot.
 * @returns The value, in the knob's units.
 */
export function knobRaw(slot: number): number {
  return KNOB_VALUES[slot];
}
