/**
 * EQ bands: a peaking (bell) band and low and high shelves, on the trapezoidal state-variable
 * filter (the core `lpf` and friends use), mixed from its outputs. Each band has the response
 * of the matching RBJ cookbook filter (the same analog prototype through the bilinear
 * transform, prewarped at the band's frequency), and stays smooth when swept.
 *
 * References: A. Simper (Cytomic), "Linear Trapezoidal Integrated State Variable Filter"
 * (SvfLinearTrapOptimised2.pdf, 2013: the bell and shelf mixes); R. Bristow-Johnson, "Audio EQ
 * Cookbook" (W3C Note 2021: the prototypes and their gains).
 * @module
 */

import type { Param, Signal } from "../../runtime/core/signal.ts";
import type { HelperOptions } from "../../runtime/core/node.ts";
import type { HelperDefinition, StepFunction } from "../helper_definition.ts";
import { declareHelper } from "../declare_helper.ts";

/** Header: freq, gain, q, the values the coefficients were made for, the coefficients. */
const FREQ_FOR = 3;
const GAIN_FOR = 4;
const Q_FOR = 5;
const A1 = 6;
const A2 = 7;
const A3 = 8;
const M0 = 9;
const M1 = 10;
const M2 = 11;
/** Per channel: the two integrator states. */
const IC1EQ = 0;
const IC2EQ = 1;

/** Lowest band frequency: below it a band would hold its state for seconds. */
const MIN_FREQ = 10;
/** Largest |gain| in dB. */
const MAX_GAIN = 40;
/** The shelves' default Q: just under 1/√2, the steepest slope without overshoot. */
const SHELF_Q = 0.707;

/**
 * Whether the band's coefficients are stale (a parameter moved since they were made); if so,
 * records the new values.
 *
 * @param mem Pool memory.
 * @param b Block base.
 * @param freq Band frequency in Hz.
 * @param gain Gain in dB.
 * @param q Quality factor.
 * @returns True when the caller must recompute.
 */
export function eqStale(
  mem: Float64Array,
  b: number,
  freq: number,
  gain: number,
  q: number,
): boolean {
  if (freq === mem[b + FREQ_FOR] && gain === mem[b + GAIN_FOR] && q === mem[b + Q_FOR]) {
    return false;
  }
  mem[b + FREQ_FOR] = freq;
  mem[b + GAIN_FOR] = gain;
  mem[b + Q_FOR] = q;
  return true;
}

// The coefficient functions below write every clamp and store out, with no call after the
// staleness check: a call on that path (rare while the parameters hold still) would not be
// inlined once they are modulated, and would box what it returns.

/**
 * The bell's coefficients (Simper): `g = tan(π·f/sr)`, `k = 1/(Q·A)`, `m0 = 1`,
 * `m1 = k(A² − 1)`, `m2 = 0`, with `A = 10^(gain/40)` and the SVF's `a1 = 1/(1 + g(g + k))`,
 * `a2 = g·a1`, `a3 = g·a2`. Frequency clamped to 10 Hz..0.49·sr (NaN → 10 Hz), gain to ±40 dB
 * (NaN → 0), Q to 0.1..40 (NaN → 0.707). Recomputed only when a parameter moved.
 *
 * @param mem Pool memory.
 * @param b Block base.
 * @param freq Centre frequency in Hz.
 * @param gain Gain at the centre in dB.
 * @param q Quality factor.
 * @param sr Sample rate in Hz.
 */
