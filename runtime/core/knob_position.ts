/**
 * Setting a knob from a 0..1 position (a MIDI controller, an OSC fader) through its curve and
 * range, rather than in its own units.
 * @module
 */

import { checkKnobName, curveValue } from "./knob_spec.ts";
import { getKnob, setKnob } from "./knobs.ts";

/**
 * Sets a knob from a 0..1 position through its curve (see {@linkcode curveValue}).
 *
 * @param name A defined knob with a finite range.
 * @param x Position 0..1, clamped.
 * @returns The value now held, in the knob's units.
 * @throws {RangeError} As {@linkcode normalizedKnobValue}.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineKnob } from "@lel/lel";
 * defineKnob("doc.freq", { min: 100, max: 10000, curve: "exp" });
 * assert.ok(Math.abs(setKnobNormalized("doc.freq", 0.5) - 1000) < 1e-9);
 * ```
 */
export function setKnobNormalized(name: string, x: number): number {
  return setKnob(name, normalizedKnobValue(name, x));
}

/**
 * The value a 0..1 position gives a knob, without setting it.
 *
 * @param name A defined knob with a finite range.
 * @param x Position 0..1, clamped.
 * @returns The value in the knob's units.
 * @throws {RangeError} For an undefined knob, one without a finite min and max, or a position
 *   that is not a finite number.
 */
export function normalizedKnobValue(name: string, x: number): number {
  checkKnobName("set", name);
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new RangeError(
      `Cannot set knob '${name}' from 0..1: the position must be a finite number, got '${
        String(x)
      }'`,
    );
  }
  const knob = getKnob(name);
  if (knob === undefined || !knob.defined) {
    throw new RangeError(
      `Cannot set knob '${name}' from 0..1: no session defines it yet, so it has no range; ` +
        `define it or set it in its own units`,
    );
  }
  const { curve, min, max } = knob;
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    throw new RangeError(
      `Cannot set knob '${name}' from 0..1: it has no finite range (min ${min}, max ${max}); ` +
        `give it a min and a max`,
    );
  }
  return curveValue(curve, min, max, x);
}
