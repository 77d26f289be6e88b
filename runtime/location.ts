/**
 * Finds the user's code in a stack trace: the first frame outside lel's own folders.
 * @module
 */

import { fileURLToPath } from "node:url";
import { relative } from "node:path";

const LEL_ROOT = new URL("../", import.meta.url).href;
const LEL_OWN = ["runtime/", "helpers/", "dsl/", "mod.ts"].map((p) => LEL_ROOT + p);
const FRAME = /(file:\/\/[^\s)]+?):(\d+):(\d+)/g;

/** A place in a source file. */
export interface SourceLocation {
  /** Path relative to the working directory (or the URL when not a file). */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

/**
 * The first stack frame that is not lel's own code.
 *
 * @param stack An `Error.stack` string.
 * @returns The location, or `undefined` when the stack has none.
 */
export function userLocation(stack: string | undefined): SourceLocation | undefined {
  if (stack === undefined) return undefined;
  for (const match of stack.matchAll(FRAME)) {
    const url = match[1].replace(/[?#].*$/, "");
    if (LEL_OWN.some((own) => url.startsWith(own))) continue;
    return { file: displayPath(url), line: Number(match[2]), column: Number(match[3]) };
  }
  return undefined;
}

/**
 * A file URL as a path relative to the working directory, when that is shorter.
 *
 * @param url A `file://` URL.
 * @returns The display path.
 */
export function displayPath(url: string): string {
  try {
    const path = fileURLToPath(url);
    const rel = relative(Deno.cwd(), path);
    return rel.startsWith("..") ? path : rel;
  } catch {
    return url;
  }
}

/**
 * `file:line:col` for messages.
 *
 * @param loc A location.
 * @returns The formatted location.
 */
export function formatLocation(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}
