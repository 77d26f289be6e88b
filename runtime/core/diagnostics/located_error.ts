/**
 * Errors that know where in the user's text they happened: the {@linkcode Located} shape
 * (file, line, column and a caret frame) that a session load, a REPL block, a DSL template and
 * a refused signal all report, one way to print it, and the two things every consumer of such
 * errors needs: recognising one, and reading Deno's parse errors.
 * @module
 */

import type { SourceLocation } from "./location.ts";

/** Where an error happened and the caret frame that shows it. */
export interface Located {
  /** The user's file, as shown (relative to the working directory when inside it). */
  readonly file: string | undefined;
  /** 1-based line, when known. */
  readonly line: number | undefined;
  /** 1-based column, when known. */
  readonly column: number | undefined;
  /** The caret frame, or "". */
  readonly frame: string;
}

/**
 * An error with a place: the base of the errors lel reports against the user's text (a
 * failed session load, a REPL block, a refused signal). The DSL's `DslSyntaxError` has the
 * same fields but extends `SyntaxError`, and prints through {@linkcode formatLocated} too.
 */
export class LocatedError extends Error implements Located {
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly frame: string;

  /**
   * Creates an error at a place in the user's text.
   *
   * @param message The one-line reason.
   * @param location Where, when known (a file alone, or a line and column alone, will do).
   * @param frame The caret frame, or "".
   * @param options The cause.
   */
  constructor(
    message: string,
    location: Partial<SourceLocation> | undefined,
    frame: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "LocatedError";
    this.file = location?.file;
    this.line = location?.line;
    this.column = location?.column;
    this.frame = frame;
  }

  /** `file:line:column: message` (the parts that are known), then the frame. */
  format(): string {
    return formatLocated(this, this.message);
  }
}

/**
 * The block an error prints as: `file:line:column: message` with whatever of the place is
 * known (`file: message`, `line:column: message` or just the message), then the frame.
 *
 * @param where The place and the frame.
 * @param message The reason.
 * @returns The text.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const at = { file: "a.ts", line: 2, column: 7, frame: "" };
 * assert.equal(formatLocated(at, "Unexpected token"), "a.ts:2:7: Unexpected token");
 * assert.equal(formatLocated({ ...at, file: undefined }, "no"), "2:7: no");
 * ```
 */
export function formatLocated(where: Located, message: string): string {
  const parts: (string | number)[] = [];
  if (where.file !== undefined) parts.push(where.file);
  if (where.line !== undefined) parts.push(where.line, where.column ?? 1);
  const prefix = parts.length === 0 ? "" : `${parts.join(":")}: `;
  return `${prefix}${message}${where.frame === "" ? "" : "\n" + where.frame}`;
}

/** An error carrying a file, a line and a column (whatever its class). */
export type LocatedLike = Error & {
  file: string;
  line: number;
  column: number;
  frame?: unknown;
};

/**
 * Whether an error says where it happened: a file, a line and a column (a `DslSyntaxError`,
 * a `SessionError` with a line, a `SignalRefusedError` with a site).
 *
 * @param error Anything thrown.
 * @returns True when it carries all three.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(isLocated(Object.assign(new Error("x"), { file: "a", line: 1, column: 2 })), true);
 * assert.equal(isLocated(new Error("x")), false);
 * ```
 */
export function isLocated(error: unknown): error is LocatedLike {
  if (!(error instanceof Error)) return false;
  const e = error as unknown as Record<string, unknown>;
  return typeof e.file === "string" && typeof e.line === "number" && typeof e.column === "number";
}

/**
 * The reason of a parse error as Deno reports it when a module does not parse: a `TypeError`
 * whose message starts `SyntaxError: reason`, then a frame and the place.
 *
 * @param message The error's message.
 * @returns The reason, or undefined when it is not a parse error.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(denoSyntaxError("SyntaxError: Expected ';'\n  at file:///a.ts:2:11"), "Expected ';'");
 * assert.equal(denoSyntaxError("TypeError: x is not a function"), undefined);
 * ```
 */
export function denoSyntaxError(message: string): string | undefined {
  return /^SyntaxError: ([^\n]*)/.exec(message)?.[1];
}
