/**
 * Patterns as signals: `seq` (the current step's value), `gate` (1 while a step sounds) and
 * `trig` (a pulse at each onset), from a mini-notation string (Tidal/Strudel conventions; see
 * `helpers/pattern/`). One pattern cycle spans one bar, and the position comes from the
 * transport (`s.beat / beatsPerBar`), never from when the signal was added: a pattern added
 * mid-set lands on the grid of the ones already playing, to the sample, and an edited pattern
 * keeps its place in the bar. The compiled table lives in the data bank; the only state is the
 * last event's index, a hint that makes the lookup O(1) per sample.
 *
 * Boundaries: an event sounds from its onset (inclusive) to its end (exclusive). `gate` drops
 * for the last 5% of each event, at most 1/64 of a bar (so consecutive notes retrigger an
 * envelope); `trig` is high for the first half of each event, at most 1/64 of a bar. Stacks
 * (`a, b`) play their last layer (these signals are monophonic).
 * @module
 */

import type { Signal } from "../../runtime/core/signal.ts";
import { bankData, storeData } from "../../runtime/core/data_bank.ts";
import { barBeats } from "../../runtime/core/transport.ts";
import { declareHelper } from "../declare_helper.ts";
import type { HelperDefinition, StepFunction } from "../helper_definition.ts";
import type { HelperOptions } from "../../runtime/core/node.ts";
import {
  type CompiledPattern,
  compilePattern,
  eventAt,
  parsePattern,
  type Pattern,
} from "../pattern/mod.ts";

/** The longest a `gate` gap or a `trig` pulse lasts, in cycles (bars). */
export const PATTERN_EDGE_CYCLES = 1 / 64;

/** Added to every position, in cycles, so that a frame exactly on an onset sounds it. */
const POSITION_TIE = 1e-12;

/** The share of each event `gate` leaves low at its end. */
export const GATE_GAP = 0.05;

/**
 * Where the transport is in a pattern of `cycles` bars: `beat / beatsPerBar` modulo `cycles`.
 *
 * @param beat The transport beat.
 * @param cycles The pattern's length in cycles.
 * @returns A position in `[0, cycles)`.
 */
export function patternPosition(beat: number, cycles: number): number {
  // Rounding in `p − cycles·⌊p/cycles⌋` can put a frame that falls exactly on an onset a hair
  // before it (1.2 − 1 is 0.19999999999999996): a position a hair (1e-12 of a bar, far less
  // than a sample) later counts such a tie as the onset, as the analytic grid does.
  const p = beat / barBeats + POSITION_TIE;
  const local = p - cycles * Math.floor(p / cycles);
  return local < cycles ? local : local - cycles;
}

/**
 * The index of the event current at this frame (the last one begun), keeping it as the next
 * frame's hint.
 *
 * @param mem Pool memory.
 * @param hint Index of the hint slot.
 * @param local The position from {@linkcode patternPosition}.
 * @param offset Where the table starts in the data bank.
 * @param count Events in the table.
 * @returns The index, or -1 for an empty table.
 */
export function patternEvent(
  mem: Float64Array,
  hint: number,
  local: number,
  offset: number,
  count: number,
): number {
  const i = eventAt(bankData, count, local, mem[hint], offset);
  mem[hint] = i;
  return i;
}

/**
 * The value of event `i` (held through rests; 0 before any).
 *
 * @param i An event index from {@linkcode patternEvent}.
 * @param offset Where the table starts in the data bank.
 * @returns Its value (Hz for a note, the number for a number, 1 for `x`).
 */
export function patternValue(i: number, offset: number): number {
  return i < 0 ? 0 : bankData[offset + 3 * i + 2];
}

/**
 * 1 while event `i` sounds, less a gap at its end; else 0.
 *
 * @param i An event index from {@linkcode patternEvent}.
 * @param local The position.
 * @param offset Where the table starts in the data bank.
 * @param cycles The pattern's length in cycles.
 * @returns 1 or 0.
 */
