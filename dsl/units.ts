/**
 * What the DSL knows about units, in one place: the suffixes a number may carry, what each
 * kind of parameter means and accepts, how a unit turns into the number the helper gets, how
 * messages name them, and which kind a declared helper's parameter unit implies.
 *
 * The lexer reads the suffixes, lowering checks and applies them, the registry labels
 * parameters with them and a definition's DSL signature takes its kinds from here.
 * @module
 */

import type { ParamUnit, TextUnit } from "../helpers/helper_definition.ts";
import { db } from "../helpers/units.ts";

/** Unit suffixes a number may carry (lower case; the lexer accepts any case). */
export type Unit = "hz" | "khz" | "ms" | "s" | "db" | "%" | "b" | "bar" | "bpm";

/** Every unit suffix, for messages. */
export const UNITS: readonly Unit[] = ["hz", "khz", "ms", "s", "db", "%", "b", "bar", "bpm"];

/**
 * What a parameter means, which decides the units it accepts:
 * - `frequency`: plain numbers, `hz`, `khz` and note names;
 * - `time`: plain numbers (seconds), `ms`, `s`;
 * - `gain`: plain numbers (linear), `db` (converted to linear), `%`;
 * - `decibels`: plain numbers and `db`, both kept in dB;
 * - `unitless`: plain numbers and `%`;
 * - `signal` and `any`: anything (units are applied, never refused);
 * - `string`: a string literal or a `${…}` of a string (a file name);
 * - `pattern`: a mini-notation string (checked when the template compiles: a mistake is
 *   located at its character), literal or `${…}`;
 * - `name`: a bare word or a string (`knob cutoff`).
 *
 * `time` also takes beats and bars (`0.75b`, `1bar`: seconds that follow the tempo), and
 * `frequency` takes them as "once per" (`0.25b`: four per beat, phase locked to the beat).
 */
export type ParamKind =
  | "signal"
  | "frequency"
  | "time"
  | "gain"
  | "decibels"
  | "unitless"
  | "any"
  | "string"
  | "pattern"
  | "name";

/** What each unit means, for messages, and how the lexer's list of units names it. */
const UNIT_INFO: Readonly<Record<Unit, { meaning: string; listed: string }>> = {
  hz: { meaning: "a frequency", listed: "hz" },
  khz: { meaning: "a frequency", listed: "khz" },
  ms: { meaning: "a time", listed: "ms" },
  s: { meaning: "a time", listed: "s" },
  db: { meaning: "a level in dB", listed: "db" },
  "%": { meaning: "a percentage", listed: "%" },
  b: { meaning: "a number of beats", listed: "b (beats)" },
  bar: { meaning: "a number of bars", listed: "bar" },
  bpm: { meaning: "a tempo", listed: "bpm" },
};

/** What a kind of parameter takes, how messages label it and how they say to write it. */
interface KindInfo {
  /** Unit suffixes it takes on a number (beats and bars are handled on their own). */
  readonly units: readonly Unit[];
  /** Whether it takes text (a string literal, a word) rather than a number. */
  readonly text: boolean;
  /** Whether it takes a note name (as its frequency). */
  readonly notes: boolean;
  /** The unit a signature shows after its name: `cutoff (Hz)`; "" for none. */
  readonly label: string;
  /** The end of a message refusing a value: what to write instead ("" when anything goes). */
  readonly writeAs: string;
}

const NUMBER_UNITS: readonly Unit[] = ["hz", "khz", "ms", "s", "db", "%"];

const KINDS: Readonly<Record<ParamKind, KindInfo>> = {
  signal: { units: NUMBER_UNITS, text: false, notes: true, label: "signal", writeAs: "" },
  frequency: {
    units: ["hz", "khz"],
    text: false,
    notes: true,
    label: "Hz",
    writeAs:
      "it is a frequency: write 800, 800hz, 2khz, a note like a4, or 0.25b (once per quarter beat)",
  },
  time: {
    units: ["ms", "s"],
    text: false,
    notes: false,
    label: "s",
    writeAs: "it is a time: write 0.25 (seconds), 250ms, 2s, 0.75b (beats) or 1bar",
  },
  gain: {
    units: ["db", "%"],
    text: false,
    notes: false,
    label: "linear or dB",
    writeAs: "it is a gain: write 0.5, -6db or 50%",
  },
  decibels: {
    units: ["db"],
    text: false,
    notes: false,
    label: "dB",
    writeAs: "it is a level in dB: write -6 or -6db",
  },
  unitless: {
    units: ["%"],
    text: false,
    notes: false,
    label: "",
    writeAs: "it is a plain number: write 0.5 or 50%",
  },
  any: { units: NUMBER_UNITS, text: false, notes: true, label: "", writeAs: "" },
  string: {
    units: [],
    text: true,
    notes: false,
    label: "string",
    writeAs: 'a string: write it in quotes, e.g. "kick.wav"',
  },
  pattern: {
    units: [],
    text: true,
    notes: false,
    label: "pattern",
    writeAs: 'a pattern: write it in quotes, e.g. "a1 ~ c2 e2"',
  },
  name: {
    units: [],
    text: true,
    notes: false,
    label: "name",
    writeAs: "a name: write a word, e.g. cutoff",
  },
};

