/**
 * `knob(name, default, options)`: a named control value as a signal. Building it defines the
 * knob in the store (`runtime/knobs.ts`), which the REPL's `.set`, `deno task send`, OSC and
 * MIDI set by name; the signal reads the knob's slot every frame and glides to each new value.
 * @module
 */

import type { Param, Signal } from "../../runtime/signal.ts";
import type { HelperOptions } from "../node.ts";
import type { KnobCc, KnobCurve, KnobSpec } from "../../runtime/knob_spec.ts";
import { defineKnob } from "../../runtime/knobs.ts";
import { knobRead } from "./knob_read.ts";

/** Options for {@linkcode knob}; every field is optional. */
export interface KnobOptions extends HelperOptions {
  /**
   * Lowest value, in the knob's units (setting clamps).
   * @default {-Infinity, or 0 for a knob with a `cc` and no max}
   */
  min?: number;
  /**
   * Highest value, in the knob's units (setting clamps).
   * @default {Infinity, or 1 for a knob with a `cc` and no min}
   */
  max?: number;
  /**
   * How a 0..1 position (a MIDI CC's value / 127, OSC `/norm`) maps onto min..max: `linear`,
   * or `exp` for equal ratios (frequencies; needs 0 < min < max).
   * @default {"linear"}
   */
  curve?: KnobCurve;
  /**
   * The MIDI control change that moves it: a controller number 0..127 on any channel, or
   * `{ channel, number }` with a channel 1..16. A knob with a `cc` needs a finite range.
   * @default {none}
   */
  cc?: number | KnobCc;
  /**
   * Glide time constant in seconds (number or signal): a new value is 63% reached after this
   * long, 95% after three times it; 0 steps at once.
   * @default {0.02}
   */
  glide?: Param;
}

/**
 * The store spec of `knob(name, defaultValue, options)`, with the CC's range rule applied.
 *
 * @param name The knob's name, for messages.
 * @param defaultValue Value before anyone sets it, or `undefined` (0 clamped into the range).
 * @param options Range, curve and CC.
 * @returns The spec for `defineKnob`.
 * @throws {TypeError} For a default that is not a number, or a `cc` that is neither a number
 *   nor `{ channel?, number }`.
 * @throws {RangeError} For a knob with a `cc` and only one of min and max, or an infinite one.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(knobSpecOf("mix", 0.5, { cc: 1 }), {
 *   default: 0.5,
 *   min: 0,
 *   max: 1,
 *   curve: undefined,
 *   cc: { number: 1 },
 * });
 * ```
 */
export function knobSpecOf(
  name: string,
  defaultValue: number | undefined,
  options: KnobOptions,
): KnobSpec {
  if (defaultValue !== undefined && typeof defaultValue !== "number") {
    throw new TypeError(
      `Cannot define knob '${name}': the default must be a number, got ${describe(defaultValue)}`,
    );
  }
  const cc = ccOf(name, options.cc);
  let { min, max } = options;
  if (cc !== undefined) {
    if (min === undefined && max === undefined) {
      min = 0;
      max = 1;
    } else if (!Number.isFinite(min) || !Number.isFinite(max)) {
      throw new RangeError(
        `Cannot define knob '${name}': a knob with a cc spreads the controller's 0..127 over ` +
          `min..max, so it needs a finite range; give both min and max (or neither, for 0..1), ` +
          `got min ${min} and max ${max}`,
      );
    }
  }
  return { default: defaultValue, min, max, curve: options.curve, cc };
}

function ccOf(name: string, cc: number | KnobCc | undefined): KnobCc | undefined {
  if (cc === undefined || typeof cc === "number") return cc === undefined ? cc : { number: cc };
  if (typeof cc === "object" && cc !== null && typeof cc.number === "number") {
    return cc.channel === undefined ? { number: cc.number } : cc;
  }
  throw new TypeError(
    `Cannot define knob '${name}': cc must be a controller number or { channel, number }, got ${
      describe(cc)
    }`,
  );
}

function describe(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  if (typeof value === "function") return "a function";
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
}

/**
 * A named control value: defines knob `name` in the store (or finds it, with the value it has
 * now) and returns a signal that reads it every frame, gliding to each new value with time
 * constant `glide`. Set it from the REPL (`.set cutoff 1200`), `deno task send`, OSC
 * (`/lel/knob/cutoff 1200`) or a MIDI CC (`cc: 74`). Every signal that builds `knob` with
 * the same name reads the same value; the value survives reloads (the store keeps it) and so
 * does the glide (its state is in the helper's block: a reload does not glide again).
 *
 * Ranges: setting clamps to min..max. A knob with a `cc` needs a finite range, because the
 * controller's 0..127 is spread over it (through `curve`): with neither min nor max it is
 * 0..1; with only one of them it is an error. Editing a knob's spec in a session updates it
 * (a value set from outside is kept, clamped to the new range; one never set follows the new
 * default, gliding). Caveat: the spec is applied when the session builds, before its commit,
 * so a save that fails later still leaves the knob's new range and default in the store.
 * Identity: the glide state is numbered among the knobs of its signal, like any helper; give
 * `key` to keep it when reordering.
 *
 * Formula: `a = 1 − e^(−1/(glide·sr))`, `y[n] = y[n−1] + (value[n] − y[n−1])·a`; a fresh
 * helper starts at the value.
 *
 * @param name Knob name: a letter or `_`, then letters, digits, `_`, `.` or `-`.
 * @param defaultValue Value before anyone sets it, in the knob's units.
 *   @default {0 clamped into min..max}
 * @param options `min`, `max`, `curve`, `cc`, `glide` in seconds (default 0.02), `key`.
 * @returns A mono signal in the knob's units, usable as any parameter.
 * @throws {RangeError} For a bad name or spec (see `defineKnob`), or a `cc` without a finite
 *   range.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { knob, renderSignal, setKnob } from "@lel/lel";
 * setKnob("doc.level", 0.25);
 * const [y] = renderSignal(knob("doc.level", 0.5, { min: 0, max: 1 }), 2);
 * assert.equal(y[1], 0.25); // set from outside before the session defined it
 * ```
 */
export function knob(name: string, defaultValue?: number, options: KnobOptions = {}): Signal {
  const slot = defineKnob(name, knobSpecOf(name, defaultValue, options));
  return knobRead(slot, { glide: options.glide, key: options.key });
}