export function patternGate(i: number, local: number, offset: number, cycles: number): number {
  if (i < 0) return 0;
  const begin = bankData[offset + 3 * i];
  const end = bankData[offset + 3 * i + 1];
  const x = begin <= local ? local : local + cycles;
  // Math.min, not a ternary: V8 boxed the ternary's double (garbage every frame).
  const gap = Math.min(GATE_GAP * (end - begin), PATTERN_EDGE_CYCLES);
  return x < end - gap ? 1 : 0;
}

/**
 * 1 for the first half of event `i` (at most 1/64 of a bar) from its onset; else 0.
 *
 * @param i An event index from {@linkcode patternEvent}.
 * @param local The position.
 * @param offset Where the table starts in the data bank.
 * @param cycles The pattern's length in cycles.
 * @returns 1 or 0.
 */
export function patternTrig(i: number, local: number, offset: number, cycles: number): number {
  if (i < 0) return 0;
  const begin = bankData[offset + 3 * i];
  const high = Math.min(0.5 * (bankData[offset + 3 * i + 1] - begin), PATTERN_EDGE_CYCLES);
  const x = begin <= local ? local : local + cycles;
  return x < begin + high ? 1 : 0;
}

/**
 * The longest a pattern may take to repeat, in bars, and the most events its table may hold:
 * enough for any pattern written by hand (`<a b c d e f g h>/16` repeats every 128 bars), and
 * small enough that the worst pattern compiles in ~0.1 s (the limits of `compilePattern`
 * itself allow ~3 s).
 */
export const PATTERN_MAX_CYCLES = 128;
export const PATTERN_MAX_EVENTS = 8192;

/** Compiled tables by text (a reload compiles each pattern once, the DSL checks it first). */
const compiled = new Map<string, CompiledPattern>();

/** How many compiled tables are kept (the oldest goes first). */
const COMPILED_KEPT = 512;

/**
 * A pattern's compiled table, from a cache (patterns near the limits take ~0.2 s to compile,
 * and a reload compiles every pattern of the session again).
 *
 * @param text The mini-notation.
 * @returns The table.
 * @throws {PatternSyntaxError} For a pattern that does not parse.
 * @throws {PatternRangeError} For one that repeats too rarely or has too many events.
 */
export function compiledPattern(text: string): CompiledPattern {
  let table = compiled.get(text);
  if (table === undefined) {
    table = compilePattern(parsePattern(text), {
      maxCycles: PATTERN_MAX_CYCLES,
      maxEvents: PATTERN_MAX_EVENTS,
    });
    if (compiled.size >= COMPILED_KEPT) compiled.delete(compiled.keys().next().value!);
    compiled.set(text, table);
  }
  return table;
}

/**
 * The compiled table of a pattern, stored once per text in the data bank.
 *
 * @param text The mini-notation.
 * @returns Where the table is, its event count and its length in cycles.
 * @throws {PatternSyntaxError} For a pattern that does not parse.
 */
export function storePattern(text: string): { offset: number; count: number; cycles: number } {
  const table = compiledPattern(text);
  const { offset } = storeData(table.events.subarray(0, 3 * table.count), `pattern:${text}`);
  return { offset, count: table.count, cycles: table.cycles };
}

function definition(
  name: string,
  summary: string,
  fn: StepFunction,
  args: readonly string[],
): HelperDefinition {
  return {
    name,
    summary,
    texts: [{
      name: "pattern",
      unit: "pattern",
      doc: "mini-notation; one cycle is one bar",
      example: "a2 ~ [c3 e3] <g3 b3>",
    }],
    consts: [
      { name: "offset", unit: "number", doc: "table offset in the data bank", hidden: true },
      { name: "count", unit: "number", doc: "events in the table", hidden: true },
      { name: "cycles", unit: "number", doc: "bars before the pattern repeats", hidden: true },
    ],
    prepare: (texts) => storePattern(texts.pattern!),
    slots: ["hint"],
    initial: { hint: -1 },
    step: {
      frame: [
        { fn: patternPosition, args: ["beat", "cycles"], out: "local" },
        { fn: patternEvent, args: ["mem", "@hint", "local", "offset", "count"], out: "i" },
      ],
      output: { fn, args },
      // From no hint (a binary search), then from a hint far behind (the search after a
      // jump); the warm-up's beats cross a bar line, so the position wraps too.
      warm: (mem, b, pass) => {
        if (pass > 1) return false;
        mem[b] = pass === 0 ? -1 : 0;
        return true;
      },
    },
  };
}

