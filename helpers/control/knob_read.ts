/**
 * Reading the knob store on the audio path: the step functions every control source shares
 * (a one-pole glide toward a knob's value, a plain read) and `knobRead`, the declared helper
 * that reads one slot; `knob(name, …)` defines the knob and builds it.
 *
 * The store's values (`knobValues()`, one Float64Array for the life of the process) reach the
 * step functions through the module-level binding {@linkcode KNOB_VALUES}, never a closure, so
 * a step is a plain function of numbers and the pool and allocates nothing.
 * @module
 */

import type { Param, Signal } from "../../runtime/signal.ts";
import type { HelperOptions } from "../node.ts";
import { knobValues, MAX_KNOBS } from "../../runtime/knobs.ts";
import { declareHelper } from "../declare_helper.ts";

/** The knob store's values, by slot (the same array for the life of the process). */
export const KNOB_VALUES: Float64Array = knobValues();

/** Glide time constant of a knob when none is given, in seconds (63% of a move in 20 ms). */
export const DEFAULT_KNOB_GLIDE = 0.02;

/** Header slots: the glide parameter, the glide the coefficient was made for, the coefficient. */
const GLIDE = 0;
const GLIDE_FOR = 1;
const COEF = 2;
/** Header slot: the output so far (the glide's state). */
const Y = 3;
const HEADER = 4;

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

/** Options for {@linkcode knobRead}. */
export interface KnobReadOptions extends HelperOptions {
  /**
   * Glide time constant in seconds (number or signal): 63% of a move after this long; 0: none.
   * @default {0.02}
   */
  glide?: Param;
}

/**
 * Reads slot `slot` of the knob store, gliding to each new value through a one-pole with time
 * constant `glide` (so the 128 steps of a MIDI CC do not zipper). A fresh helper starts at the
 * knob's value; a reload keeps the glide where it was. Use {@linkcode knob} to name a knob:
 * this is what it builds once it has the slot.
 *
 * Formula: `a = 1 − e^(−1/(glide·sr))`, `y[n] = y[n−1] + (value[n] − y[n−1])·a`.
 *
 * @param slot The knob's slot (from `defineKnob`), a whole number 0..1023.
 * @param options `glide` in seconds (default 0.02), `key`.
 * @returns A mono signal in the knob's units.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineKnob, renderSignal } from "@lel/lel";
 * import { knobRead } from "./knob_read.ts";
 * const slot = defineKnob("doc.read", { default: 3 });
 * const [y] = renderSignal(knobRead(slot, { glide: 0 }), 2);
 * assert.equal(y[1], 3);
 * ```
 */
export const knobRead: (slot: number, options?: KnobReadOptions) => Signal = declareHelper({
  name: "knobRead",
  summary: "Reads a knob store slot, gliding (what `knob NAME` builds)",
  params: [{
    name: "glide",
    unit: "s",
    doc: "glide time constant in seconds (63% of a move); 0: none",
    default: DEFAULT_KNOB_GLIDE,
    option: true,
    range: [0.001, 0.05],
  }],
  consts: [{
    name: "slot",
    unit: "number",
    doc: "the knob's slot in the store",
    check: (v) =>
      Number.isInteger(v) && v >= 0 && v < MAX_KNOBS
        ? undefined
        : `must be a whole number 0..${MAX_KNOBS - 1}`,
  }],
  slots: ["glideFor", "coef", "y"],
  initial: { glideFor: NaN },
  init: (c) => {
    c.mem[c.slot("y")] = KNOB_VALUES[c.value("slot")];
  },
  step: {
    setup: [{ fn: knobGlideCoef, args: ["mem", "@glideFor", "glide", "sr"], out: "a" }],
    output: { fn: knobGlideTick, args: ["mem", "@y", "slot", "a"] },
  },
});

/** The knobRead slot layout (for tests). */
export const KNOB_READ_SLOTS = { GLIDE, GLIDE_FOR, COEF, Y, HEADER } as const;
