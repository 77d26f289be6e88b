/**
 * Builds one load's copy of a session: the session and every local module it imports
 * (transitively), read consistently, rewritten (`module_rewrite.ts`) and written under a
 * version folder, with lel's own modules reached through per-load guard modules
 * (`load_scope.ts`), so code of an abandoned load cannot change what plays.
 * @module
 */

import { basename, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  codeFrame,
  displayPath,
  originalUrl,
  registerMirror,
  type SourceLocation,
} from "./location.ts";
import { rewriteModule } from "./module_rewrite.ts";
import { readStable } from "./stable_read.ts";

const SCRIPT = /\.(?:[cm]?[jt]sx?)$/;
const LOAD_SCOPE_URL = new URL("./load_scope.ts", import.meta.url).href;

/** One load's mirrored files. */
export interface MirroredLoad {
  version: number;
  /** URL of the session's copy (what to import). */
  entry: string;
  /** The session's text as read. */
  entryText: string;
  /** Local files, the session first. */
  files: string[];
  /** Each local file's text as read, by path. */
  texts: Map<string, string>;
  /** Digest of every source (unchanged sources: unchanged hash). */
  hash: string;
  /** The version folder. */
  dir: string;
}

/** A local file the session needs is not there. */
export class MissingFileError extends Error {
  constructor(
    readonly path: string,
    readonly location: SourceLocation | undefined,
    readonly frame: string,
  ) {
    super(`Cannot load '${displayPath(pathToFileURL(path).href)}': file not found`);
  }
}

/** Mirrors one session again and again, each time under a new version folder. */
export class MirrorBuilder {
  readonly #path: string;
  #tempDir: string | undefined;
  readonly #ownsTemp: boolean;
  /** Which module imported each local URL (for "not found" messages). */
  readonly #importers = new Map<string, SourceLocation>();
  /** Export names of lel's own modules, for their guard modules. */
  readonly #exportNames = new Map<string, string[]>();

  /**
   * @param path The session file (absolute).
   * @param tempDir Where to put the copies. @default {a new temporary folder}
   */
  constructor(path: string, tempDir: string | undefined) {
    this.#path = path;
    this.#tempDir = tempDir;
    this.#ownsTemp = tempDir === undefined;
  }

  /**
   * Mirrors every file of the session as version `version`.
   *
   * @param version The load's number (its folder is `v<version>`).
   * @param scope The load's scope number, for the guard modules.
   * @returns The copy.
   * @throws {MissingFileError} When a file is missing.
   */
  async build(version: number, scope: number): Promise<MirroredLoad> {
    const dir = join(await this.#root(), `v${version}`);
    await Deno.mkdir(dir, { recursive: true });
    const entryUrl = pathToFileURL(this.#path).href;
    const names = new Map<string, string>();
    const mirrorUrlOf = (url: string): string => {
      let target = names.get(url);
      if (target === undefined) {
        const name = `${names.size}_${basename(fileURLToPath(url))}`;
        target = pathToFileURL(join(dir, name)).href;
        names.set(url, target);
      }
      return target;
    };
    const guards = new Map<string, string>();
    const queue = [entryUrl];
    const seen = new Set<string>();
    const files: string[] = [];
    const texts = new Map<string, string>();
    const sources: string[] = [];
    while (queue.length > 0) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      seen.add(url);
      const path = fileURLToPath(url);
      files.push(path);
      const text = await readSource(path, url === entryUrl ? undefined : this.#importers.get(url));
      texts.set(path, text);
      sources.push(url, text);
      const rewritten = SCRIPT.test(path)
        ? rewriteModule(text, url, {
          local: (dep, line) => {
            this.#importers.set(dep, { file: displayPath(url), line, column: 1 });
            queue.push(dep);
            return mirrorUrlOf(dep);
          },
          own: (own) => {
            let guard = guards.get(own);
            if (guard === undefined) {
              guard = pathToFileURL(join(dir, `_lel_${guards.size}.js`)).href;
              guards.set(own, guard);
            }
            return guard;
          },
        })
        : text;
      const target = mirrorUrlOf(url);
      await Deno.writeTextFile(fileURLToPath(target), rewritten);
      registerMirror(target, url);
    }
    for (const [own, guard] of guards) {
      await Deno.writeTextFile(fileURLToPath(guard), await this.#guardModule(own, scope));
    }
    return {
      version,
      entry: mirrorUrlOf(entryUrl),
      entryText: texts.get(this.#path) ?? "",
      files,
      texts,
      hash: await digest(sources.join("\u0000")),
      dir,
    };
  }

  /**
   * Whether any file of a load changed since it was read (or went missing).
   *
   * @param load The load.
   * @returns True when a file's text differs now.
   */
  async changedSince(load: MirroredLoad): Promise<boolean> {
    for (const [path, text] of load.texts) {
      try {
        if (await readStable(path) !== text) return true;
      } catch {
        return true;
      }
    }
    return false;
  }

  /** Removes a load's folder (it failed or changed nothing). */
  async discard(load: MirroredLoad): Promise<void> {
    await removeQuietly(load.dir);
  }

  /** Removes every version folder but this load's (it is the one playing). */
  async keepOnly(load: MirroredLoad): Promise<void> {
    const root = await this.#root();
    for await (const entry of Deno.readDir(root)) {
      const v = /^v(\d+)$/.exec(entry.name);
      if (v !== null && Number(v[1]) !== load.version) await removeQuietly(join(root, entry.name));
    }
  }

  /** Removes the copies. */
  async close(): Promise<void> {
    if (this.#tempDir !== undefined) {
      await removeQuietly(this.#ownsTemp ? this.#tempDir : join(this.#tempDir, "lel-mirror"));
    }
  }

  async #root(): Promise<string> {
    if (this.#tempDir === undefined) {
      this.#tempDir = await Deno.makeTempDir({ prefix: "lel-session-" });
    }
    return this.#ownsTemp ? this.#tempDir : join(this.#tempDir, "lel-mirror");
  }

  /** A module re-exporting lel's module `own` with its signal-changing functions guarded. */
  async #guardModule(own: string, scope: number): Promise<string> {
    let keys = this.#exportNames.get(own);
    if (keys === undefined) {
      keys = Object.keys(await import(own));
      this.#exportNames.set(own, keys);
    }
    const named = keys.filter((k) => k !== "default");
    return `import * as ns from ${JSON.stringify(own)};\n` +
      `import { scopedExportsById } from ${JSON.stringify(LOAD_SCOPE_URL)};\n` +
      `const api = scopedExportsById(ns, ${scope});\n` +
      (named.length > 0 ? `export const { ${named.join(", ")} } = api;\n` : "") +
      (keys.includes("default") ? "export default api.default;\n" : "");
  }
}

async function readSource(path: string, from: SourceLocation | undefined): Promise<string> {
  try {
    return await readStable(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    let frame = "";
    if (from !== undefined) {
      try {
        const importer = fileURLToPath(originalUrl(pathToFileURL(from.file).href));
        frame = codeFrame(await Deno.readTextFile(importer), from.line, from.column);
      } catch {
        frame = "";
      }
    }
    throw new MissingFileError(path, from, frame);
  }
}

async function digest(text: string): Promise<string> {
  const bytes = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function removeQuietly(path: string): Promise<void> {
  try {
    await Deno.remove(path, { recursive: true });
  } catch {
    // Already gone.
  }
}