/** A pattern factory: the mini-notation, then `key`. */
export type PatternFactory = (pattern: string, options?: HelperOptions) => Signal;

/**
 * The current step's value of a pattern: Hz for notes (A4 = 440), the number for numbers,
 * 1 for `x`; held through rests (0 before the first onset). Use it as a frequency
 * (`seq "a2 a2 c3 e3" |> saw`… in TypeScript `saw(seq("a2 a2 c3 e3"))`) or any value.
 *
 * @param pattern Mini-notation, e.g. `"a2 ~ [c3 e3] <g3 b3>"` (one cycle per bar).
 * @param options `key` to pin identity.
 * @returns The value signal.
 * @throws {PatternSyntaxError} For a pattern that does not parse (with the offset).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderSignal, seq } from "@lel/lel";
 * // 120 BPM, 4/4: a bar is 2 s; "a4 c5" changes at 1 s.
 * const [f] = renderSignal(seq("a4 c5"), 48001, { sampleRate: 24000 });
 * assert.equal(f[0], 440);
 * assert.ok(Math.abs(f[24000] - 523.2511306011972) < 1e-9);
 * ```
 */
export const seq: PatternFactory = declareHelper(
  definition(
    "seq",
    "A pattern's current value (Hz for notes), held through rests",
    patternValue,
    ["i", "offset"],
  ),
);

/**
 * 1 while a pattern's step sounds, 0 on rests, with a short gap at the end of each step (5%
 * of it, at most 1/64 of a bar) so that consecutive notes retrigger an envelope.
 *
 * @param pattern Mini-notation (one cycle per bar).
 * @param options `key` to pin identity.
 * @returns The gate signal.
 * @throws {PatternSyntaxError} For a pattern that does not parse.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gate, renderSignal } from "@lel/lel";
 * const [g] = renderSignal(gate("x ~"), 48000, { sampleRate: 24000 });
 * assert.equal(g[0], 1);
 * assert.equal(g[24000], 0); // the rest, from half a bar (1 s at 120 BPM)
 * ```
 */
export const gate: PatternFactory = declareHelper(
  definition(
    "gate",
    "1 while a pattern's step sounds (a short gap before the next), 0 on rests",
    patternGate,
    ["i", "local", "offset", "cycles"],
  ),
);

/**
 * A trigger at each onset of a pattern: 1 from the onset for half the step (at most 1/64 of a
 * bar), then 0, so it rises through 0.5 exactly at every step (`perc`, `adsr` and `sample` fire
 * on that).
 *
 * @param pattern Mini-notation (one cycle per bar).
 * @param options `key` to pin identity.
 * @returns The trigger signal.
 * @throws {PatternSyntaxError} For a pattern that does not parse.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderSignal, trig } from "@lel/lel";
 * const [t] = renderSignal(trig("x x"), 24001, { sampleRate: 24000 });
 * assert.equal(t[0], 1);
 * assert.equal(t[23999], 0);
 * assert.equal(t[24000], 1); // the second step, at 1 s (120 BPM, a bar is 2 s)
 * ```
 */
export const trig: PatternFactory = declareHelper(
  definition(
    "trig",
    "A pulse at each onset of a pattern (rises through 0.5 on every step)",
    patternTrig,
    ["i", "local", "offset", "cycles"],
  ),
);

/** The parsed form is accepted too (a pattern shared by several signals). */
export type { Pattern };
