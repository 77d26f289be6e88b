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
 * Some messages name a second place, the bracket an error leaves open (`the '[' at character
 * 3`): `related` is its 0-based offset, and the message counts it the way a reader does, from
 * 1. {@linkcode PatternSyntaxError.messageNaming} words the message with that place in other
 * terms (the DSL says `line 7, column 42` of the session file).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parsePattern, PatternSyntaxError } from "./mod.ts";
 * assert.throws(() => parsePattern("a [b c"), (e) => {
 *   return e instanceof PatternSyntaxError && e.offset === 6 && e.related === 2 &&
 *     e.message === "Expected ']' to close the '[' at character 3, found end of pattern";
 * });
 * ```
 */
export class PatternSyntaxError extends SyntaxError {
  /** 0-based index of the first offending character in the pattern text. */
  readonly offset: number;
  /** How many characters the error covers (0 at the end of the pattern). */
  readonly length: number;
  /** 0-based index of the other place the message names (an open bracket), if any. */
  readonly related: number | undefined;
  readonly #words: ((place: string) => string) | undefined;

  /**
   * A syntax error at `offset` in a pattern.
   *
   * @param message The message, in the house style; or, for one that names a second place,
   *   a function from how that place is named to the message.
   * @param offset 0-based index into the pattern text.
   * @param length Characters covered, ≥ 0.
   * @param related 0-based index of the second place the function names, if any.
   */
  constructor(
    message: string | ((place: string) => string),
    offset: number,
    length: number,
    related?: number,
  ) {
    const words = typeof message === "function" ? message : undefined;
    super(words === undefined ? String(message) : words(characterPlace(related ?? 0)));
    this.name = "PatternSyntaxError";
    this.offset = offset;
    this.length = length;
    this.related = related;
    this.#words = words;
  }

  /**
   * The message, with the second place it names (if any) put in other terms.
   *
   * @param place How to name a 0-based offset into the pattern text.
   * @returns The message.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { parsePattern, PatternSyntaxError } from "./mod.ts";
   * try {
   *   parsePattern("a [b c");
   * } catch (e) {
   *   assert.ok(e instanceof PatternSyntaxError);
   *   assert.equal(
   *     e.messageNaming((offset) => `column ${offset + 11}`),
   *     "Expected ']' to close the '[' at column 13, found end of pattern",
   *   );
   * }
   * ```
   */
  messageNaming(place: (offset: number) => string): string {
    return this.#words === undefined || this.related === undefined
      ? this.message
      : this.#words(place(this.related));
  }
}

/** `character 3` for offset 2: a place in a pattern as a reader counts it. */
function characterPlace(offset: number): string {
  return `character ${offset + 1}`;
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
   * A range error at `offset` in a pattern.
   *
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