/** Every parameter kind, for messages. */
export const PARAM_KINDS: readonly ParamKind[] = Object.keys(KINDS) as ParamKind[];

/**
 * The suffixes the lexer knows, as its message lists them.
 *
 * @returns `hz, khz, ms, s, db, %, b (beats), bar or bpm`.
 */
export function unitList(): string {
  const names = UNITS.map((u) => UNIT_INFO[u].listed);
  return `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

/**
 * What a unit means, for a message refusing it (`a frequency`, `a level in dB`).
 *
 * @param unit The suffix.
 * @returns Its meaning.
 */
export function unitMeaning(unit: Unit): string {
  return UNIT_INFO[unit].meaning;
}

/**
 * A number with a unit as the value a parameter of this kind receives: `2khz` → 2000,
 * `250ms` → 0.25, `50%` → 0.5, `-6db` → 0.501… (kept as -6 for a `decibels` parameter).
 *
 * @param value The number as written.
 * @param unit Its suffix, if any.
 * @param kind What the parameter means.
 * @returns The value, or undefined when the kind does not take the unit (beats, bars and
 *   tempos are never plain values).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(applyUnit(2, "khz", "frequency"), 2000);
 * assert.equal(applyUnit(250, "ms", "frequency"), undefined);
 * assert.equal(applyUnit(-6, "db", "decibels"), -6);
 * ```
 */
export function applyUnit(
  value: number,
  unit: Unit | undefined,
  kind: ParamKind,
): number | undefined {
  if (unit === undefined) return value;
  if (!KINDS[kind].units.includes(unit)) return undefined;
  switch (unit) {
    case "hz":
    case "s":
      return value;
    case "b":
    case "bar":
    case "bpm":
      return undefined;
    case "khz":
      return value * 1000;
    case "ms":
      return value / 1000;
    case "%":
      return value / 100;
    case "db":
      return kind === "decibels" ? value : db(value);
  }
}

/**
 * Whether a kind takes text (a string, a pattern, a name) rather than a number.
 *
 * @param kind The kind.
 * @returns True for `string`, `pattern` and `name`.
 */
export function takesText(kind: ParamKind): boolean {
  return KINDS[kind].text;
}

/**
 * Whether a kind takes a note name (as its frequency in Hz).
 *
 * @param kind The kind.
 * @returns True for `frequency`, `signal` and `any`.
 */
export function takesNote(kind: ParamKind): boolean {
  return KINDS[kind].notes;
}

/**
 * How a refusal says what to write for a kind (`it is a time: write 0.25 (seconds), …`).
 *
 * @param kind The kind.
 * @returns The advice, or "" for kinds that take anything.
 */
export function writeAs(kind: ParamKind): string {
  return KINDS[kind].writeAs;
}

/**
 * The unit a signature shows for a kind: `Hz` in `cutoff (Hz)`.
 *
 * @param kind The kind.
 * @returns The label, or "" for none.
 */
export function kindLabel(kind: ParamKind): string {
  return KINDS[kind].label;
}

const KIND_OF: Readonly<Record<ParamUnit | TextUnit, ParamKind>> = {
  pattern: "pattern",
  path: "string",
  name: "name",
  Hz: "frequency",
  s: "time",
  gain: "gain",
  dB: "decibels",
  "0..1": "unitless",
  "-1..1": "unitless",
  number: "unitless",
  beats: "time",
};

/**
 * The kind a declared helper's parameter unit implies in the DSL.
 *
 * @param unit The unit in its definition (`Hz`, `s`, `dB`, `0..1`, `pattern`, …).
 * @returns The kind.
 */
export function kindOfUnit(unit: ParamUnit | TextUnit): ParamKind {
  return KIND_OF[unit];
}