export function eqPeakCoefs(
  mem: Float64Array,
  b: number,
  freq: number,
  gain: number,
  q: number,
  sr: number,
): void {
  if (!eqStale(mem, b, freq, gain, q)) return;
  const nyq = 0.49 * sr;
  const g = Math.tan(Math.PI * (freq > MIN_FREQ ? (freq < nyq ? freq : nyq) : MIN_FREQ) / sr);
  const a = Math.pow(
    10,
    (gain > -MAX_GAIN ? (gain < MAX_GAIN ? gain : MAX_GAIN) : gain === gain ? -MAX_GAIN : 0) / 40,
  );
  const k = 1 / ((q > 0.1 ? (q < 40 ? q : 40) : q === q ? 0.1 : SHELF_Q) * a);
  const a1 = 1 / (1 + g * (g + k));
  mem[b + A1] = a1;
  mem[b + A2] = g * a1;
  mem[b + A3] = g * g * a1;
  mem[b + M0] = 1;
  mem[b + M1] = k * (a * a - 1);
  mem[b + M2] = 0;
}

/**
 * The low shelf's coefficients (Simper): `g = tan(π·f/sr)/√A`, `k = 1/Q`, `m0 = 1`,
 * `m1 = k(A − 1)`, `m2 = A² − 1`; clamps and SVF coefficients as for
 * {@linkcode eqPeakCoefs}. Recomputed only when a parameter moved.
 *
 * @param mem Pool memory.
 * @param b Block base.
 * @param freq Shelf frequency in Hz (half the gain there).
 * @param gain Gain below the shelf in dB.
 * @param q Quality factor (0.707: no overshoot).
 * @param sr Sample rate in Hz.
 */
export function eqLowShelfCoefs(
  mem: Float64Array,
  b: number,
  freq: number,
  gain: number,
  q: number,
  sr: number,
): void {
  if (!eqStale(mem, b, freq, gain, q)) return;
  const nyq = 0.49 * sr;
  const w = Math.tan(Math.PI * (freq > MIN_FREQ ? (freq < nyq ? freq : nyq) : MIN_FREQ) / sr);
  const a = Math.pow(
    10,
    (gain > -MAX_GAIN ? (gain < MAX_GAIN ? gain : MAX_GAIN) : gain === gain ? -MAX_GAIN : 0) / 40,
  );
  const k = 1 / (q > 0.1 ? (q < 40 ? q : 40) : q === q ? 0.1 : SHELF_Q);
  const g = w / Math.sqrt(a);
  const a1 = 1 / (1 + g * (g + k));
  mem[b + A1] = a1;
  mem[b + A2] = g * a1;
  mem[b + A3] = g * g * a1;
  mem[b + M0] = 1;
  mem[b + M1] = k * (a - 1);
  mem[b + M2] = a * a - 1;
}

/**
 * The high shelf's coefficients (Simper): `g = tan(π·f/sr)·√A`, `k = 1/Q`, `m0 = A²`,
 * `m1 = k(1 − A)·A`, `m2 = 1 − A²`; clamps and SVF coefficients as for
 * {@linkcode eqPeakCoefs}. Recomputed only when a parameter moved.
 *
 * @param mem Pool memory.
 * @param b Block base.
 * @param freq Shelf frequency in Hz (half the gain there).
 * @param gain Gain above the shelf in dB.
 * @param q Quality factor (0.707: no overshoot).
 * @param sr Sample rate in Hz.
 */
export function eqHighShelfCoefs(
  mem: Float64Array,
  b: number,
  freq: number,
  gain: number,
  q: number,
  sr: number,
): void {
  if (!eqStale(mem, b, freq, gain, q)) return;
  const nyq = 0.49 * sr;
  const w = Math.tan(Math.PI * (freq > MIN_FREQ ? (freq < nyq ? freq : nyq) : MIN_FREQ) / sr);
  const a = Math.pow(
    10,
    (gain > -MAX_GAIN ? (gain < MAX_GAIN ? gain : MAX_GAIN) : gain === gain ? -MAX_GAIN : 0) / 40,
  );
  const k = 1 / (q > 0.1 ? (q < 40 ? q : 40) : q === q ? 0.1 : SHELF_Q);
  const g = w * Math.sqrt(a);
  const a1 = 1 / (1 + g * (g + k));
  mem[b + A1] = a1;
  mem[b + A2] = g * a1;
  mem[b + A3] = g * g * a1;
  mem[b + M0] = a * a;
  mem[b + M1] = k * (1 - a) * a;
  mem[b + M2] = 1 - a * a;
}

