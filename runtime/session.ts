/**
 * Loads and reloads a session file transactionally.
 *
 * Each load imports a fresh copy of the session and of every local module it imports
 * (transitively): the files are mirrored into a temporary folder under a new version, with
 * their local import specifiers pointing at the mirrored copies and lel's own modules left
 * alone, so a save to any of them is heard while the engine, the helper pool and the DSL
 * registry stay the same instances. `import.meta` in a mirrored file still describes the
 * user's file, and stack traces are mapped back to it.
 *
 * Everything the session registers is staged in one engine transaction and committed only
 * when the import succeeded; on any failure the previous generation keeps playing.
 * @module
 */

import { basename, dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { CommitReport, Engine } from "./engine.ts";
import { withEngineLock } from "./engine_lock.ts";
import {
  codeFrame,
  displayPath,
  originalUrl,
  registerMirror,
  type SourceLocation,
  unmirror,
  userLocation,
} from "./location.ts";

const LEL_ROOT = new URL("../", import.meta.url).href;
const LEL_OWN = ["runtime/", "helpers/", "dsl/", "mod.ts"].map((p) => LEL_ROOT + p);
const SPECIFIER = /(\b(?:from|import)\s*\(?\s*)(["'])([^"'\r\n]+)\2/g;
const SCRIPT = /\.(?:[cm]?[jt]sx?)$/;

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
    location: SourceLocation | undefined,
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

/** What one load did. */
export type LoadOutcome =
  | {
    kind: "committed";
    /** Load number (1 for the first). */
    version: number;
    report: CommitReport;
    /** Engine time of the commit, in seconds (the swap happens at the next block). */
    time: number;
    /** Milliseconds spent mirroring, importing (evaluating) and committing. */
    timings: { mirrorMs: number; importMs: number; totalMs: number };
  }
  | { kind: "unchanged" }
  | { kind: "missing"; file: string }
  | { kind: "failed"; error: SessionError };

/** Options for {@linkcode Session}. */
export interface SessionOptions {
  /** Folder for the mirrored copies. @default {a new temporary folder} */
  tempDir?: string;
}

/** One session file and its local imports, loadable again and again. */
export class Session {
  /** Absolute path of the session file. */
  readonly path: string;
  readonly #engine: Engine;
  readonly #origin: string;
  #tempDir: string | undefined;
  #ownsTemp: boolean;
  #version = 0;
  #files: string[];
  #lastHash: string | undefined;

  /**
   * @param path Session file (absolute, or relative to the working directory).
   * @param engine The engine to load it into.
   * @param options Where to put the mirrored copies.
   */
  constructor(path: string, engine: Engine, options: SessionOptions = {}) {
    this.path = fileURLToPath(pathToFileURL(path));
    this.#engine = engine;
    this.#origin = displayPath(pathToFileURL(this.path).href);
    this.#tempDir = options.tempDir;
    this.#ownsTemp = options.tempDir === undefined;
    this.#files = [this.path];
  }

  /** Local files of the last load (the session first): what to watch. */
  get files(): readonly string[] {
    return this.#files;
  }

  /** The origin its signals carry (the session's display path). */
  get origin(): string {
    return this.#origin;
  }

  /**
   * Imports a fresh copy and commits what it registers, unless nothing changed since the
   * last successful load (pass `force` to load anyway).
   *
   * @param force Load even when the sources are unchanged.
   * @returns What happened; never throws for problems in the session itself.
   */
  load(force = false): Promise<LoadOutcome> {
    return withEngineLock(() => this.#load(force));
  }

  async #load(force: boolean): Promise<LoadOutcome> {
    const started = performance.now();
    let mirror: Mirror;
    try {
      mirror = await this.#mirror(this.#version + 1);
    } catch (error) {
      if (error instanceof MissingFileError) {
        if (error.path === this.path) {
          return { kind: "missing", file: displayPath(pathToFileURL(error.path).href) };
        }
        return {
          kind: "failed",
          error: new SessionError(error.message, error.location, error.frame, error),
        };
      }
      throw error;
    }
    this.#files = mirror.files;
    if (!force && mirror.hash === this.#lastHash) {
      await removeQuietly(mirror.dir);
      return { kind: "unchanged" };
    }
    const version = ++this.#version;
    const mirrored = performance.now();
    this.#engine.begin({ origin: this.#origin, replaceOrigin: true });
    let report: CommitReport;
    let time: number;
    try {
      await import(mirror.entry);
      report = this.#engine.commit();
      time = this.#engine.time;
    } catch (error) {
      if (this.#engine.inTransaction) this.#engine.abort();
      await removeQuietly(mirror.dir);
      return { kind: "failed", error: await toSessionError(error) };
    }
    const done = performance.now();
    this.#lastHash = mirror.hash;
    await this.#removeOlderThan(version);
    return {
      kind: "committed",
      version,
      report,
      time,
      timings: { mirrorMs: mirrored - started, importMs: done - mirrored, totalMs: done - started },
    };
  }

  /** Removes the mirrored copies (call once when done). */
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

  async #removeOlderThan(version: number): Promise<void> {
    const root = await this.#root();
    for await (const entry of Deno.readDir(root)) {
      const v = /^v(\d+)$/.exec(entry.name);
      if (v !== null && Number(v[1]) < version) await removeQuietly(join(root, entry.name));
    }
  }

  async #mirror(version: number): Promise<Mirror> {
    const dir = join(await this.#root(), `v${version}`);
    await Deno.mkdir(dir, { recursive: true });
    const entryUrl = pathToFileURL(this.path).href;
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
    const queue = [entryUrl];
    const seen = new Set<string>();
    const files: string[] = [];
    const sources: string[] = [];
    while (queue.length > 0) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      seen.add(url);
      const path = fileURLToPath(url);
      files.push(path);
      const text = await readSource(path, url === entryUrl ? undefined : importer(url));
      sources.push(url, text);
      const rewritten = SCRIPT.test(path)
        ? rewriteModule(text, url, (dep) => {
          queue.push(dep);
          return mirrorUrlOf(dep);
        })
        : text;
      const target = mirrorUrlOf(url);
      await Deno.writeTextFile(fileURLToPath(target), rewritten);
      registerMirror(target, url);
    }
    return { entry: mirrorUrlOf(entryUrl), files, hash: await digest(sources.join("\u0000")), dir };
  }
}

interface Mirror {
  entry: string;
  files: string[];
  hash: string;
  dir: string;
}

/** Which module imported `url` (for "not found" messages); tracked while mirroring. */
const importers = new Map<string, SourceLocation>();

function importer(url: string): SourceLocation | undefined {
  return importers.get(url);
}

class MissingFileError extends Error {
  constructor(
    readonly path: string,
    readonly location: SourceLocation | undefined,
    readonly frame: string,
  ) {
    super(`Cannot load '${displayPath(pathToFileURL(path).href)}': file not found`);
  }
}

async function readSource(path: string, from: SourceLocation | undefined): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      let frame = "";
      if (from !== undefined) {
        try {
          frame = codeFrame(
            await Deno.readTextFile(fileURLToPath(originalUrl(pathToFileURL(from.file).href))),
            from.line,
            from.column,
          );
        } catch {
          frame = "";
        }
      }
      throw new MissingFileError(path, from, frame);
    }
    throw error;
  }
}

