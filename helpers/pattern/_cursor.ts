/**
 * The parser's reading head: position, whitespace, words, the numbers that follow operators,
 * and the "found X" part of error messages. Private to the parser.
 * @module
 */

import { WORD } from "./_words.ts";
import { PatternSyntaxError } from "./errors.ts";
import { Fraction } from "./fraction.ts";

/** A number right after an operator, Strudel's grammar: no leading `.`, no leading zeros. */
const OP_NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const WS = /[ \t\n\r\u00A0]*/y;

/** A number read after an operator. */
export interface OpNumber {
  readonly text: string;
  readonly value: number;
  readonly exact: Fraction;
  readonly offset: number;
}

/**
 * Reads the pattern text: `ws()` skips whitespace, `peek()` is the next character (or ""),
 * `word()` the word at the position (not consumed), `opNumber()` consumes a number if one is
 * there, `found()` names what is at the position for an error message.
 */
export class Cursor {
  /** Current 0-based position. */
  pos = 0;

  constructor(readonly src: string) {}

  /** Consumes the number at the position, if there is one. @returns It, or `undefined`. */
  opNumber(): OpNumber | undefined {
    OP_NUMBER.lastIndex = this.pos;
    const m = OP_NUMBER.exec(this.src);
    if (m === null) return undefined;
    const offset = this.pos;
    this.pos += m[0].length;
    const exact = Fraction.parseDecimal(m[0]);
    const value = Number(m[0]);
    if (exact === undefined || !Number.isFinite(value)) {
      throw this.error(`Number '${m[0]}' is out of range`, offset, m[0].length);
    }
    return { text: m[0], value, exact, offset };
  }

  /** @returns The word at the position, not consumed ("" if none). */
  word(): string {
    WORD.lastIndex = this.pos;
    return WORD.exec(this.src)?.[0] ?? "";
  }

  /** Skips whitespace. */
  ws(): void {
    WS.lastIndex = this.pos;
    WS.exec(this.src);
    this.pos = WS.lastIndex;
  }

  /** @returns The next character, or "" at the end. */
  peek(): string {
    return this.src.charAt(this.pos);
  }

  /** @returns The whole character (code point) at the position, or "" at the end. */
  char(): string {
    const code = this.src.codePointAt(this.pos);
    return code === undefined ? "" : String.fromCodePoint(code);
  }

  /** @returns What is at the position, for "found X" (a quoted character or "end of pattern"). */
  found(): string {
    return this.pos >= this.src.length ? "end of pattern" : quote(this.char());
  }

  /** @returns The length of the character at the position: 0 at the end, 2 for an emoji. */
  len1(): number {
    return this.char().length;
  }

  /**
   * @param message The message, or (naming a second place) a function of how that place is
   *   named and of what is at the position now (`found`, read once, here).
   * @param related The second place's offset, for a function message.
   * @returns A syntax error at `offset`.
   */
  error(
    message: string | ((place: string, found: string) => string),
    offset: number,
    length: number,
    related?: number,
  ): PatternSyntaxError {
    if (typeof message === "string") return new PatternSyntaxError(message, offset, length);
    const found = this.found();
    return new PatternSyntaxError((place) => message(place, found), offset, length, related);
  }
}

/** A character quoted for a message (a quote character in double quotes). */
export function quote(c: string): string {
  return c === "'" ? `"'"` : `'${c}'`;
}

/** The index just past a source range. */
export function end(r: { offset: number; length: number }): number {
  return r.offset + r.length;
}