/**
 * One sample of an EQ band on the channel whose state is at `st`: the SVF core
 * (`v3 = x − ic2eq`, `v1 = a1·ic1eq + a2·v3`, `v2 = ic2eq + a2·ic1eq + a3·v3`, then
 * `ic1eq = 2v1 − ic1eq`, `ic2eq = 2v2 − ic2eq`) and the band's mix `m0·x + m1·v1 + m2·v2`.
 *
 * @param mem Pool memory.
 * @param b Block base (the coefficients).
 * @param st Index of the channel's `ic1eq`.
 * @param x Input sample.
 * @returns The equalised sample.
 */
export function eqTick(mem: Float64Array, b: number, st: number, x: number): number {
  const ic1 = mem[st + IC1EQ];
  const ic2 = mem[st + IC2EQ];
  const v3 = x - ic2;
  const v1 = mem[b + A1] * ic1 + mem[b + A2] * v3;
  const v2 = ic2 + mem[b + A2] * ic1 + mem[b + A3] * v3;
  mem[st + IC1EQ] = 2 * v1 - ic1;
  mem[st + IC2EQ] = 2 * v2 - ic2;
  return mem[b + M0] * x + mem[b + M1] * v1 + mem[b + M2] * v2;
}

/** An EQ band's factory: `(input, freq, gain = 0 dB, q, options)`. */
export type EqFactory = (
  input: Param,
  freq: Param,
  gain?: Param,
  q?: Param,
  options?: HelperOptions,
) => Signal;

function band(
  name: string,
  summary: string,
  coefs: StepFunction,
  freqDoc: string,
  gainDoc: string,
  q: number,
): HelperDefinition {
  return {
    name,
    summary,
    input: "audio",
    params: [
      { name: "freq", unit: "Hz", doc: freqDoc, range: [100, 8000] },
      { name: "gain", unit: "dB", doc: gainDoc, default: 0, range: [-12, 12] },
      {
        name: "q",
        unit: "number",
        doc: "quality factor, clamped to 0.1..40",
        default: q,
        range: [0.5, 4],
      },
    ],
    slots: ["freqFor", "gainFor", "qFor", "a1", "a2", "a3", "m0", "m1", "m2"],
    initial: { freqFor: NaN },
    perChannel: ["ic1eq", "ic2eq"],
    step: {
      setup: [{ fn: coefs, args: ["mem", "b", "freq", "gain", "q", "sr"] }],
      channel: { fn: eqTick, args: ["mem", "b", "st", "x"] },
    },
  };
}

/**
 * A peaking EQ band (bell): `gain` dB at `freq`, falling back to 0 dB either side, narrower
 * for a higher `q` (bandwidth ≈ freq/q). Stride-agnostic; 0 dB passes the input exactly.
 *
 * Response: the RBJ peaking filter, `H(s) = (s² + s·A/Q + 1)/(s² + s/(A·Q) + 1)`,
 * `A = 10^(gain/40)`, through the bilinear transform prewarped at `freq`; computed as the
 * Simper SVF with `k = 1/(Q·A)` and output `x + k(A² − 1)·v1`.
 *
 * @param input Signal (or number), any channel count.
 * @param freq Centre frequency in Hz (number or signal), clamped to 10 Hz..0.49·sample rate.
 * @param gain Gain at the centre in dB (number or signal), clamped to ±40, NaN → 0.
 *   @default {0}
 * @param q Quality factor (number or signal), clamped to 0.1..40. @default {1}
 * @param options `key` to pin identity.
 * @returns The equalised signal, same channel count as `input`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { peak, renderSignal } from "@lel/lel";
 * const [y] = renderSignal(peak(1, 1000, 6), 4800); // DC is far below the band: unchanged
 * assert.ok(Math.abs(y[4799] - 1) < 1e-9);
 * ```
 */
