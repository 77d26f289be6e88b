/**
 * Where a sample lives: a session's path resolved against the session file, and the real file
 * behind it with the size and modification time the cache checks.
 * @module
 */

import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { fileProblem, SampleError, sampleMessage } from "./sample_error.ts";

/** Options for resolving (and loading) a sample path. */
export interface SamplePathOptions {
  /**
   * The file a relative path is relative to, usually the session file: a path or a `file:` URL
   * such as `import.meta.url`. Paths resolve against its folder, like imports do.
   * @default {the current working directory (paths resolve as if against a file in it)}
   */
  base?: string | URL;
}

/**
 * Turns a sample path as a session writes it into an absolute path: absolute paths and `file:`
 * URLs stay where they point, relative ones resolve against the folder of `options.base`.
 *
 * @param path The path as written (`"kick.wav"`, `"../kit/snare.wav"`, `"file:///…"`).
 * @param options `base`: the file the path is relative to.
 * @returns An absolute path (not yet checked to exist).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(resolveSamplePath("kick.wav", { base: "file:///s/set.lel.ts" }), "/s/kick.wav");
 * assert.equal(resolveSamplePath("../k/hat.wav", { base: "/s/set.lel.ts" }), "/k/hat.wav");
 * assert.equal(resolveSamplePath("/x/clap.wav", { base: "/s/set.lel.ts" }), "/x/clap.wav");
 * ```
 */
export function resolveSamplePath(path: string, options: SamplePathOptions = {}): string {
  if (path.startsWith("file:")) return fileURLToPath(path);
  if (isAbsolute(path)) return resolve(path);
  const base = options.base;
  if (base === undefined) return resolve(path);
  const file = base instanceof URL || base.startsWith("file:") ? fileURLToPath(base) : base;
  return resolve(dirname(resolve(file)), path);
}

/** A sample file as the cache sees it. */
export interface SampleStat {
  /** The real absolute path (symbolic links resolved): the cache key. */
  readonly path: string;
  /** Size in bytes. */
  readonly size: number;
  /** Modification time in milliseconds since the epoch (-1 where the file system has none). */
  readonly mtimeMs: number;
}

/**
 * Finds the real file behind a sample path and reads its size and modification time.
 *
 * @param requested The path as the session wrote it (for messages).
 * @param absolute The absolute path from {@linkcode resolveSamplePath}.
 * @returns Its real path, size and mtime.
 * @throws {SampleError} When it does not exist, is a folder, or cannot be looked at.
 */
export function statSample(requested: string, absolute: string): SampleStat {
  let path: string;
  let info: Deno.FileInfo;
  try {
    path = Deno.realPathSync(absolute);
    info = Deno.statSync(path);
  } catch (error) {
    throw new SampleError(
      sampleMessage(requested, absolute, fileProblem(error)),
      requested,
      absolute,
      { cause: error },
    );
  }
  if (info.isDirectory) {
    throw new SampleError(sampleMessage(requested, path, { kind: "folder" }), requested, path);
  }
  return { path, size: info.size, mtimeMs: info.mtime?.getTime() ?? -1 };
}
