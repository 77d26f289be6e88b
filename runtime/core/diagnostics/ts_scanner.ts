/**
 * A small TypeScript-aware scanner: splits a source into code, comments, string literals,
 * template literal text and regular expression literals, so tools that look for code (the
 * session import rewriter, the DSL's template source mapper, the REPL's "needs more input"
 * check and its statement splitter) never mistake a comment or a string for it. It does not parse: it only knows where each
 * literal starts and ends, including `${…}` nested to any depth inside template literals.
 *
 * A `/` starts a regular expression when the previous code token cannot end an expression (an
 * operator, an opening bracket, a keyword like `return`), and is division otherwise. That is
 * the usual cheap rule; it misreads a regex right after a block's closing `}` as division, which
 * only matters to a caller that looks inside that regex.
 * @module
 */

/** What a stretch of source is. */
export type SegmentKind = "code" | "comment" | "string" | "template" | "regex";

/** One stretch of source: `source.slice(start, end)`. */
export interface Segment {
  kind: SegmentKind;
  /** Offset of the first character (UTF-16 units). */
  start: number;
  /** Offset after the last character. */
  end: number;
  /** False when the source ended inside it (an unterminated comment, string or template). */
  closed: boolean;
}

/** Keywords after which a `/` begins a regular expression rather than a division. */
const REGEX_AFTER_WORD = new Set([
  "return",
  "typeof",
  "instanceof",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "case",
  "do",
  "else",
  "yield",
  "await",
]);

const CLOSERS: Record<string, string> = { ")": "(", "]": "[", "}": "{" };

/**
 * Splits `source` into segments that cover it end to end, in order. Template literals are
 * split too: their text parts are `template` segments and each `${…}` is code (with any
 * comments, strings and templates inside it as their own segments). Adjacent code is merged.
 *
 * @param source TypeScript or JavaScript text.
 * @returns The segments; `closed: false` on the last one when the source ends inside it.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const src = 'f("a") // b';
 * assert.deepEqual(scan(src).map((s) => [s.kind, src.slice(s.start, s.end)]), [
 *   ["code", "f("], ["string", '"a"'], ["code", ") "], ["comment", "// b"],
 * ]);
 * ```
 */
export function scan(source: string): Segment[] {
  return new Scanner(source).run().segments;
}

/**
 * The code of a source: the ranges outside comments and literals, as `[start, end)` pairs.
 *
 * @param source TypeScript or JavaScript text.
 * @returns The code ranges, in order.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const src = "// import x from './a.ts'\nlet y = 1;";
 * const code = codeRanges(src).map(([a, b]) => src.slice(a, b)).join("");
 * assert.equal(code, "\nlet y = 1;");
 * ```
 */
export function codeRanges(source: string): [number, number][] {
  return scan(source).filter((s) => s.kind === "code").map((s) => [s.start, s.end]);
}

/**
 * The source with every comment and literal body blanked out (newlines kept), so offsets,
 * lines and columns still match: a regular expression over the result only ever matches code.
 * String, template and regex literals keep their delimiters, so `from "./a.ts"` becomes
 * `from "      "`; comments become spaces.
 *
 * @param source TypeScript or JavaScript text.
 * @returns A string of the same length.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(maskLiterals('a("x//y") // c'), 'a("    ")     ');
 * ```
 */
export function maskLiterals(source: string): string {
  let out = "";
  for (const s of scan(source)) {
    const text = source.slice(s.start, s.end);
    if (s.kind === "code") out += text;
    else if (s.kind === "comment") out += blank(text);
    else {
      const [open, close] = delimiters(s, text);
      out += text.slice(0, open) + blank(text.slice(open, close)) + text.slice(close);
    }
  }
  return out;
}

/** Where a literal's body starts and ends inside its text (the rest are delimiters, flags). */
function delimiters(s: Segment, text: string): [number, number] {
  if (!s.closed) return [1, text.length];
  if (s.kind === "regex") return [1, text.lastIndexOf("/")];
  if (s.kind === "template" && text.endsWith("${") && text.length >= 3) {
    return [1, text.length - 2];
  }
  return [1, Math.max(1, text.length - 1)];
}

