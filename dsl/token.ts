/**
 * The DSL's tokens: what the lexer produces and the parser consumes.
 * @module
 */

import type { Unit } from "./units.ts";

/** Token kinds. */
export type TokenKind =
  | "name"
  | "number"
  | "note"
  | "string"
  | "key"
  | "interpolation"
  | "pipe"
  | "colon"
  | "lparen"
  | "rparen"
  | "newline"
  | "eof";

/** One token: its kind, its span in the template text, and its value. */
export interface Token {
  /** What it is; decides which of the value fields below are meaningful. */
  readonly kind: TokenKind;
  /** Offset of the first character. */
  readonly start: number;
  /** Offset just past the last character. */
  readonly end: number;
  /** The text as written (`${…}` for interpolations). */
  readonly text: string;
  /** Numbers: the value before the unit. Notes: the frequency in Hz. */
  readonly value: number;
  /** Numbers: the unit suffix, if any. */
  readonly unit: Unit | undefined;
  /** Keys: the key without `@`. Names: the name. Strings: the text between the quotes. */
  readonly name: string;
  /** Interpolations: the index into the template's values. */
  readonly index: number;
}

const KIND_NAMES: Record<TokenKind, string> = {
  name: "a name",
  number: "a number",
  note: "a note",
  string: "a string",
  key: "a key",
  interpolation: "'${…}'",
  pipe: "'|>'",
  colon: "':'",
  lparen: "'('",
  rparen: "')'",
  newline: "end of line",
  eof: "end of template",
};

/**
 * How a kind reads in "Expected X".
 *
 * @param kind A token kind.
 * @returns E.g. `a name`, `':'`.
 */
export function describeKind(kind: TokenKind): string {
  return KIND_NAMES[kind];
}

/**
 * How a token reads in "found Y".
 *
 * @param token A token.
 * @returns E.g. `name 'saw'`, `number '55hz'`, `end of line`.
 */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case "name":
    case "number":
    case "note":
    case "key":
      return `${token.kind} '${token.text}'`;
    case "string":
      return `string ${token.text}`;
    default:
      return KIND_NAMES[token.kind];
  }
}
