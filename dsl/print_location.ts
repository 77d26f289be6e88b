/**
 * Prints where in a session file something went wrong: the line with one line of context
 * either side (as the template reads, `${…}` for interpolations), numbered with the session
 * file's own line numbers, and carets under the offending text, in the style of graphql-js
 * `printLocation` (and of the session loader's frames).
 * @module
 */

import type { Source } from "./source.ts";

/** A span of the template text: `[start, end)` offsets. */
export interface Span {
  start: number;
  end: number;
}

/**
 * The caret frame for a span.
 *
 * @param source The template.
 * @param span What to point at (a zero-length span gets one caret).
 * @returns The frame: numbered lines and a caret line.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { printLocation, Source } from "@lel/lel";
 * const source = new Source("drone: saw 55 |> lfp 400", { file: "live.lel.ts", line: 3 });
 * assert.equal(
 *   printLocation(source, { start: 17, end: 20 }),
 *   "3 | drone: saw 55 |> lfp 400\n  |                  ^^^",
 * );
 * ```
 */
export function printLocation(source: Source, span: Span): string {
  const { line } = source.position(span.start);
  const at = source.templatePosition(span.start);
  const starts = source.lineStarts();
  const rows: [string, string][] = [];
  const fileLine = (i: number) => String(source.position(starts[i]).line);
  const lineNo = String(line);
  if (at.line > 0 && source.lineText(at.line - 1).trim() !== "") {
    rows.push([fileLine(at.line - 1), source.lineText(at.line - 1)]);
  }
  const text = source.lineText(at.line);
  rows.push([lineNo, text]);
  const indent = at.line === 0 ? Math.max(0, source.column - 1) : 0;
  const caretAt = indent + at.column;
  const lineEnd = starts[at.line] + text.length - indent;
  const width = Math.max(1, Math.min(span.end, lineEnd) - span.start);
  rows.push(["", " ".repeat(caretAt) + "^".repeat(width)]);
  if (at.line + 1 < starts.length && source.lineText(at.line + 1).trim() !== "") {
    rows.push([fileLine(at.line + 1), source.lineText(at.line + 1)]);
  }
  const pad = Math.max(...rows.map(([n]) => n.length));
  return rows
    .map(([n, t]) => `${n.padStart(pad)} |${t === "" ? "" : " " + t.replaceAll("\t", " ")}`)
    .map((row) => row.trimEnd())
    .join("\n");
}
