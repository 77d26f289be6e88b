/**
 * The audio-path form of a pattern: one flat table of `(begin, end, value)` triples covering
 * the cycles after which the pattern repeats, and lookups that allocate nothing, so a
 * per-sample step can find the current event in O(1) during steady playback.
 *
 * Boundary rule, everywhere: an event sounds on `[begin, end)`, begin inclusive, end
 * exclusive. At a position where one event ends and the next begins, the next one is current.
 * @module
 */

import type { Pattern } from "./ast.ts";
import { PatternRangeError } from "./errors.ts";
import { longestPart, patternPeriod } from "./period.ts";
import { queryCycle } from "./query.ts";

/** Default cap on the cycles a compiled table may span. */
export const MAX_COMPILED_CYCLES = 1024;
/** Default cap on the events a compiled table may hold. */
export const MAX_COMPILED_EVENTS = 65536;
/** Default number of cycles unrolled for a random pattern (`?`, `|`). */
export const RANDOM_CYCLES = 16;

/** Options of {@link compilePattern}. */
export interface CompileOptions {
  /**
   * Cycles to unroll for a random pattern: the table then spans the smallest multiple of the
   * pattern's period that is ≥ this, and its random choices repeat after that many cycles.
   * @default 16
   */
  randomCycles?: number;
  /** Largest table, in cycles. @default 1024 */
  maxCycles?: number;
  /** Largest table, in events. @default 65536 */
  maxEvents?: number;
}

/** A pattern as a flat table; see {@link compilePattern}. */
export interface CompiledPattern {
  /** The table spans cycles `[0, cycles)` and repeats after it. */
  readonly cycles: number;
  /** `count` triples `(begin, end, value)` in cycles, sorted by begin (ties in stack order). */
  readonly events: Float64Array;
  /** How many events the table holds. */
  readonly count: number;
}

/**
 * Compiles a pattern into a flat table of its events over one full repeat.
 *
 * `events[3i]` is the onset of event `i` in cycles, `events[3i + 1]` its end (which may pass
 * `cycles`: the event then sounds into the next repeat) and `events[3i + 2]` its value (Hz for
 * notes, the number, 1 for `x`). The table is exactly {@link queryCycle} for cycles
 * `0 … cycles-1`, each time rounded once from its exact fraction to the nearest double. A random
 * pattern is unrolled for `randomCycles` (rounded up to its period) and loops after that.
 *
 * @param pattern A parsed pattern.
 * @param options Limits and the random unroll length.
 * @returns The table.
 * @throws {PatternRangeError} When the pattern repeats after more than `maxCycles` cycles
 *   (pointing at the part responsible) or has more than `maxEvents` events.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compilePattern, parsePattern } from "./mod.ts";
 * const t = compilePattern(parsePattern("<a4 ~> x"));
 * assert.equal(t.cycles, 2);
 * assert.deepEqual([...t.events], [0, 0.5, 440, 0.5, 1, 1, 1.5, 2, 1]);
 * ```
 */
export function compilePattern(pattern: Pattern, options?: CompileOptions): CompiledPattern {
  const maxCycles = options?.maxCycles ?? MAX_COMPILED_CYCLES;
  const maxEvents = options?.maxEvents ?? MAX_COMPILED_EVENTS;
  const randomCycles = Math.max(1, Math.ceil(options?.randomCycles ?? RANDOM_CYCLES));
  const info = patternPeriod(pattern);
  const limit = BigInt(maxCycles);
  let cycles = info.cycles;
  if (cycles <= limit && info.random) {
    cycles *= (BigInt(randomCycles) + cycles - 1n) / cycles;
  }
  if (cycles > limit) {
    const at = info.cycles > limit
      ? longestPart(pattern, info, limit)
      : { offset: 0, length: pattern.source.length };
    throw new PatternRangeError(
      `Cannot compile pattern: it repeats every ${cycles} cycles, more than the ${maxCycles} ` +
        "allowed; give its '<…>' lengths and '/' factors common divisors",
      at.offset,
      at.length,
    );
  }
  const rows: number[] = [];
  for (let c = 0; c < Number(cycles); c++) {
    for (const e of queryCycle(pattern, c)) {
      if (rows.length >= 3 * maxEvents) {
        throw new PatternRangeError(
          `Cannot compile pattern: it has more than ${maxEvents} events in ${cycles} cycles`,
          0,
          pattern.source.length,
        );
      }
      rows.push(e.begin.toNumber(), e.end.toNumber(), e.value);
    }
  }
  return { cycles: Number(cycles), events: Float64Array.from(rows), count: rows.length / 3 };
}

/**
 * The event current at a position: the last one whose onset is at or before it. Before the
 * table's first onset that is the table's last event (the one still current from the previous
 * repeat). Allocation-free; with `hint` = the previous answer it is O(1) while playback moves
 * forward, O(log n) after a jump.
 *
 * Use it for `seq` (hold the current value through rests) and `trig` (an onset is a change of
 * index, or the same index after a wrap). Whether the event still sounds is {@link isSounding}.
 *
 * @param events The table's `events`.
 * @param count The table's `count`.
 * @param position Position in cycles, in `[0, cycles)`.
 * @param hint The previous answer, or -1.
 * @param base Where the table starts in `events` (a table stored in a larger array, such as
 *   the data bank). @default {0}
 * @returns The event index, or -1 for an empty table.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compilePattern, eventAt, parsePattern } from "./mod.ts";
 * const t = compilePattern(parsePattern("a ~ b"));
 * assert.equal(eventAt(t.events, t.count, 0.5, -1), 0); // a, held through the rest
 * assert.equal(eventAt(t.events, t.count, 2 / 3, 0), 1); // b starts exactly here
 * ```
 */
export function eventAt(
  events: Float64Array,
  count: number,
  position: number,
  hint: number,
  base = 0,
): number {
  if (count === 0) return -1;
  if (!(position >= events[base])) return count - 1;
  let i = hint >= 0 && hint < count && events[base + 3 * hint] <= position ? hint : -1;
  if (i >= 0) {
    // Steady playback: the answer is the hint or a few events after it.
    for (let steps = 0; steps < 4; steps++) {
      if (i + 1 >= count || events[base + 3 * (i + 1)] > position) return i;
      i++;
    }
  }
  let lo = Math.max(i, 0); // events[base + 3 * lo] <= position
  let hi = count; // events[base + 3 * hi] > position, or hi = count
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (events[base + 3 * mid] <= position) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Whether an event sounds at a position: `begin <= position < end`, counting an event from the
 * previous repeat when its onset lies after `position` (the table wraps).
 *
 * @param events The table's `events`.
 * @param index An event index (e.g. from {@link eventAt}); -1 gives false.
 * @param position Position in cycles, in `[0, cycles)`.
 * @param cycles The table's `cycles`.
 * @param base Where the table starts in `events`. @default {0}
 * @returns True while the event sounds.
 */
export function isSounding(
  events: Float64Array,
  index: number,
  position: number,
  cycles: number,
  base = 0,
): boolean {
  if (index < 0) return false;
  const begin = events[base + 3 * index];
  const end = events[base + 3 * index + 1];
  return begin <= position ? position < end : position + cycles < end;
}
