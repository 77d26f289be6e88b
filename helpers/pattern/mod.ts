/**
 * Mini-notation patterns (Tidal/Strudel conventions), as a pure module: parse a pattern string,
 * query its events cycle by cycle with exact times, and compile it into a flat table that a
 * per-sample step reads without allocating. One cycle is one bar.
 *
 * | syntax | meaning |
 * |---|---|
 * | `a b c` | steps, equal shares of the cycle |
 * | `~` or `-` | rest |
 * | `[a b]` | subdivide one step (nests) |
 * | `<a b c>` | one per cycle in turn (nests: `<a [b c]>`) |
 * | `a*2`, `a*<2 3>`, `a*1.5` | faster: repeat within the step |
 * | `a/2` | slower: spread over 2 cycles |
 * | `a!3`, `a ! !` | replicate: 3 steps of `a` |
 * | `a@3`, `a _ _` | weight: `a` lasts 3 shares |
 * | `a, b` or `[a, b]` | stack: play together |
 * | `{a b, c d e}`, `{a b c}%4` | polymeter: layers at one step rate |
 * | `a(3,8)`, `a(3,8,2)` | Euclidean rhythm, rotated right by 2 |
 * | `a?`, `a?0.3` | drop with probability 0.5 (0.3), seeded like Strudel |
 * | `a \| b` | one of them, at random, per cycle |
 * | `a . b c` | feet: `[a] [b c]` |
 * | `c#3 eb4 a` | notes (Hz; `a` is a3), `1 -0.5` numbers, `x` a hit (1) |
 *
 * Times follow Strudel exactly (checked against Strudel's own results for 146 patterns, random
 * ones included), except where lel is stricter or has no use for a feature:
 * - words are notes, numbers, `x` and rests only (no sample names, `:` lists, `..` ranges or
 *   `^` step marks); any other word is an error that says what is allowed;
 * - `@0`, `!0`, `!2.5` and negative factors are errors (Strudel: `@0` counts as `@1`, `!0`
 *   drops the step, negative factors give silence); `*0` and `/0` give silence, as in Strudel;
 * - a Euclid rotation of `steps` or more wraps around (Strudel ignores it), and non-integer
 *   Euclid arguments are errors.
 *
 * Audible caveat: Strudel's random stream is exactly 0 at the start of cycle 0 (and of every
 * 300th cycle), so the first `?` of a pattern always drops an event that starts there (`x*8?`
 * never plays the very first hit), as Strudel does. Tidal differs from both in its seeds, its
 * Euclid rotation (left) and its default octave (5).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compilePattern, eventAt, parsePattern, queryCycle } from "./mod.ts";
 * const bass = parsePattern("a1 a1 <c2 e2> ~");
 * assert.deepEqual(queryCycle(bass, 1).map((e) => Math.round(e.value)), [55, 55, 82]);
 * const table = compilePattern(bass);
 * assert.equal(table.cycles, 2);
 * const i = eventAt(table.events, table.count, 1.8, -1); // in the rest: e2 still current
 * assert.equal(Math.round(table.events[3 * i + 2]), 82);
 * ```
 * @module
 */

export type {
  AlternationNode,
  AtomKind,
  AtomNode,
  DegradeOp,
  EuclidOp,
  Pattern,
  PatternNode,
  PolymeterNode,
  ReplicateOp,
  SequenceNode,
  SourceRange,
  StackNode,
  StepNode,
  StepOp,
  StretchOp,
} from "./ast.ts";
export {
  type CompiledPattern,
  type CompileOptions,
  compilePattern,
  eventAt,
  isSounding,
  MAX_COMPILED_CYCLES,
  MAX_COMPILED_EVENTS,
  RANDOM_CYCLES,
} from "./compiled.ts";
export { PatternRangeError, PatternSyntaxError } from "./errors.ts";
export { bjorklund } from "./euclid.ts";
export { Fraction } from "./fraction.ts";
export { MAX_COUNT, MAX_NESTING, MAX_OPS_PER_STEP, parsePattern } from "./mini.ts";
export { A4_HZ, midiToHz, type NoteOptions, noteToHz, noteToMidi } from "./notes.ts";
export { type PatternPeriod, patternPeriod } from "./period.ts";
export { MAX_QUERY_WORK, type PatternEvent, queryCycle } from "./query.ts";
