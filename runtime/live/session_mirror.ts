/**
 * Reads one load's sources (the session and every local module it imports, transitively,
 * each read consistently) and, when they are to be imported as modules, writes their copies
 * (`module_rewrite.ts`) under a version folder, with lel's own modules reached through
 * per-load guard modules (`load_scope.ts`), so code of an abandoned load cannot change what
 * plays. Evaluated loads (`script_loader.ts`) get their stable `sourceURL`s here.
 * @module
 */

import { basename, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { codeFrame } from "../core/diagnostics/code_frame.ts";
import {
  displayPath,
  originalUrl,
  registerMirror,
  type SourceLocation,
} from "../core/diagnostics/location.ts";
import { importSpecifiers } from "./import_specifiers.ts";
import { isLelOwn } from "../core/diagnostics/location.ts";
import { rewriteModule } from "./module_rewrite.ts";
import { readStable } from "./stable_read.ts";

const SCRIPT = /\.(?:[cm]?[jt]sx?)$/;
const LOAD_SCOPE_URL = new URL("./load_scope.ts", import.meta.url).href;

/** One load's sources, read consistently. */
export interface SessionSources {
  /** The session's URL. */
  entry: string;
  /** The session's text as read. */
  entryText: string;
  /** Local files, the session first. */
  files: string[];
  /** Each local module's text as read, by URL, the session first. */
  texts: Map<string, string>;
  /** Digest of every source (unchanged sources: unchanged hash). */
  hash: string;
}

/** One load's copy on disk, imported as modules. */
export interface MirroredLoad {
  version: number;
  /** URL of the session's copy (what to import). */
  entry: string;
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

/** Reads one session again and again, and mirrors it under a new version folder when asked. */
export class MirrorBuilder {
  readonly #path: string;
  #tempDir: string | undefined;
  readonly #ownsTemp: boolean;
  /** Which module imported each local URL (for "not found" messages). */
  readonly #importers = new Map<string, SourceLocation>();
  /** Export names of lel's own modules, for their guard modules. */
  readonly #exportNames = new Map<string, string[]>();
  /** A stable `sourceURL` per user module, for evaluated code. */
  readonly #sourceUrls = new Map<string, string>();

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
   * Reads the session and every local module it imports, transitively.
   *
   * @returns The sources.
   * @throws {MissingFileError} When a file is missing.
   */
  async read(): Promise<SessionSources> {
    const entry = pathToFileURL(this.#path).href;
    const queue = [entry];
    const files: string[] = [];
    const texts = new Map<string, string>();
    while (queue.length > 0) {
      const url = queue.shift()!;
      if (texts.has(url)) continue;
      const path = fileURLToPath(url);
      const text = await readSource(path, url === entry ? undefined : this.#importers.get(url));
      files.push(path);
      texts.set(url, text);
      if (!SCRIPT.test(path)) continue;
      for (const spec of importSpecifiers(text)) {
        const dep = localDependency(spec.specifier, url);
        if (dep === undefined) continue;
        const line = text.slice(0, spec.start).split("\n").length;
        this.#importers.set(dep, { file: displayPath(url), line, column: 1 });
        queue.push(dep);
      }
    }
    const sources = [...texts].flat();
    return {
      entry,
      entryText: texts.get(entry) ?? "",
      files,
      texts,
      hash: await digest(sources.join("\u0000")),
    };
  }

  /**
   * Writes the sources as modules under version `version`, lel's own modules reached through
   * guard modules for the load's scope.
   *
   * @param sources What {@linkcode read} returned.
   * @param version The load's number (its folder is `v<version>`).
   * @param scope The load's scope number, for the guard modules.
   * @returns The copy.
   */
  async write(sources: SessionSources, version: number, scope: number): Promise<MirroredLoad> {
    const dir = join(await this.#root(), `v${version}`);
    await Deno.mkdir(dir, { recursive: true });
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
    for (const [url, text] of sources.texts) {
      const rewritten = SCRIPT.test(url)
        ? rewriteModule(text, url, {
          local: (dep) => mirrorUrlOf(dep),
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
    return { version, entry: mirrorUrlOf(sources.entry), dir };
  }

  /**
   * The `sourceURL` evaluated code of `url` carries: the same for every load, and mapped back
   * to the user's file.
   *
   * @param url The user's module.
   * @param firstLineShift Characters the evaluated code adds before its first line.
   * @returns A `file:` URL of no real file, e.g. `file:///lel-eval/0_set.lel.ts`.
   */
  sourceUrl(url: string, firstLineShift: number): string {
    let source = this.#sourceUrls.get(url);
    if (source === undefined) {
      const name = `${this.#sourceUrls.size}_${basename(fileURLToPath(url))}`;
      source = `file:///lel-eval/${name}`;
      this.#sourceUrls.set(url, source);
    }
    registerMirror(
      source,
      url,
      firstLineShift === 0
        ? undefined
        : (line, column) =>
          line === 1 ? { line, column: Math.max(1, column - firstLineShift) } : { line, column },
    );
    return source;
  }

  /**
   * Whether any file of a load changed since it was read (or went missing).
   *
   * @param sources What {@linkcode read} returned.
   * @returns True when a file's text differs now.
   */
  async changedSince(sources: SessionSources): Promise<boolean> {
    for (const [url, text] of sources.texts) {
      try {
        if (await readStable(fileURLToPath(url)) !== text) return true;
      } catch {
        return true;
      }
    }
    return false;
  }

  /** Removes a load's folder (it failed). */
  async discard(load: MirroredLoad | undefined): Promise<void> {
    if (load !== undefined) await removeQuietly(load.dir);
  }

  /** Removes every version folder but this load's (it is the one playing). */
  async keepOnly(load: MirroredLoad | undefined): Promise<void> {
    if (this.#tempDir === undefined) return;
    const root = await this.#root();
    try {
      for await (const entry of Deno.readDir(root)) {
        const v = /^v(\d+)$/.exec(entry.name);
        if (v !== null && Number(v[1]) !== load?.version) {
          await removeQuietly(join(root, entry.name));
        }
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
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

/** The resolved URL of a local (mirrored) dependency, or `undefined` for anything else. */
function localDependency(specifier: string, from: string): string | undefined {
  if (!/^(?:\.\.?\/|\/|file:)/.test(specifier)) return undefined;
  let url: string;
  try {
    url = new URL(specifier, from).href;
  } catch {
    return undefined;
  }
  return url.startsWith("file:") && !isLelOwn(url) ? url : undefined;
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
