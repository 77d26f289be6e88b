/**
 * Level: linear gain, gain in decibels, and a dB → linear conversion for numbers.
 * @module
 */

import type { Param, Signal } from "../../runtime/core/signal.ts";
import type { HelperOptions } from "../../runtime/core/node.ts";
import type { HelperDefinition } from "../helper_definition.ts";
import { declareHelper } from "../declare_helper.ts";
import { db } from "../units.ts";
import type { Decibels } from "../units.ts";

/** Header slots: the parameter, then (gainDb only) the dB value converted and its gain. */
const AMOUNT = 0;
const DB_FOR = 1;
const LIN = 2;

/** Loudest `gainDb`: +60 dB (×1000); more is almost surely a typo. */
const MAX_DB = 60;

/**
 * A linear gain made safe: NaN and ±Infinity give 0 (silence).
 *
 * @param amount Linear gain.
 * @returns `amount` when finite, else 0.
 */
export function safeGain(amount: number): number {
  return amount - amount === 0 ? amount : 0;
}

/**
 * The linear gain for a level in dB, `10^(level/20)`, recomputed only when the level moved.
 * Clamped to at most +60 dB; NaN and −Infinity give 0.
 *
 * @param mem Pool memory.
 * @param b Block base.
 * @param level Level in dB.
 * @returns The linear gain.
 */
export function dbCoef(mem: Float64Array, b: number, level: number): number {
  const d = level >= MAX_DB ? MAX_DB : level === level ? level : -Infinity;
  if (d === mem[b + DB_FOR]) return mem[b + LIN];
  const g = db(d);
  mem[b + DB_FOR] = d;
  mem[b + LIN] = g;
  return g;
}

/**
 * One channel scaled by this frame's gain.
 *
 * @param x Input sample.
 * @param g Linear gain.
 * @returns `g · x`.
 */
export function scaleBy(x: number, g: number): number {
  return g * x;
}

function level(decibels: boolean): HelperDefinition {
  return decibels
    ? {
      name: "gainDb",
      summary: "Gain in decibels (0 dB unchanged, −6 dB ≈ half), at most +60 dB",
      input: "audio",
      params: [{
        name: "db",
        unit: "dB",
        doc: "level in dB, at most +60",
        range: [-30, 6],
        label: "dB",
      }],
      slots: ["dbFor", "lin"],
      initial: { dbFor: NaN },
      step: {
        setup: [{ fn: dbCoef, args: ["mem", "b", "db"], out: "g" }],
        channel: { fn: scaleBy, args: ["x", "g"] },
      },
    }
    : {
      name: "gain",
      summary: "Linear gain (1 unchanged, 0.5 ≈ −6 dB; dB values converted)",
      input: "audio",
      params: [{
        name: "amount",
        unit: "gain",
        doc: "linear gain; NaN or ±Infinity give silence",
        range: [0, 1.5],
      }],
      step: {
        setup: [{ fn: safeGain, args: ["amount"], out: "g" }],
        channel: { fn: scaleBy, args: ["x", "g"] },
      },
    };
}

/**
 * Multiplies a signal by a linear gain (1 = unchanged, 0.5 ≈ −6 dB, negative inverts). A
 * changed constant glides on reload, so turning a voice down does not click. Stride-agnostic.
 *
 * @param input Signal (or number), any channel count.
 * @param amount Linear gain (number or signal); NaN or ±Infinity give silence.
 * @param options `key` to pin identity.
 * @returns `amount · input`, same channel count as `input`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gain, renderSignal } from "@lel/lel";
 * const [y] = renderSignal(gain(0.8, 0.5), 4);
 * assert.equal(y[3], 0.4);
 * ```
 */
export const gain: (input: Param, amount: Param, options?: HelperOptions) => Signal = declareHelper(
  level(false),
);

/**
 * Multiplies a signal by a gain given in decibels, `10^(db/20)` (0 dB unchanged, −6 dB ≈ 0.5,
 * +6 dB ≈ 2). The conversion runs only when the level changes. Stride-agnostic.
 *
 * @param input Signal (or number), any channel count.
 * @param db Level in dB (number or signal), at most +60; NaN gives silence.
 * @param options `key` to pin identity.
 * @returns The scaled signal, same channel count as `input`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gainDb, renderSignal } from "@lel/lel";
 * const [y] = renderSignal(gainDb(1, -6), 4);
 * assert.ok(Math.abs(y[3] - 0.501187) < 1e-6);
 * ```
 */
export const gainDb: (input: Param, db: Decibels | Signal, options?: HelperOptions) => Signal =
  declareHelper(level(true));

/** The gain slot layout (for tests and the chain compiler). */
export const GAIN_SLOTS = { AMOUNT, DB_FOR, LIN } as const;
