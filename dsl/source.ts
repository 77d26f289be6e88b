/**
 * The text of one `lel` template and where it sits in the session file.
 *
 * The template's literal chunks are joined with {@linkcode INTERPOLATION_TEXT} in place of each
 * `${…}`, so the lexer sees one string and frames show `${…}` where the code had an
 * expression. Offsets into that string map back to the session file's own line and column:
 * exactly when the file can be read and still holds the template, otherwise by counting the
 * template's own lines (exact unless an interpolation spans lines or precedes the error on the
 * same line).
 * @module
 */

import { templateParts } from "../runtime/core/diagnostics/ts_scanner.ts";

/** What stands for each `${…}` in {@linkcode Source.text}. */
export const INTERPOLATION_TEXT = "${…}";

/** A 1-based line and column in the session file. */
export interface Position {
  /** 1-based line in the session file. */
  line: number;
  /** 1-based column in the session file. */
  column: number;
}

/** Where a template came from; every field is optional. */
export interface SourceOptions {
  /** File name shown in errors. @default {"<template>"} */
  file?: string;
  /** 1-based line of the template's first character (just after the backtick). @default {1} */
  line?: number;
  /** 1-based column of the template's first character. @default {1} */
  column?: number;
  /**
   * The session file's full text, to map offsets exactly past interpolations (read lazily by
   * the tag only when an error needs a position).
   */
  fileText?: () => string | undefined;
}

/** One template: its text (interpolations as `${…}`) and its place in a file. */
export class Source {
  /** The chunks joined with `${…}`. */
  readonly text: string;
  /** The literal chunks, as written (raw). */
  readonly chunks: readonly string[];
  /** Offset in {@linkcode text} of each interpolation's `${…}`. */
  readonly interpolations: readonly number[];
  /** File name shown in errors (`<template>` when not given). */
  readonly file: string;
  /** 1-based line of the template's first character in the file. */
  readonly line: number;
  /** 1-based column of the template's first character in the file. */
  readonly column: number;
  #fileText: (() => string | undefined) | undefined;
  #fileStarts: number[] | null | undefined;
  #fileContent: string | undefined;
  #lineStarts: number[] | undefined;

  /**
   * Joins the chunks into {@linkcode text}, remembering where each `${…}` is.
   *
   * @param chunks The template's literal parts (one more than there are interpolations).
   * @param options Where the template is.
   */
  constructor(chunks: string | readonly string[], options: SourceOptions = {}) {
    this.chunks = typeof chunks === "string" ? [chunks] : chunks;
    const starts: number[] = [];
    let text = this.chunks[0] ?? "";
    for (let i = 1; i < this.chunks.length; i++) {
      starts.push(text.length);
      text += INTERPOLATION_TEXT + this.chunks[i];
    }
    this.text = text;
    this.interpolations = starts;
    this.file = options.file ?? "<template>";
    this.line = options.line ?? 1;
    this.column = options.column ?? 1;
    this.#fileText = options.fileText;
  }

  /**
   * The session-file position of an offset into {@linkcode text}.
   *
   * @param offset Offset into the template text.
   * @returns 1-based line and column.
   */
  position(offset: number): Position {
    const exact = this.#exactPosition(offset);
    if (exact !== undefined) return exact;
    const { line, column } = this.templatePosition(offset);
    return { line: this.line + line, column: line === 0 ? this.column + column : column + 1 };
  }

  /**
   * The 0-based template line and 0-based column of an offset, as shown in frames.
   *
   * @param offset Offset into the template text.
   * @returns Template line index and column within it.
   */
  templatePosition(offset: number): { line: number; column: number } {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, column: offset - starts[lo] };
  }

  /** Offsets in {@linkcode text} where each template line starts. */
  lineStarts(): readonly number[] {
    if (this.#lineStarts !== undefined) return this.#lineStarts;
    const starts = [0];
    const text = this.text;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
    this.#lineStarts = starts;
    return starts;
  }

  /**
   * One template line as frames show it (no line break; the first line indented to its column
   * in the file, so the caret lines up with what the editor shows).
   *
   * @param index 0-based template line.
   * @returns The line's text.
   */
  lineText(index: number): string {
    const starts = this.lineStarts();
    const start = starts[index];
    const end = index + 1 < starts.length ? starts[index + 1] - 1 : this.text.length;
    const text = this.text.slice(start, end).replace(/\r$/, "");
    return index === 0 ? " ".repeat(Math.max(0, this.column - 1)) + text : text;
  }

  #exactPosition(offset: number): Position | undefined {
    const starts = this.#chunkStartsInFile();
    if (starts === null) return undefined;
    const content = this.#fileContent!;
    // Find the chunk holding the offset; an offset inside `${…}` maps to its `$`.
    let textStart = 0;
    let fileOffset = 0;
    for (let k = 0; k < this.chunks.length; k++) {
      const end = textStart + this.chunks[k].length;
      if (offset <= end || k === this.chunks.length - 1) {
        fileOffset = starts[k] + Math.min(offset - textStart, this.chunks[k].length);
        break;
      }
      const next = end + INTERPOLATION_TEXT.length;
      if (offset < next) {
        fileOffset = starts[k] + this.chunks[k].length;
        break;
      }
      textStart = next;
    }
    return offsetToPosition(content, fileOffset);
  }

  /** File offsets of each chunk, or null when the file is unavailable or does not match. */
  #chunkStartsInFile(): number[] | null {
    if (this.#fileStarts !== undefined) return this.#fileStarts;
    this.#fileStarts = null;
    const content = this.#fileText?.();
    if (content === undefined) return null;
    const starts = locateChunks(content, this.line, this.column, this.chunks);
    if (starts === undefined) return null;
    this.#fileContent = content;
    this.#fileStarts = starts;
    return starts;
  }
}

/** A file offset as a 1-based line and column. */
function offsetToPosition(content: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < content.length; i++) {
    if (content.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Finds the template's chunks in the file text: the first chunk starts at (line, column) or
 * just after the backtick that follows it (V8 reports the end of the tag expression); the
 * TypeScript scanner splits the template literal there into its text parts (skipping each
 * `${ expression }` whatever strings, comments, regexes or templates it holds), and every
 * part must be its chunk, literally.
 *
 * @returns The file offset of each chunk, or `undefined` when the file does not match.
 */
function locateChunks(
  content: string,
  line: number,
  column: number,
  chunks: readonly string[],
): number[] | undefined {
  let at = 0;
  for (let l = 1; l < line; l++) {
    const nl = content.indexOf("\n", at);
    if (nl < 0) return undefined;
    at = nl + 1;
  }
  at += column - 1;
  if (!content.startsWith(chunks[0], at) || content[at - 1] !== "`") {
    // The stack named the tag's end, not the template: the backtick is after blanks.
    let i = at - 1;
    while (i < content.length && (i < at || /\s/.test(content[i]))) i++;
    if (content[i] !== "`" || !content.startsWith(chunks[0], i + 1)) return undefined;
    at = i + 1;
  }
  const parts = templateParts(content, at - 1);
  if (parts === undefined || parts.length !== chunks.length) return undefined;
  for (let k = 0; k < chunks.length; k++) {
    const [start, end] = parts[k];
    if (end - start !== chunks[k].length || !content.startsWith(chunks[k], start)) {
      return undefined;
    }
  }
  return parts.map(([start]) => start);
}
