/**
 * The error a failed session load reports: where (the user's file, line and column), what,
 * and a caret frame; and the conversion of whatever a session's import threw into one.
 * @module
 */

import { fileURLToPath, pathToFileURL } from "node:url";
import {
  codeFrame,
  originalUrl,
  type SourceLocation,
  unmirror,
  userLocation,
} from "../core/diagnostics/location.ts";

/** A failed load: where, what, and a caret frame from the user's file. */
export class SessionError extends Error {
  /** The user's file, as shown (relative to the working directory when inside it). */
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** Caret frame from the file, or "". */
  readonly frame: string;

  constructor(
    message: string,
    location: SourceLocation | { file: string; line?: undefined; column?: undefined } | undefined,
    frame: string,
    cause: unknown,
  ) {
    super(message, { cause });
    this.name = "SessionError";
    this.file = location?.file;
    this.line = location?.line;
    this.column = location?.column;
    this.frame = frame;
  }

  /** The error block printed on a failed save: `file:line:col: message` and the frame. */
  format(): string {
    const where = this.file === undefined
      ? ""
      : this.line === undefined
      ? `${this.file}: `
      : `${this.file}:${this.line}:${this.column}: `;
    return `${where}${this.message}${this.frame === "" ? "" : "\n" + this.frame}`;
  }
}

/**
 * Turns anything a session import threw into a located SessionError.
 *
 * @param error What the import threw.
 * @returns The error, located in the user's file when the stack or message names it.
 */
export async function toSessionError(error: unknown): Promise<SessionError> {
  if (error instanceof SessionError) return error;
  if (isLocated(error)) {
    const frame = typeof error.frame === "string" ? error.frame : "";
    const loc = { file: error.file, line: error.line, column: error.column };
    return new SessionError(unmirror(error.message), loc, frame, error);
  }
  const err = error instanceof Error ? error : new Error(String(error));
  const raw = unmirror(err.message);
  // Deno reports parse errors as TypeError("SyntaxError: msg\n  |\n2 | …\n    at file:…:2:11").
  const syntax = /^SyntaxError: ([^\n]*)/.exec(raw);
  const message = syntax !== null
    ? `${syntax[1]} (SyntaxError)`
    : `${err.name}: ${raw.split("\n")[0]}`;
  const location = userLocation(unmirror(`${err.message}\n${err.stack ?? ""}`)) ??
    userLocation(err.message.includes("file://") ? err.message : undefined);
  return new SessionError(message, location, await frameAt(location), error);
}

/**
 * The caret frame at a location in the user's file, or "" when it cannot be read.
 *
 * @param location Where (a display path, as locations carry).
 * @returns The frame.
 */
export async function frameAt(location: SourceLocation | undefined): Promise<string> {
  if (location === undefined) return "";
  try {
    const path = fileURLToPath(originalUrl(pathToFileURL(location.file).href));
    return codeFrame(await Deno.readTextFile(path), location.line, location.column);
  } catch {
    return "";
  }
}

interface Located {
  message: string;
  file: string;
  line: number;
  column: number;
  frame?: unknown;
}

function isLocated(error: unknown): error is Located {
  if (!(error instanceof Error)) return false;
  const e = error as unknown as Record<string, unknown>;
  return typeof e.file === "string" && typeof e.line === "number" && typeof e.column === "number";
}
