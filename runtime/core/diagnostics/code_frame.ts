/**
 * The one caret-frame printer: numbered lines of source with carets under what went wrong, in
 * the style of graphql-js `printLocation`. Session load errors, REPL replies and the DSL's
 * errors (which number a template's lines with the session file's) all print through
 * {@linkcode printFrame}.
 * @module
 */

/** One line of a frame: the number shown in the gutter and its text. */
export interface FrameLine {
  /** The line's number as the user's file has it (1-based). */
  number: number;
  /** The line's text, without its line break. */
  text: string;
}

/** Where the carets go. */
export interface FrameCaret {
  /** Index into the frame's lines of the line to point at. */
  line: number;
  /** 0-based column of the first caret in that line's text. */
  column: number;
  /** How many carets (at least one). @default {1} */
  width?: number;
}

/** How many lines of context a frame shows around its line; every field is optional. */
export interface FrameContext {
  /** Lines before. @default {1} */
  before?: number;
  /** Lines after. @default {0} */
  after?: number;
}

/**
 * Prints a caret frame: the pointed-at line with up to `before` lines above and `after` below
 * (blank context lines are left out), a gutter with the lines' numbers, and a caret line.
 * Tabs print as one space, so the carets line up; trailing blanks are trimmed.
 *
 * @param lines The candidate lines, in order (context and the pointed-at line).
 * @param caret Which line, and where in it.
 * @param context Lines of context either side.
 * @returns The frame, or "" when `caret.line` is not one of `lines`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const lines = [{ number: 6, text: "# bell" }, { number: 7, text: "bell: sin a5 |> dleay 250ms" }];
 * assert.equal(
 *   printFrame(lines, { line: 1, column: 16, width: 5 }),
 *   "6 | # bell\n7 | bell: sin a5 |> dleay 250ms\n  |                 ^^^^^",
 * );
 * ```
 */
export function printFrame(
  lines: readonly FrameLine[],
  caret: FrameCaret,
  context: FrameContext = {},
): string {
  const at = lines[caret.line];
  if (at === undefined) return "";
  const before = context.before ?? 1;
  const after = context.after ?? 0;
  const rows: [string, string][] = [];
  const add = (line: FrameLine | undefined, focus: boolean) => {
    if (line !== undefined && (focus || line.text.trim() !== "")) {
      rows.push([String(line.number), line.text]);
    }
  };
  for (let i = Math.max(0, caret.line - before); i < caret.line; i++) add(lines[i], false);
  add(at, true);
  rows.push([
    "",
    " ".repeat(Math.max(0, caret.column)) + "^".repeat(Math.max(1, caret.width ?? 1)),
  ]);
  for (let i = caret.line + 1; i <= caret.line + after && i < lines.length; i++) {
    add(lines[i], false);
  }
  const pad = Math.max(...rows.map(([n]) => n.length));
  return rows
    .map(([n, t]) => `${n.padStart(pad)} |${t === "" ? "" : " " + t.replaceAll("\t", " ")}`)
    .map((row) => row.trimEnd())
    .join("\n");
}

/**
 * A caret frame under `line:column` of a whole file's text, with one line of context above.
 *
 * @param source The file's text.
 * @param line 1-based line.
 * @param column 1-based column.
 * @returns Lines like `7 | bell: sin a5` and `  |      ^`, or "" when the line is out of range.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(codeFrame("a\nconst = 3;", 2, 7), "1 | a\n2 | const = 3;\n  |       ^");
 * ```
 */
export function codeFrame(source: string, line: number, column: number): string {
  const texts = source.split(/\r?\n/);
  if (line < 1 || line > texts.length) return "";
  const lines = texts.map((text, i) => ({ number: i + 1, text }));
  return printFrame(lines, { line: line - 1, column: column - 1 });
}
