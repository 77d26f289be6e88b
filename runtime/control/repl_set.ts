/**
 * `.set NAME VALUE` in a REPL block (typed at the prompt or sent with `deno task send`): sets a
 * knob when the block commits. The value is a number with an optional DSL unit (`1200`,
 * `1.2khz`, `250ms`, `-6db`, `50%`) or a note name (`a4`); `.set` alone lists the knobs.
 * `.set` lines may sit among DSL lines or TypeScript; they are taken out of the block (leaving
 * blank lines, so positions in errors stay right) and checked before anything is evaluated;
 * that the knob is defined is checked once the block is built (it may define the knob), and
 * a name no session or block defines fails the block (the knob store's rule for every input
 * from outside the session: see `core/knobs.ts`).
 * @module
 */

import { activeEngine } from "../core/process_engine.ts";
import { noteToHz } from "../../dsl/mod.ts";
import { db, gainToDb } from "../../helpers/units.ts";
import {
  checkKnobDefined,
  checkKnobSet,
  type KnobInfo,
  listKnobs,
  setKnob,
} from "../core/knobs.ts";
import { formatKnobValue } from "../live/status.ts";

/** One `.set` line of a block. */
export type SetLine =
  | {
    /** A `.set NAME VALUE` line. */
    kind: "set";
    /** The knob's name. */
    name: string;
    /** The value in the knob's units (units and notes already applied). */
    value: number;
    /** Where the knob's name is in the block (1-based), for a `.set` line. */
    at?: { line: number; column: number };
  }
  | {
    /** `.set` alone: list the knobs. */
    kind: "list";
  };

/** A `.set` line that is wrong: what and where (1-based, inside the block). */
export interface SetLineError {
  /** The one-line reason, saying what to write. */
  message: string;
  /** 1-based line of the `.set` line inside the block. */
  line: number;
  /** 1-based column of the problem in that line (just past its end for a missing value). */
  column: number;
}

const SET = /^(\s*)\.set(?=\s|$)(.*)$/;

/** `.set master VALUE` sets the engine's master level (a linear gain, or dB: `-6db`). */
const MASTER = "master";
const NUMBER = /^(-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)(hz|khz|ms|s|db|%)?$/i;

/**
 * Takes the `.set` lines out of a block.
 *
 * @param block The block as sent.
 * @returns The block with each `.set` line blanked and the lines taken, or the first error.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const taken = takeSetLines("bass: saw 55\n.set cutoff 1.2khz");
 * assert.deepEqual(taken, {
 *   rest: "bass: saw 55\n",
 *   sets: [{ kind: "set", name: "cutoff", value: 1200, at: { line: 2, column: 6 } }],
 * });
 * ```
 */
export function takeSetLines(
  block: string,
): { rest: string; sets: SetLine[] } | { error: SetLineError } {
  const lines = block.split("\n");
  const sets: SetLine[] = [];
  for (const [i, text] of lines.entries()) {
    const match = SET.exec(text);
    if (match === null) continue;
    const words = [...match[2].matchAll(/\S+/g)];
    const at = (k: number) => match[1].length + 4 + words[k].index + 1;
    const fail = (message: string, column: number) => ({
      error: { message, line: i + 1, column },
    });
    if (words.length === 0) {
      sets.push({ kind: "list" });
    } else if (words.length !== 2) {
      return fail(
        `.set takes a knob name and a value, e.g. .set cutoff 1200 (.set alone lists the knobs)`,
        words.length === 1 ? text.length + 1 : at(2),
      );
    } else {
      const [name, text] = [words[0][0], words[1][0]];
      const value = parseKnobValue(text);
      if (value === undefined) {
        return fail(
          `Cannot set knob '${name}': '${text}' is not a value; write a number such as 1200, ` +
            `1.2khz, 250ms, -6db or 50%, or a note such as a4`,
          at(1),
        );
      }
      try {
        checkKnobSet(name, value);
      } catch (error) {
        return fail((error as Error).message, at(0));
      }
      sets.push({ kind: "set", name, value, at: { line: i + 1, column: at(0) } });
    }
    lines[i] = "";
  }
  return { rest: lines.join("\n"), sets };
}

/**
 * The first `.set` line that names a knob nobody defined, checked once the block is built (so
 * a block may define a knob and set it).
 *
 * @param sets The block's `.set` lines.
 * @returns The error at that line's knob name, or `undefined` when every knob is defined.
 */
export function undefinedKnobSet(sets: readonly SetLine[]): SetLineError | undefined {
  for (const set of sets) {
    if (set.kind !== "set" || set.name === MASTER) continue;
    try {
      checkKnobDefined(set.name);
    } catch (error) {
      const { line, column } = set.at ?? { line: 1, column: 1 };
      return { message: (error as Error).message, line, column };
    }
  }
  return undefined;
}

/**
 * Reads a knob value as `.set` takes it: a number with an optional DSL unit, or a note name.
 *
 * @param text E.g. `1200`, `1.2khz` (1200), `250ms` (0.25), `-6db` (gain 0.501), `50%` (0.5),
 *   `a4` (440).
 * @returns The value, or `undefined` when `text` is none of these.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(parseKnobValue("1.5kHz"), 1500);
 * assert.equal(parseKnobValue("a3"), 220);
 * assert.equal(parseKnobValue("loud"), undefined);
 * ```
 */
export function parseKnobValue(text: string): number | undefined {
  const match = NUMBER.exec(text);
  if (match === null) return noteToHz(text);
  const n = Number(match[1]);
  switch (match[2]?.toLowerCase()) {
    case "khz":
      return n * 1000;
    case "ms":
      return n / 1000;
    case "db":
      return db(n);
    case "%":
      return n / 100;
    default:
      return n;
  }
}

/**
 * Does a `.set` line and says what it did.
 *
 * @param set The line.
 * @returns E.g. `set cutoff 1200`, `set cutoff 20000 (clamped from 30000 to 20..20000)`, or
 *   the list of knobs.
 * @throws {RangeError} For a knob nobody defined (see {@linkcode undefinedKnobSet}).
 */
export function applySetLine(set: SetLine): string {
  if (set.kind === "list") return describeKnobs(listKnobs());
  if (set.name === MASTER) {
    const e = activeEngine();
    e.masterGain = set.value;
    const level = gainToDb(set.value);
    return `set master gain ${formatKnobValue(set.value, 6)} (${
      Number.isFinite(level) ? `${level.toFixed(1)} dB` : "silent"
    })`;
  }
  checkKnobDefined(set.name);
  const held = setKnob(set.name, set.value);
  const knob = listKnobs().find((k) => k.name === set.name)!;
  let text = `set ${set.name} ${formatKnobValue(held, 6)}`;
  if (held !== set.value) {
    text += ` (clamped from ${formatKnobValue(set.value, 6)} to ${range(knob)})`;
  }
  return text;
}

/**
 * The knobs as `.set` alone lists them.
 *
 * @param knobs From `listKnobs()`.
 * @returns E.g. `knobs: cutoff 1200 (20..20000), midinote 440 (8.176..12544), …`.
 */
export function describeKnobs(knobs: readonly KnobInfo[]): string {
  const items = knobs.map((k) =>
    `${k.name} ${formatKnobValue(k.value, 6)} (${k.defined ? range(k) : "not defined yet"})`
  );
  return `knobs: ${items.join(", ")}`;
}

function range(k: KnobInfo): string {
  if (!Number.isFinite(k.min) && !Number.isFinite(k.max)) return "any value";
  return `${formatKnobValue(k.min, 4)}..${formatKnobValue(k.max, 4)}${
    k.curve === "exp" ? " exp" : ""
  }`;
}
