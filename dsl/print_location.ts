/**
 * Prints where in a session file something went wrong: the line with one line of context
 * either side (as the template reads, `${…}` for interpolations), numbered with the session
 * file's own line numbers, and carets under the offending text, in the style of graphql-js
 * `printLocation`. The frame itself is drawn by the one printer every lel error uses
 * (`runtime/core/diagnostics/code_frame.ts`).
 * @module
 */

import { type FrameLine, printFrame } from "../runtime/core/diagnostics/code_frame.ts";
import type { Source } from "./source.ts";

/** A span of the template text: `[start, end)` offsets. */
export interface Span {
  /** Offset of the first character in {@linkcode Source.text}. */
  start: number;
  /** Offset just past the last character (equal to `start` for an empty span). */
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
  const at = source.templatePosition(span.start);
  const starts = source.lineStarts();
  const lines: FrameLine[] = [];
  for (let i = Math.max(0, at.line - 1); i <= at.line + 1 && i < starts.length; i++) {
    lines.push({ number: source.position(starts[i]).line, text: source.lineText(i) });
  }
  // The frame numbers its lines as the session file does: the pointed-at line's own position
  // (exact past interpolations), the context lines by where they start.
  const focus = at.line > 0 ? 1 : 0;
  lines[focus] = { ...lines[focus], number: source.position(span.start).line };
  const text = source.lineText(at.line);
  const indent = at.line === 0 ? Math.max(0, source.column - 1) : 0;
  const lineEnd = starts[at.line] + text.length - indent;
  const width = Math.max(1, Math.min(span.end, lineEnd) - span.start);
  return printFrame(lines, { line: focus, column: indent + at.column, width }, { after: 1 });
}
