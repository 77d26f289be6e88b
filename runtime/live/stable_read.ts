/**
 * Reads a file that someone may be writing at the same moment: the text is returned only when
 * the file's size and modification time are the same before and after the read and the text is
 * as long as the size says, so a read that raced a write is done again instead of returning a
 * mix of old and new.
 * @module
 */

/** Reads tried before giving up on a file that keeps changing under the reader. */
const MAX_TRIES = 20;
/** Pause between tries, in milliseconds. */
const RETRY_MS = 5;

/** The file changed on every try. */
export class UnstableFileError extends Error {
  /**
   * Creates the error; its message says to save the file again.
   *
   * @param path The file.
   * @param tries How many reads were tried.
   */
  constructor(readonly path: string, tries: number) {
    super(`Cannot read '${path}': it changed during each of ${tries} reads; save it again`);
    this.name = "UnstableFileError";
  }
}

/**
 * Reads a text file consistently (see the module doc).
 *
 * @param path The file.
 * @returns Its text.
 * @throws {Deno.errors.NotFound} When it does not exist.
 * @throws {UnstableFileError} When it changed during every try (about 100 ms of tries).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, "hello");
 * assert.equal(await readStable(path), "hello");
 * await Deno.remove(path);
 * ```
 */
export async function readStable(path: string): Promise<string> {
  for (let tries = 1;; tries++) {
    const before = await Deno.stat(path);
    const bytes = await Deno.readFile(path);
    const after = await Deno.stat(path);
    if (same(before, after) && bytes.length === after.size) {
      return new TextDecoder().decode(bytes);
    }
    if (tries === MAX_TRIES) throw new UnstableFileError(path, tries);
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}

function same(a: Deno.FileInfo, b: Deno.FileInfo): boolean {
  return a.size === b.size && a.mtime?.getTime() === b.mtime?.getTime() && a.ino === b.ino;
}
