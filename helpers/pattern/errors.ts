/**
 * The two errors a pattern can raise. Both carry the place inside the pattern text that caused
 * them, as a 0-based `offset` and a `length`, so the DSL can turn them into its own
 * line:column with a caret under the right character.
 * @module
 */

/**
 * A pattern that cannot be read: bad syntax, an unknown word, or an operator value out of range.
 *
 * `offset` is a 0-based index into the pattern text; it equals the text's length for errors at
 * the end of the pattern ("found end of pattern"). `offset + length` never passes the end.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parsePattern, PatternSyntaxError } from "./mod.ts";
 * assert.throws(() => parsePattern("a [b c"), (e) => {
 *   return e instanceof PatternSyntaxError && e.offset === 6 &&
 *     e.message === "Expected ']' to close the '[' at 2, found end of pattern";
 * });
 * ```
 */
export class PatternSyntaxError extends SyntaxError {
  /** 0-based index of the first offending character in the pattern text. */
  readonly offset: number;
  /** How many characters the error covers (0 at the end of the pattern). */
  readonly length: number;

  /**
   * @param message The message, in the house style.
   * @param offset 0-based index into the pattern text.
   * @param length Characters covered, ≥ 0.
   */
  constructor(message: string, offset: number, length: number) {
    super(message);
    this.name = "PatternSyntaxError";
    this.offset = offset;
    this.length = length;
  }
}

/**
 * A pattern that reads fine but is too big to play: it repeats only after more cycles than a
 * compiled table may hold, or it has more events than the limit. Carries the place of the part
 * of the pattern that is responsible, like {@link PatternSyntaxError}.
 */
export class PatternRangeError extends RangeError {
  /** 0-based index of the responsible part of the pattern text. */
  readonly offset: number;
  /** Characters covered by the responsible part. */
  readonly length: number;

  /**
   * @param message The message, in the house style.
   * @param offset 0-based index into the pattern text.
   * @param length Characters covered, ≥ 0.
   */
  constructor(message: string, offset: number, length: number) {
    super(message);
    this.name = "PatternRangeError";
    this.offset = offset;
    this.length = length;
  }
}
