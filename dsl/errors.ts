/**
 * The DSL's one error type: a `SyntaxError` that knows where in the session file it happened.
 * @module
 */

import { formatLocated, type Located } from "../runtime/core/diagnostics/located_error.ts";
import { printLocation, type Span } from "./print_location.ts";
import type { Source } from "./source.ts";

/** Where a DSL error happened and the frame that shows it. */
export interface DslErrorLocation {
  /** Session file (relative to the working directory when shorter), or `<template>`. */
  file: string;
  /** 1-based line in the file. */
  line: number;
  /** 1-based column in the file. */
  column: number;
  /** The offending line (with a line of context either side) and carets under the problem. */
  frame: string;
}

/**
 * A mistake in a `lel` template (or a helper that refused its arguments while the template was
 * built). `message` is the one-line reason; {@linkcode DslSyntaxError.format} adds the
 * location and the caret frame.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compile, DslSyntaxError } from "@lel/lel";
 * try {
 *   compile("drone: saw 55 |> lfp 400");
 *   assert.fail("expected an error");
 * } catch (error) {
 *   assert.ok(error instanceof DslSyntaxError);
 *   assert.equal(error.message, "Unknown helper 'lfp'; did you mean 'lpf'?");
 *   assert.equal(error.column, 18);
 * }
 * ```
 */
export class DslSyntaxError extends SyntaxError implements Located {
  /** Session file, or `<template>`. */
  readonly file: string;
  /** 1-based line in the session file. */
  readonly line: number;
  /** 1-based column in the session file. */
  readonly column: number;
  /** The offending line with context and carets under the problem. */
  readonly frame: string;

  /**
   * Creates an error at a place in a template; `dslError` builds one from a span.
   *
   * @param message The one-line reason, saying what to do.
   * @param location File, line, column and frame.
   * @param options The cause (a helper's own error, when it refused its arguments).
   */
  constructor(message: string, location: DslErrorLocation, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DslSyntaxError";
    this.file = location.file;
    this.line = location.line;
    this.column = location.column;
    this.frame = location.frame;
  }

  /** `file:line:column: message`, then the frame: the block printed for a failed save. */
  format(): string {
    return formatLocated(this, this.message);
  }

  /** `DslSyntaxError: ` and {@linkcode format}. */
  override toString(): string {
    return `${this.name}: ${this.format()}`;
  }
}

/**
 * A {@linkcode DslSyntaxError} pointing at a span of a template.
 *
 * @param source The template.
 * @param span What to point at.
 * @param message The reason (sentence case, no trailing period, saying what to do).
 * @param cause The original error, when wrapping one.
 * @returns The error (to throw).
 */
export function dslError(
  source: Source,
  span: Span,
  message: string,
  cause?: unknown,
): DslSyntaxError {
  const { line, column } = source.position(span.start);
  const frame = printLocation(source, span);
  return new DslSyntaxError(
    message,
    { file: source.file, line, column, frame },
    cause === undefined ? undefined : { cause },
  );
}
