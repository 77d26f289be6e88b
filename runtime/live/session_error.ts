/**
 * The error a failed session load reports: where (the user's file, line and column), what,
 * and a caret frame; and the conversion of whatever a session's import threw into one.
 * @module
 */

import { fileURLToPath, pathToFileURL } from "node:url";
import { codeFrame } from "../core/diagnostics/code_frame.ts";
import { denoSyntaxError, isLocated, LocatedError } from "../core/diagnostics/located_error.ts";
import {
  originalUrl,
  type SourceLocation,
  unmirror,
  userLocation,
} from "../core/diagnostics/location.ts";

/** A failed load: where, what, and a caret frame from the user's file. */
export class SessionError extends LocatedError {
  /**
   * Creates the error for a failed load.
   *
   * @param message The one-line reason.
   * @param location Where in the user's file (a file alone when no line is known).
   * @param frame Caret frame from the file, or "".
   * @param cause What went wrong underneath.
   */
  constructor(
    message: string,
    location: SourceLocation | { file: string; line?: undefined; column?: undefined } | undefined,
    frame: string,
    cause: unknown,
  ) {
    super(message, location, frame, { cause });
    this.name = "SessionError";
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
  const syntax = denoSyntaxError(raw);
  const message = syntax !== undefined
    ? `${syntax} (SyntaxError)`
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