/**
 * Rewrites a module's local import specifiers to the mirrored copies and `import.meta` to an
 * object describing the original file. Lines and most columns are kept, so positions in
 * errors still match the user's file.
 */
function rewriteModule(text: string, url: string, mirrorOf: (dep: string) => string): string {
  let out = text.replace(
    SPECIFIER,
    (whole, lead: string, quote: string, spec: string, offset: number) => {
      if (!isPathSpecifier(spec)) return whole;
      let resolved: string;
      try {
        resolved = new URL(spec, url).href;
      } catch {
        return whole;
      }
      if (!resolved.startsWith("file:")) return whole;
      if (
        LEL_OWN.some((own) => resolved.startsWith(own))
      ) return `${lead}${quote}${resolved}${quote}`;
      const line = text.slice(0, offset).split("\n").length;
      importers.set(resolved, { file: displayPath(url), line, column: 1 });
      return `${lead}${quote}${mirrorOf(resolved)}${quote}`;
    },
  );
  if (out.includes("import.meta")) {
    // Same length as `import.meta`, so columns stay put; the function is hoisted.
    out = out.replaceAll("import.meta", "__lelMeta()");
    const path = fileURLToPath(url);
    out += `\nfunction __lelMeta() { return { url: ${JSON.stringify(url)}, main: false, ` +
      `filename: ${JSON.stringify(path)}, dirname: ${JSON.stringify(dirname(path))}, ` +
      `resolve: (s: string) => new URL(s, ${JSON.stringify(url)}).href }; }\n`;
  }
  return out;
}

function isPathSpecifier(spec: string): boolean {
  return spec.startsWith("./") || spec.startsWith("../") || spec.startsWith("/") ||
    spec.startsWith("file:");
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

/** Turns anything a session import threw into a located SessionError. */
async function toSessionError(error: unknown): Promise<SessionError> {
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
  let frame = "";
  if (location !== undefined) {
    try {
      const path = fileURLToPath(originalUrl(pathToFileURL(location.file).href));
      frame = codeFrame(await Deno.readTextFile(path), location.line, location.column);
    } catch {
      frame = "";
    }
  }
  return new SessionError(message, location, frame, error);
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