/**
 * Whether a source is complete enough to run: no comment, string, template or regex left
 * open and every `(`, `[` and `{` closed. A REPL can keep reading lines while this is false.
 * An unmatched closer (`)` with no `(`) counts as complete: more input cannot fix it, and the
 * compiler's error says where it is.
 *
 * @param source TypeScript or JavaScript text.
 * @returns True when nothing is left open.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(isComplete("register('a', (s) => {"), false);
 * assert.equal(isComplete("const t = `${x}`; // }"), true);
 * ```
 */
export function isComplete(source: string): boolean {
  const { segments, depth } = new Scanner(source).run();
  return depth === 0 && (segments.length === 0 || segments[segments.length - 1].closed);
}

/**
 * The text parts of the template literal whose backtick is at `at`: the literal text between
 * the backtick, each `${…}` and the closing backtick (nested templates and braces inside the
 * interpolations are skipped, as are comments and strings in them).
 *
 * @param source TypeScript or JavaScript text.
 * @param at Offset of the template's opening backtick.
 * @returns Each part as `[start, end)` offsets into `source`, or undefined when there is no
 *   backtick at `at` or the template is not closed.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const src = "f(lel`a ${x} b ${`y${1}`} c`)";
 * const parts = templateParts(src, 5)!.map(([a, b]) => src.slice(a, b));
 * assert.deepEqual(parts, ["a ", " b ", " c"]);
 * ```
 */
export function templateParts(source: string, at: number): [number, number][] | undefined {
  if (source[at] !== "`") return undefined;
  const parts: [number, number][] = [];
  // Templates waiting for the `}` that ends their current `${`, innermost last (0 is ours).
  const waiting: number[] = [];
  let templates = 0;
  for (const s of scan(source.slice(at))) {
    if (s.kind !== "template") continue;
    const start = at + s.start;
    const end = at + s.end;
    const id = source[start] === "}" ? waiting.pop() : templates++;
    const opens = s.closed && end - start >= 2 && source[end - 1] === "{";
    if (opens) waiting.push(id!);
    if (id !== 0) continue;
    if (!s.closed) return undefined;
    parts.push([start + 1, end - (opens ? 2 : 1)]);
    if (!opens) return parts;
  }
  return undefined;
}

/**
 * Offsets of the given characters where they are code outside every bracket: not in a
 * comment or a literal, not inside `(…)`, `[…]`, `{…}` or a template's `${…}`.
 *
 * @param source TypeScript or JavaScript text.
 * @param chars The characters to find (each one character long).
 * @returns Their offsets, in order.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(topLevelOffsets("a; f(b; c); `${d;}`; /;/", ";"), [1, 10, 19]);
 * ```
 */
export function topLevelOffsets(source: string, chars: string): number[] {
  const out: number[] = [];
  let depth = 0;
  for (const s of scan(source)) {
    if (s.kind === "template") {
      if (source[s.start] === "}") depth = Math.max(0, depth - 1);
      if (s.closed && s.end - s.start >= 2 && source[s.end - 1] === "{") depth++;
      continue;
    }
    if (s.kind !== "code") continue;
    for (let i = s.start; i < s.end; i++) {
      const c = source[i];
      if (c === "(" || c === "[" || c === "{") depth++;
      else if (c === ")" || c === "]" || c === "}") depth = Math.max(0, depth - 1);
      else if (depth === 0 && chars.includes(c)) out.push(i);
    }
  }
  return out;
}

function blank(text: string): string {
  return text.replace(/[^\n\r]/g, " ");
}

/** One pass over the source; `${` pushes onto the bracket stack so `}` knows where it is. */
class Scanner {
  readonly #src: string;
  #pos = 0;
  readonly segments: Segment[] = [];
  /** Open brackets; `$` marks a template's `${`. */
  readonly #stack: string[] = [];
  /** The last code token: "word", "value" (ends an expression) or "punct". */
  #last: "word" | "value" | "punct" = "punct";
  #lastWord = "";
  #unmatched = false;

  constructor(source: string) {
    this.#src = source;
  }

  get depth(): number {
    return this.#unmatched ? 0 : this.#stack.length;
  }

