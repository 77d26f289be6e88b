/**
 * Events of a pattern, cycle by cycle: what `seq`, `gate` and `trig` are built from. Times are
 * exact fractions of a cycle (one cycle = one bar), so 1/3 and 2/7 never drift.
 * @module
 */

import type { Pattern } from "./ast.ts";
import { queryOf } from "./_build.ts";
import { Budget, hasOnset, Span } from "./_span.ts";
import { Fraction } from "./fraction.ts";

/** Most work one cycle's query may take (about one unit per event and per cycle crossed). */
export const MAX_QUERY_WORK = 1 << 16;

/** One event: a step that sounds, from its onset to its end. */
export interface PatternEvent {
  /** Onset, in cycles since cycle 0 (exact). */
  readonly begin: Fraction;
  /** End, in cycles (exact); may lie past the queried cycle (`a/2`, `a@3 b/2`). */
  readonly end: Fraction;
  /** Hz for notes (A4 = 440 Hz, equal temperament), the number for numbers, 1 for `x`. */
  readonly value: number;
  /** True when the step is `x`, a hit with no pitch or number of its own. */
  readonly hit: boolean;
  /** What the step was: a note, a number or `x`. */
  readonly kind: "note" | "number" | "hit";
  /** 0-based offset of the step's word in the pattern text (for highlighting). */
  readonly offset: number;
  /** Length of the step's word. */
  readonly length: number;
}

/**
 * The events whose onset falls in one cycle, in onset order (events with the same onset in
 * stack order: the first layer first).
 *
 * Only onsets count (Strudel's "whole begins in the cycle"): `a/2` has one event in cycle 0,
 * lasting to 2, and none in cycle 1. Rests give no events.
 *
 * @param pattern A parsed pattern.
 * @param cycle The cycle (bar) number, an integer (negative cycles work too).
 * @returns The events, with exact times in cycles.
 * @throws {PatternRangeError} When the cycle needs more than {@link MAX_QUERY_WORK} work.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parsePattern, queryCycle } from "./mod.ts";
 * const events = queryCycle(parsePattern("a4 <c5 e5>@2"), 1);
 * assert.deepEqual(events.map((e) => [String(e.begin), String(e.end)]), [["1", "4/3"], ["4/3", "2"]]);
 * assert.equal(events[0].value, 440);
 * ```
 */
export function queryCycle(pattern: Pattern, cycle: number): PatternEvent[] {
  if (!Number.isSafeInteger(cycle)) {
    throw new RangeError(`Cannot query a pattern: the cycle must be an integer, got ${cycle}`);
  }
  const begin = Fraction.of(cycle);
  const budget = new Budget(MAX_QUERY_WORK, pattern.source.length);
  const haps = queryOf(pattern)(new Span(begin, Fraction.of(cycle + 1)), budget).filter(hasOnset);
  haps.sort((a, b) => a.whole.begin.compare(b.whole.begin));
  return haps.map(({ whole, leaf }) => ({
    begin: whole.begin,
    end: whole.end,
    value: leaf.value,
    hit: leaf.kind === "hit",
    kind: leaf.kind,
    offset: leaf.offset,
    length: leaf.length,
  }));
}