export const peak: EqFactory = declareHelper(band(
  "peak",
  "Peaking EQ band: gain dB at freq, width set by q (RBJ response, SVF form)",
  eqPeakCoefs,
  "centre frequency in Hz, clamped to 10 Hz..0.49·sample rate",
  "gain at the centre in dB, clamped to ±40",
  1,
));

/**
 * A low shelf: `gain` dB below `freq` (exactly at DC), half of it at `freq`, 0 dB above.
 * Stride-agnostic; 0 dB passes the input exactly. At q 0.707 the shelf has no overshoot.
 *
 * Response: the RBJ low shelf, `H(s) = A·(s² + (√A/Q)s + A)/(A·s² + (√A/Q)s + 1)`,
 * `A = 10^(gain/40)`, through the bilinear transform prewarped at `freq`; computed as the
 * Simper SVF with `g = tan(π·f/sr)/√A`, `k = 1/Q`, output `x + k(A − 1)·v1 + (A² − 1)·v2`.
 *
 * @param input Signal (or number), any channel count.
 * @param freq Shelf frequency in Hz (number or signal), clamped to 10 Hz..0.49·sample rate.
 * @param gain Gain below the shelf in dB (number or signal), clamped to ±40, NaN → 0.
 *   @default {0}
 * @param q Quality factor (number or signal), clamped to 0.1..40. @default {0.707}
 * @param options `key` to pin identity.
 * @returns The equalised signal, same channel count as `input`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lowshelf, renderSignal } from "@lel/lel";
 * const [y] = renderSignal(lowshelf(1, 200, 6), 48000); // DC gets the whole shelf
 * assert.ok(Math.abs(20 * Math.log10(y[47999]) - 6) < 1e-6);
 * ```
 */
export const lowshelf: EqFactory = declareHelper(band(
  "lowshelf",
  "Low shelf: gain dB below freq, half of it at freq (RBJ response, SVF form)",
  eqLowShelfCoefs,
  "shelf frequency in Hz, clamped to 10 Hz..0.49·sample rate",
  "gain below the shelf in dB, clamped to ±40",
  SHELF_Q,
));

/**
 * A high shelf: `gain` dB above `freq` (exactly at Nyquist), half of it at `freq`, 0 dB
 * below. Stride-agnostic; 0 dB passes the input exactly. At q 0.707 the shelf has no overshoot.
 *
 * Response: the RBJ high shelf, `H(s) = A·(A·s² + (√A/Q)s + 1)/(s² + (√A/Q)s + A)`,
 * `A = 10^(gain/40)`, through the bilinear transform prewarped at `freq`; computed as the
 * Simper SVF with `g = tan(π·f/sr)·√A`, `k = 1/Q`, output
 * `A²·x + k(1 − A)A·v1 + (1 − A²)·v2`.
 *
 * @param input Signal (or number), any channel count.
 * @param freq Shelf frequency in Hz (number or signal), clamped to 10 Hz..0.49·sample rate.
 * @param gain Gain above the shelf in dB (number or signal), clamped to ±40, NaN → 0.
 *   @default {0}
 * @param q Quality factor (number or signal), clamped to 0.1..40. @default {0.707}
 * @param options `key` to pin identity.
 * @returns The equalised signal, same channel count as `input`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { highshelf, renderSignal } from "@lel/lel";
 * const [y] = renderSignal(highshelf(1, 5000, 6), 48000); // DC is below the shelf
 * assert.ok(Math.abs(y[47999] - 1) < 1e-9);
 * ```
 */
export const highshelf: EqFactory = declareHelper(band(
  "highshelf",
  "High shelf: gain dB above freq, half of it at freq (RBJ response, SVF form)",
  eqHighShelfCoefs,
  "shelf frequency in Hz, clamped to 10 Hz..0.49·sample rate",
  "gain above the shelf in dB, clamped to ±40",
  SHELF_Q,
));