  run(): this {
    const src = this.#src;
    let codeStart = 0;
    while (this.#pos < src.length) {
      const c = src[this.#pos];
      const next = src[this.#pos + 1];
      let literal: "comment" | "string" | "template" | "regex" | undefined;
      if (c === "/" && (next === "/" || next === "*")) literal = "comment";
      else if (c === '"' || c === "'") literal = "string";
      else if (c === "`") literal = "template";
      else if (c === "}" && this.#stack[this.#stack.length - 1] === "$") literal = "template";
      else if (c === "/" && this.#last !== "value" && !this.#afterValueWord()) literal = "regex";
      if (literal === undefined) {
        this.#code(c);
        continue;
      }
      this.#push("code", codeStart, this.#pos, true);
      const start = this.#pos;
      const closed = this.#literal(literal, c, next);
      this.#push(literal, start, this.#pos, closed);
      codeStart = this.#pos;
      if (!closed) return this;
    }
    this.#push("code", codeStart, this.#pos, true);
    return this;
  }

  #afterValueWord(): boolean {
    return this.#last === "word" && !REGEX_AFTER_WORD.has(this.#lastWord);
  }

  /** Consumes one code character (or a whole word or number) and tracks brackets. */
  #code(c: string): void {
    const src = this.#src;
    if (/[\p{ID_Start}$_\\]/u.test(c)) {
      const m = /^[\p{ID_Continue}$_\\\u200c\u200d]+/u.exec(src.slice(this.#pos, this.#pos + 256));
      const word = m === null ? c : m[0];
      this.#pos += word.length;
      this.#last = "word";
      this.#lastWord = word;
      return;
    }
    if (/[0-9.]/.test(c) && /[0-9]/.test(c === "." ? src[this.#pos + 1] ?? "" : c)) {
      const m = /^[0-9a-zA-Z_.]+/.exec(src.slice(this.#pos, this.#pos + 64))!;
      this.#pos += m[0].length;
      this.#last = "value";
      return;
    }
    this.#pos++;
    if (/\s/.test(c)) return;
    if (c === "(" || c === "[" || c === "{") this.#stack.push(c);
    else if (c in CLOSERS) {
      if (this.#stack[this.#stack.length - 1] === CLOSERS[c]) this.#stack.pop();
      else this.#unmatched = true;
    }
    this.#last = c === ")" || c === "]" || c === "}" ? "value" : "punct";
  }

  /** Consumes a literal starting at the current position; returns whether it was closed. */
  #literal(kind: "comment" | "string" | "template" | "regex", c: string, next: string): boolean {
    const src = this.#src;
    let i = this.#pos;
    switch (kind) {
      case "comment": {
        if (next === "/") {
          const end = src.indexOf("\n", i);
          this.#pos = end === -1 ? src.length : end;
          return true;
        }
        const end = src.indexOf("*/", i + 2);
        this.#pos = end === -1 ? src.length : end + 2;
        return end !== -1;
      }
      case "string": {
        for (i++; i < src.length; i++) {
          if (src[i] === "\\") i++;
          else if (src[i] === c) break;
          else if (src[i] === "\n") break;
        }
        this.#pos = Math.min(i + 1, src.length);
        this.#last = "value";
        return i < src.length && src[i] === c;
      }
      case "template": {
        if (c === "}") this.#stack.pop();
        for (i++; i < src.length; i++) {
          if (src[i] === "\\") i++;
          else if (src[i] === "`") break;
          else if (src[i] === "$" && src[i + 1] === "{") {
            this.#stack.push("$");
            this.#pos = i + 2;
            this.#last = "punct";
            return true;
          }
        }
        this.#pos = Math.min(i + 1, src.length);
        this.#last = "value";
        return i < src.length;
      }
      case "regex": {
        let inClass = false;
        for (i++; i < src.length; i++) {
          const ch = src[i];
          if (ch === "\\") i++;
          else if (ch === "\n") break;
          else if (ch === "[") inClass = true;
          else if (ch === "]") inClass = false;
          else if (ch === "/" && !inClass) break;
        }
        if (i >= src.length || src[i] !== "/") {
          this.#pos = Math.min(i, src.length);
          return false;
        }
        i++;
        while (i < src.length && /[a-z]/i.test(src[i])) i++;
        this.#pos = i;
        this.#last = "value";
        return true;
      }
    }
  }

  #push(kind: SegmentKind, start: number, end: number, closed: boolean): void {
    if (end <= start && kind === "code") return;
    const last = this.segments[this.segments.length - 1];
    if (kind === "code" && last !== undefined && last.kind === "code" && last.end === start) {
      last.end = end;
      return;
    }
    this.segments.push({ kind, start, end, closed });
  }
}
