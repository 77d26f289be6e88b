/**
 * The files a session is made of: the session and, transitively, every local module it
 * imports (found with the import scanner, so imports in comments and strings do not count),
 * plus the files of lel itself that it imports directly. `render` uses it to refuse an `--out`
 * that would overwrite one of them.
 * @module
 */

import { fileURLToPath, pathToFileURL } from "node:url";
import { importSpecifiers } from "./import_specifiers.ts";
import { isLelOwn } from "../core/diagnostics/location.ts";

const SCRIPT = /\.(?:[cm]?[jt]sx?)$/;

/**
 * The session's files, the session first. Files that cannot be read are listed but not
 * followed (the import will report them).
 *
 * @param entry The session file (absolute path).
 * @returns Absolute paths, each once.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.ts`, '// import "./no.ts"\nimport "./b.ts";');
 * await Deno.writeTextFile(`${dir}/b.ts`, "export {};");
 * assert.deepEqual(await localModules(`${dir}/a.ts`), [`${dir}/a.ts`, `${dir}/b.ts`]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function localModules(entry: string): Promise<string[]> {
  const queue = [pathToFileURL(entry).href];
  const seen = new Set<string>();
  const files: string[] = [];
  while (queue.length > 0) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const path = fileURLToPath(url);
    files.push(path);
    if (isLelOwn(url) || !SCRIPT.test(path)) continue;
    let text: string;
    try {
      text = await Deno.readTextFile(path);
    } catch {
      continue;
    }
    for (const { specifier } of importSpecifiers(text)) {
      if (!/^(?:\.\.?\/|\/|file:)/.test(specifier)) continue;
      try {
        const dep = new URL(specifier, url);
        if (dep.protocol === "file:") queue.push(dep.href.replace(/[?#].*$/, ""));
      } catch {
        // Not a URL: the import itself will say so.
      }
    }
  }
  return files;
}
