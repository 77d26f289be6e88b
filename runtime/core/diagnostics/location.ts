/**
 * Finds the user's code in a stack trace: the first frame outside lel's own folders.
 * @module
 */

import { fileURLToPath } from "node:url";
import { relative } from "node:path";

const LEL_ROOT = new URL("../../../", import.meta.url).href;
const LEL_OWN = ["runtime/", "helpers/", "dsl/", "mod.ts"].map((p) => LEL_ROOT + p);
const FRAME = /(file:\/\/[^\s)]+?):(\d+):(\d+)/g;
const EVAL_FRAME = /(file:\/\/[^\s,)]+), <anonymous>:(\d+:\d+)/g;

const MIRRORS = Symbol.for("lel.mirrors");
const POSITIONS = Symbol.for("lel.mirrorPositions");
/** Maps a 1-based line and column in a copy to the user's file. */
export type PositionMap = (line: number, column: number) => { line: number; column: number };
type MirrorGlobal = typeof globalThis & {
  [MIRRORS]?: Map<string, string>;
  [POSITIONS]?: Map<string, PositionMap>;
};

function mirrors(): Map<string, string> {
  const g = globalThis as MirrorGlobal;
  return g[MIRRORS] ??= new Map();
}

function positions(): Map<string, PositionMap> {
  const g = globalThis as MirrorGlobal;
  return g[POSITIONS] ??= new Map();
}

/**
 * Records that `mirrorUrl` is a reload copy of `originalUrl`, so stack frames and messages that
 * name the copy are shown with the user's own file.
 *
 * @param mirrorUrl URL of the copy that was imported.
 * @param originalUrl URL of the user's file.
 * @param toOriginal Where a place in the copy is in the user's file, when the copy wraps it in
 *   code of its own (a REPL block); by default the same line and column.
 */
export function registerMirror(
  mirrorUrl: string,
  originalUrl: string,
  toOriginal?: PositionMap,
): void {
  mirrors().set(mirrorUrl, originalUrl);
  if (toOriginal !== undefined) positions().set(mirrorUrl, toOriginal);
}

function mapPosition(url: string, line: number, column: number): { line: number; column: number } {
  return positions().get(url.replace(/[?#].*$/, ""))?.(line, column) ?? { line, column };
}

/**
 * The user's file URL for a URL that may be a reload copy.
 *
 * @param url A module URL (query and fragment are ignored).
 * @returns The original URL, or `url` itself.
 */
export function originalUrl(url: string): string {
  const bare = url.replace(/[?#].*$/, "");
  return mirrors().get(bare) ?? bare;
}

/**
 * Replaces every reload-copy URL in a text (an error message, a stack) with the user's path.
 *
 * @param text Any text.
 * @returns The text with copies named as the user's files.
 */
export function unmirror(text: string): string {
  if (mirrors().size === 0) return text;
  return evalFrames(text).replace(/file:\/\/[^\s)"'`]+/g, (url) => {
    const m = /^(.*?)((?::\d+){0,2})$/.exec(url)!;
    const original = mirrors().get(m[1]);
    if (original === undefined) return url;
    const at = /^:(\d+):(\d+)$/.exec(m[2]);
    if (at === null) return original + m[2];
    const { line, column } = mapPosition(m[1], Number(at[1]), Number(at[2]));
    return `${original}:${line}:${column}`;
  });
}

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
 * Stack frames of code run by `eval` (a session module loaded as a script) as plain
 * `file:line:column` frames: V8 writes them `eval at … (file:///…, <anonymous>:L:C)`.
 */
function evalFrames(text: string): string {
  return text.includes(", <anonymous>:") ? text.replace(EVAL_FRAME, "$1:$2") : text;
}

/**
 * Whether a resolved URL is one of lel's own modules (shared by every reload, never mirrored,
 * and skipped when a stack is searched for the user's frame).
 *
 * @param url A resolved URL.
 * @returns True for files under lel's `runtime/`, `helpers/`, `dsl/` and `mod.ts`.
 */
export function isLelOwn(url: string): boolean {
  return LEL_OWN.some((own) => url.startsWith(own));
}

/**
 * The first stack frame that is not lel's own code.
 *
 * @param stack An `Error.stack` string.
 * @returns The location, or `undefined` when the stack has none.
 */
export function userLocation(stack: string | undefined): SourceLocation | undefined {
  if (stack === undefined) return undefined;
  for (const match of evalFrames(stack).matchAll(FRAME)) {
    const url = originalUrl(match[1]);
    if (isLelOwn(url)) continue;
    const { line, column } = mapPosition(match[1], Number(match[2]), Number(match[3]));
    return { file: displayPath(url), line, column };
  }
  return undefined;
}

/**
 * The user's file (not lel's own) that the innermost frame of a stack is in, as its original
 * URL (a reload copy maps back to the file it copies).
 *
 * @param stack An `Error().stack`.
 * @returns The file URL, or undefined when no frame is in a user file.
 */
export function userFileUrl(stack: string | undefined): string | undefined {
  if (stack === undefined) return undefined;
  for (const match of evalFrames(stack).matchAll(FRAME)) {
    const url = originalUrl(match[1]);
    if (!isLelOwn(url)) return url;
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
