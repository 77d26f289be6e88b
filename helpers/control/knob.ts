/**
 * `knob(name, default, options)`: a named control value as a signal. Building it defines the
 * knob in the store (`runtime/core/knobs.ts`), which the REPL's `.set`, `deno task send`, OSC and
 * MIDI set by name; the signal reads the knob's slot every frame and glides to each new value.
 * In the DSL: `knob cutoff 800 min:20 max:20000 curve:exp cc:74`.
 * @module
 */

import type { Param, Signal } from "../../runtime/core/signal.ts";
import type { HelperOptions } from "../../runtime/core/node.ts";
import type { KnobCc, KnobCurve, KnobSpec } from "../../runtime/core/knob_spec.ts";
import { defineKnob } from "../../runtime/core/knobs.ts";
import { declareHelper } from "../declare_helper.ts";
import { DEFAULT_KNOB_GLIDE, KNOB_VALUES, knobGlideCoef, knobGlideTick } from "./knob_glide.ts";

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
   * The MIDI control change that moves it: a controller number 0..127 (on `channel`, or any
   * channel), or `{ channel, number }`. A knob with a `cc` needs a finite range.
   * @default {none}
   */
  cc?: number | KnobCc;
  /** The MIDI channel 1..16 of a numeric `cc`. @default {any channel} */
  channel?: number;
  /**
   * Glide time constant in seconds (number or signal): a new value is 63% reached after this
   * long, 95% after three times it; 0 steps at once.
   * @default {0.02}
   */
  glide?: Param;
}

/**
 * The store spec of a knob, with the CC's range rule applied: a knob with a `cc` spreads the
 * controller's 0..127 over min..max, so with neither it is 0..1, and with only one of them
 * (or an infinite one) it is an error.
 *
 * @param name The knob's name, for messages.
 * @param defaultValue Value before anyone sets it, or `undefined` (0 clamped into the range).
 * @param options Range, curve, and the CC as a controller number and a channel.
 * @returns The spec for `defineKnob`.
 * @throws {TypeError} For a default that is not a number.
 * @throws {RangeError} For a knob with a `cc` and only one of min and max, or an infinite one.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const spec = knobSpecOf("mix", 0.5, { cc: 1 });
 * assert.deepEqual([spec.min, spec.max, spec.cc], [0, 1, { number: 1 }]);
 * ```
 */
export function knobSpecOf(
  name: string,
  defaultValue: number | undefined,
  options: {
    min?: number;
    max?: number;
    curve?: string;
    cc?: number;
    channel?: number;
  },
): KnobSpec {
  if (defaultValue !== undefined && typeof defaultValue !== "number") {
    throw new TypeError(
      `Cannot define knob '${name}': the default must be a number, got ${describe(defaultValue)}`,
    );
  }
  let { min, max } = options;
  const { cc, channel } = options;
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
  } else if (channel !== undefined) {
    throw new RangeError(
      `Cannot define knob '${name}': channel ${channel} is the MIDI channel of a cc; give the cc too`,
    );
  }
  return {
    default: defaultValue,
    min,
    max,
    curve: options.curve as KnobCurve | undefined,
    cc: cc === undefined
      ? undefined
      : channel === undefined
      ? { number: cc }
      : { channel, number: cc },
  };
}

function describe(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  if (typeof value === "function") return "a function";
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
}

/** Checks a const is a whole number in lo..hi. */
function whole(lo: number, hi: number): (v: number) => string | undefined {
  return (v) =>
    Number.isInteger(v) && v >= lo && v <= hi ? undefined : `must be a whole number ${lo}..${hi}`;
}

/** The declared helper: a name in, the knob's slot made by `prepare`, a glided read out. */
const knobHelper = declareHelper({
  name: "knob",
  summary: "A named control value, set from the REPL, OSC or a MIDI CC, gliding",
  texts: [
    {
      name: "name",
      unit: "name",
      doc: "the knob's name: a letter or '_', then letters, digits, '_', '.' or '-'",
      example: "cutoff",
    },
    {
      name: "curve",
      unit: "name",
      doc: "how a CC's 0..127 maps onto min..max: linear, or exp (equal ratios)",
      optional: true,
      option: true,
      example: "linear",
    },
  ],
  params: [{
    name: "glide",
    unit: "s",
    doc: "glide time constant in seconds (63% of a move); 0: none",
    default: DEFAULT_KNOB_GLIDE,
    option: true,
    range: [0.001, 0.05],
  }],
  consts: [
    {
      name: "default",
      unit: "number",
      doc: "value before anyone sets it (0 clamped into min..max when left out)",
      optional: true,
      range: [0, 1],
    },
    {
      name: "min",
      unit: "number",
      doc: "lowest value (setting clamps)",
      optional: true,
      option: true,
      range: [-1, 0],
    },
    {
      name: "max",
      unit: "number",
      doc: "highest value (setting clamps)",
      optional: true,
      option: true,
      range: [1, 2],
    },
    {
      name: "cc",
      unit: "number",
      doc: "the MIDI controller 0..127 that moves it (needs a finite range; 0..1 if none)",
      optional: true,
      option: true,
      range: [74, 74],
      check: whole(0, 127),
    },
    {
      name: "channel",
      unit: "number",
      doc: "the cc's MIDI channel 1..16 (any when left out)",
      optional: true,
      option: true,
      range: [1, 1],
      check: whole(1, 16),
    },
    { name: "slot", unit: "number", doc: "the knob's slot in the store", hidden: true },
  ],
  order: ["name", "default"],
  dslOrder: ["name", "default", "min", "max", "curve", "cc", "channel", "glide"],
  prepare: (texts, c) => {
    const name = texts.name!;
    const spec = knobSpecOf(name, c.value("default"), {
      min: c.value("min"),
      max: c.value("max"),
      curve: texts.curve,
      cc: c.value("cc"),
      channel: c.value("channel"),
    });
    return { slot: defineKnob(name, spec) };
  },
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
 * @param options `min`, `max`, `curve`, `cc` (and `channel`), `glide` in seconds (default
 *   0.02), `key`.
 * @returns A mono signal in the knob's units, usable as any parameter.
 * @throws {RangeError} For a bad name or spec (see `defineKnob`), or a `cc` without a finite
 *   range.
 * @throws {TypeError} For a default, min, max or channel that is not a number, or a `cc` that
 *   is neither a number nor `{ channel?, number }`.
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
  // Checked before the declared helper's `prepare` defines anything in the store.
  const numbers: [string, unknown][] = [
    ["the default", defaultValue],
    ["min", options.min],
    ["max", options.max],
    ["channel", options.channel],
  ];
  for (const [what, v] of numbers) {
    if (v !== undefined && typeof v !== "number") {
      throw new TypeError(
        `Cannot define knob '${name}': ${what} must be a number, got ${describe(v)}`,
      );
    }
  }
  const { cc, ...rest } = options;
  if (cc === undefined || typeof cc === "number") return knobHelper(name, defaultValue, options);
  if (typeof cc !== "object" || cc === null || typeof cc.number !== "number") {
    throw new TypeError(
      `Cannot define knob '${name}': cc must be a controller number or { channel, number }, got ${
        describe(cc)
      }`,
    );
  }
  return knobHelper(name, defaultValue, {
    ...rest,
    cc: cc.number,
    channel: cc.channel ?? rest.channel,
  });
}
