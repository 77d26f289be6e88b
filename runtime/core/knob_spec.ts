/**
 * What a knob is: its name rules, its spec (default, range, curve, MIDI CC) and how a 0..1
 * position maps onto its range. The store that holds knobs is `knobs.ts`.
 * @module
 */

/** How 0..1 maps onto a knob's range: `linear`, or `exp` (equal ratios, for frequencies). */
export type KnobCurve = "linear" | "exp";

/** A MIDI control change that moves a knob. */
export interface KnobCc {
  /** MIDI channel 1..16 as printed on controllers. @default {any channel} */
  channel?: number;
  /** Controller number 0..127 (e.g. 74, "brightness", on many controllers). */
  number: number;
}

/** What a knob is; every field is optional. */
export interface KnobSpec {
  /** Value before anyone sets it, in the knob's units. @default {0 clamped to min..max} */
  default?: number;
  /** Lowest value (setting clamps). @default {-Infinity} */
  min?: number;
  /** Highest value (setting clamps). @default {Infinity} */
  max?: number;
  /** Mapping of 0..1 (OSC `/norm`, MIDI CC) onto min..max. @default {"linear"} */
  curve?: KnobCurve;
  /** The MIDI control change that moves it. @default {none} */
  cc?: KnobCc;
}

/** The longest knob name, in characters. */
export const MAX_KNOB_NAME_LENGTH = 64;

const NAME = /^[A-Za-z_][\w.-]*$/;

/** A spec with every field filled in (what the store keeps). */
export interface ResolvedKnobSpec {
  default: number;
  min: number;
  max: number;
  curve: KnobCurve;
  cc: { channel: number | undefined; number: number } | undefined;
}

/**
 * Whether `name` can name a knob: a letter or `_`, then letters, digits, `_`, `.` or `-`, at
 * most {@linkcode MAX_KNOB_NAME_LENGTH} characters.
 *
 * @param name A candidate name.
 * @returns True when valid.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(isKnobName("filter.cutoff-2"), true);
 * assert.equal(isKnobName("2nd"), false);
 * ```
 */
export function isKnobName(name: string): boolean {
  return name.length <= MAX_KNOB_NAME_LENGTH && NAME.test(name);
}

/**
 * Maps 0..1 onto a range: `linear` is `min + x·(max − min)`, `exp` is `min·(max/min)^x`
 * (equal steps of x give equal frequency ratios, as a filter's cutoff is heard).
 *
 * @param curve The mapping.
 * @param min Value at 0 (`exp`: > 0).
 * @param max Value at 1.
 * @param x Position 0..1, clamped.
 * @returns The value in the knob's units.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(curveValue("linear", 0, 10, 0.25), 2.5);
 * assert.ok(Math.abs(curveValue("exp", 20, 20000, 0.5) - 632.4555) < 1e-4);
 * ```
 */
export function curveValue(curve: KnobCurve, min: number, max: number, x: number): number {
  const t = x <= 0 ? 0 : x >= 1 ? 1 : x;
  if (t === 0) return min;
  if (t === 1) return max;
  return curve === "exp" ? min * Math.pow(max / min, t) : min + t * (max - min);
}

/**
 * Throws unless `name` can name a knob.
 *
 * @param verb What was being done, for the message (`set`, `define`).
 * @param name The name.
 * @throws {RangeError} Saying what a knob name is.
 */
export function checkKnobName(verb: string, name: string): void {
  if (typeof name !== "string" || !isKnobName(name)) {
    throw new RangeError(
      `Cannot ${verb} knob '${String(name)}': a knob name is a letter or '_', then letters, ` +
        `digits, '_', '.' or '-', at most ${MAX_KNOB_NAME_LENGTH} characters`,
    );
  }
}

/**
 * Checks a spec and fills in its defaults.
 *
 * @param name The knob's name, for messages.
 * @param spec As given.
 * @returns Every field filled in.
 * @throws {RangeError} For a range, curve, default or CC that cannot be.
 */
export function resolveKnobSpec(name: string, spec: KnobSpec): ResolvedKnobSpec {
  const fail = (what: string) => new RangeError(`Cannot define knob '${name}': ${what}`);
  const min = spec.min ?? -Infinity;
  const max = spec.max ?? Infinity;
  const curve = spec.curve ?? "linear";
  if (Number.isNaN(min) || Number.isNaN(max) || !(min < max)) {
    throw fail(`min must be less than max, got min ${min} and max ${max}`);
  }
  if (curve !== "linear" && curve !== "exp") {
    throw fail(`curve must be 'linear' or 'exp', got '${String(curve)}'`);
  }
  if (curve === "exp" && !(min > 0 && Number.isFinite(max))) {
    throw fail(
      `curve 'exp' (min·(max/min)^x) needs 0 < min < max, both finite, got min ${min} and max ${max}`,
    );
  }
  const def = spec.default ?? Math.min(max, Math.max(min, 0));
  if (!Number.isFinite(def) || def < min || def > max) {
    throw fail(`default must be a number within ${min}..${max}, got ${def}`);
  }
  let cc: ResolvedKnobSpec["cc"];
  if (spec.cc !== undefined) {
    const { channel, number } = spec.cc;
    if (!Number.isInteger(number) || number < 0 || number > 127) {
      throw fail(`cc number must be a whole number in 0..127, got ${number}`);
    }
    if (channel !== undefined && (!Number.isInteger(channel) || channel < 1 || channel > 16)) {
      throw fail(
        `cc channel must be a whole number in 1..16 (or left out for any), got ${channel}`,
      );
    }
    cc = { channel, number };
  }
  return { default: def, min, max, curve, cc };
}

/**
 * Whether two resolved specs are the same.
 *
 * @param a One spec.
 * @param b Another.
 * @returns True when every field is equal.
 */
export function sameKnobSpec(a: ResolvedKnobSpec, b: ResolvedKnobSpec): boolean {
  return a.default === b.default && a.min === b.min && a.max === b.max && a.curve === b.curve &&
    a.cc?.channel === b.cc?.channel && a.cc?.number === b.cc?.number;
}

/**
 * A value clamped to a spec's range.
 *
 * @param value In the knob's units.
 * @param spec The range.
 * @returns `value` within min..max.
 */
export function clampToKnob(value: number, spec: ResolvedKnobSpec): number {
  return value < spec.min ? spec.min : value > spec.max ? spec.max : value;
}
