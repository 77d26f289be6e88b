/**
 * Turns a template's text into tokens. Lines matter (a line is one signal), so line breaks
 * are tokens too, except inside parentheses, where a sub-chain may span lines. `#` and `//`
 * start comments that run to the end of the line.
 * @module
 */

import { dslError } from "./errors.ts";
import { INTERPOLATION_TEXT, type Source } from "./source.ts";
import type { Token, TokenKind } from "./token.ts";
import { type Unit, unitList, UNITS } from "./units.ts";

const NOTE = /^([a-gA-G])(#|b)?([0-9])(?![A-Za-z0-9_#])/;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const KEY = /[A-Za-z0-9_-]+/y;
const NUMBER = /-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y;
const SUFFIX = /[A-Za-z0-9_%]*/y;
const PITCH_CLASS: Record<string, number> = { c: 0, d: 2, e: 4, f: 5, g: 7, a: 9, b: 11 };

/**
 * The frequency of a note name in 12-tone equal temperament with A4 = 440 Hz.
 *
 * @param name E.g. `a4`, `c#3`, `eb2`, `Bb1` (octaves 0..9; `#` sharp, `b` flat).
 * @returns The frequency in Hz, or `undefined` when `name` is not a note.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { noteToHz } from "@lel/lel";
 * assert.equal(noteToHz("a4"), 440);
 * assert.equal(noteToHz("a3"), 220);
 * assert.ok(Math.abs(noteToHz("c4")! - 261.6255653) < 1e-6);
 * ```
 */
export function noteToHz(name: string): number | undefined {
  const m = NOTE.exec(name);
  if (m === null || m[0].length !== name.length) return undefined;
  const accidental = m[2] === "#" ? 1 : m[2] === "b" ? -1 : 0;
  const midi = 12 * (Number(m[3]) + 1) + PITCH_CLASS[m[1].toLowerCase()] + accidental;
  return 440 * Math.pow(2, (midi - 69) / 12);
}

/**
 * Splits a template into tokens, ending with one `eof`.
 *
 * @param source The template.
 * @returns The tokens.
 * @throws {DslSyntaxError} On a character or unit the DSL does not know.
 */
export function tokenize(source: Source): Token[] {
  const text = source.text;
  const holes = new Map(source.interpolations.map((offset, index) => [offset, index]));
  const tokens: Token[] = [];
  let depth = 0;
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number, extra: Partial<Token> = {}) => {
    tokens.push({
      kind,
      start,
      end,
      text: text.slice(start, end),
      value: 0,
      unit: undefined,
      name: "",
      index: -1,
      ...extra,
    });
  };
  while (i < text.length) {
    const c = text[i];
    const hole = holes.get(i);
    if (hole !== undefined) {
      push("interpolation", i, i + INTERPOLATION_TEXT.length, { index: hole });
      i += INTERPOLATION_TEXT.length;
    } else if (c === "\n") {
      if (depth === 0) push("newline", i, i + 1);
      i++;
    } else if (c === " " || c === "\t" || c === "\r") {
      i++;
    } else if (c === '"' || c === "'") {
      i = lexString(source, i, push);
    } else if (c === "#" || (c === "/" && text[i + 1] === "/")) {
      // An interpolation inside a comment is commented out with the rest of the line.
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "|" && text[i + 1] === ">") {
      push("pipe", i, i + 2);
      i += 2;
    } else if (c === ":") {
      push("colon", i, i + 1);
      i++;
    } else if (c === "(") {
      depth++;
      push("lparen", i, i + 1);
      i++;
    } else if (c === ")") {
      if (depth > 0) depth--;
      push("rparen", i, i + 1);
      i++;
    } else if (c === "@") {
      KEY.lastIndex = i + 1;
      const m = KEY.exec(text);
      if (m === null) {
        throw dslError(
          source,
          { start: i, end: i + 1 },
          "Expected a key after '@', e.g. 'lpf@sweep 400'",
        );
      }
      push("key", i, KEY.lastIndex, { name: m[0] });
      i = KEY.lastIndex;
    } else if (isDigit(c) || ((c === "-" || c === ".") && isNumberStart(text, i))) {
      i = lexNumber(source, i, push);
    } else if (/[A-Za-z_]/.test(c)) {
      const rest = text.slice(i, i + 4);
      const note = NOTE.exec(rest);
      if (note !== null) {
        push("note", i, i + note[0].length, { value: noteToHz(note[0])! });
        i += note[0].length;
      } else {
        NAME.lastIndex = i;
        const m = NAME.exec(text)!;
        push("name", i, NAME.lastIndex, { name: m[0] });
        i = NAME.lastIndex;
      }
    } else {
      const ch = String.fromCodePoint(text.codePointAt(i)!);
      const before = tokens[tokens.length - 1];
      const apart = ch === "%" && before?.kind === "number" && before.unit === undefined &&
        before.end < i;
      throw dslError(
        source,
        { start: i, end: i + ch.length },
        apart
          ? `Unexpected '%' after a space; write '${before.text}%' without a space`
          : `Unexpected character '${ch}'; a line reads 'name: helper args |> helper args'`,
      );
    }
  }
  push("eof", text.length, text.length);
  return tokens;
}

/**
 * A string literal: `"…"` or `'…'` on one line (a pattern, a file name), no escapes; `#`
 * and `//` inside it are text, not comments.
 */
function lexString(
  source: Source,
  start: number,
  push: (kind: TokenKind, start: number, end: number, extra: Partial<Token>) => void,
): number {
  const text = source.text;
  const quote = text[start];
  let end = start + 1;
  while (end < text.length && text[end] !== quote && text[end] !== "\n") end++;
  if (text[end] !== quote) {
    throw dslError(
      source,
      { start, end: start + 1 },
      `Expected a closing ${quote} for this string; a string (a pattern, a file name) is written on one line`,
    );
  }
  const hole = source.interpolations.find((h) => h > start && h < end);
  if (hole !== undefined) {
    throw dslError(
      source,
      { start: hole, end: hole + 1 },
      "A ${…} inside a string is not read as a value; interpolate the whole string instead, e.g. ${`a1 ${x}`}",
    );
  }
  push("string", start, end + 1, { name: text.slice(start + 1, end) });
  return end + 1;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

function isNumberStart(text: string, i: number): boolean {
  if (text[i] === "-") return isDigit(text[i + 1]) || (text[i + 1] === "." && isDigit(text[i + 2]));
  return isDigit(text[i + 1]);
}

function lexNumber(
  source: Source,
  start: number,
  push: (kind: TokenKind, start: number, end: number, extra: Partial<Token>) => void,
): number {
  const text = source.text;
  NUMBER.lastIndex = start;
  const digits = NUMBER.exec(text)![0];
  SUFFIX.lastIndex = start + digits.length;
  const suffix = SUFFIX.exec(text)![0];
  const end = SUFFIX.lastIndex;
  const value = Number(digits);
  if (!Number.isFinite(value)) {
    throw dslError(
      source,
      { start, end },
      `Number '${digits}' is too large; write a finite number`,
    );
  }
  let unit: Unit | undefined;
  if (suffix !== "") {
    unit = UNITS.find((u) => u === suffix.toLowerCase());
    if (unit === undefined) {
      throw dslError(
        source,
        { start: start + digits.length, end },
        `Unknown unit '${suffix}' in '${digits}${suffix}'; use ${unitList()}`,
      );
    }
  }
  push("number", start, end, { value, unit });
  return end;
}
