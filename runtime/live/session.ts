/**
 * Loads and reloads a session file transactionally.
 *
 * Each load runs a fresh copy of the session and of every local module it imports
 * (transitively), while lel's own modules, the engine, the helper pool and the DSL registry
 * stay the same instances, so a save to any of the user's files is heard. By default the
 * copies are evaluated as functions (`script_loader.ts`): Deno never unloads a module, so a
 * new module per reload would grow memory and import time without bound. What that cannot
 * take is imported as modules instead, mirrored into a temporary folder under a new version
 * (`session_mirror.ts`). Either way `import.meta` still describes the user's file and stack
 * traces name it.
 *
 * Everything the session registers is staged in one engine transaction and committed only
 * when the import succeeded; on any failure the previous generation keeps playing. A load is
 * never committed from a file read mid-write: every file is read consistently
 * (`stable_read.ts`), an empty session is refused, and the sources are read again after the
 * import; if any changed meanwhile, the load is done again from the new text. A load that does
 * not finish in time (a top-level `await` that never settles) fails and releases the engine;
 * whatever its code does later is ignored (`load_scope.ts`).
 * @module
 */

import { fileURLToPath, pathToFileURL } from "node:url";
import type { CommitReport } from "../core/transaction.ts";
import type { Engine } from "../core/engine.ts";
import { withEngineLock } from "./engine_lock.ts";
import { prefetchSessionSamples } from "../core/samples/prefetch_session.ts";
import { LoadScope, releaseScopeId, scopedExports, scopeId } from "./load_scope.ts";
import { openBuildScope } from "../core/build_scope.ts";
import { setActiveEngine } from "../core/process_engine.ts";
import { displayPath } from "../core/diagnostics/location.ts";
import {
  type PreparedModule,
  type PreparedScripts,
  prepareScripts,
  runScripts,
  ScriptCompileError,
} from "./script_loader.ts";
import {
  MirrorBuilder,
  type MirroredLoad,
  MissingFileError,
  type SessionSources,
} from "./session_mirror.ts";
import { SessionError, toSessionError } from "./session_error.ts";

export { SessionError } from "./session_error.ts";

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
  /**
   * How long one load may take to import (evaluate) before it fails, in milliseconds (> 0).
   * @default {DEFAULT_LOAD_TIMEOUT_MS}
   */
  loadTimeoutMs?: number;
  /**
   * How each load runs: `"script"` evaluates the modules as functions (memory stays flat over
   * any number of reloads; a module this cannot take is imported instead), `"module"` imports
   * a fresh copy of every module each time (Deno never frees them).
   * @default {"script"}
   */
  evaluation?: "script" | "module";
}

/** How long a load may take before it is abandoned, in milliseconds. */
export const DEFAULT_LOAD_TIMEOUT_MS = 5000;
/** Loads tried in a row while the files keep changing under the reader. */
const MAX_ATTEMPTS = 5;

/** The sources changed while a load was being evaluated: load again. */
class ChangedWhileLoading extends Error {}

/** One session file and its local imports, loadable again and again. */
export class Session {
  /** Absolute path of the session file. */
  readonly path: string;
  readonly #engine: Engine;
  readonly #origin: string;
  readonly #timeoutMs: number;
  readonly #evaluation: "script" | "module";
  readonly #mirror: MirrorBuilder;
  /** Modules prepared for evaluation, by URL, so unchanged ones are not prepared again. */
  readonly #prepared = new Map<string, { text: string; module: PreparedModule }>();
  #version = 0;
  #files: string[];
  #lastHash: string | undefined;
  /** The scope of the load whose code may still act (the last committed one). */
  #kept: { scope: LoadScope; id: number } | undefined;

  /**
   * Creates a session for a file; nothing is read or played until {@linkcode Session.load}.
   *
   * @param path Session file (absolute, or relative to the working directory).
   * @param engine The engine to load it into.
   * @param options Where to put the mirrored copies, and the load time limit.
   * @throws {RangeError} When `loadTimeoutMs` is not a positive number.
   */
  constructor(path: string, engine: Engine, options: SessionOptions = {}) {
    this.path = fileURLToPath(pathToFileURL(path));
    this.#engine = engine;
    this.#origin = displayPath(pathToFileURL(this.path).href);
    const timeout = options.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS;
    if (!(timeout > 0) || !Number.isFinite(timeout)) {
      throw new RangeError(
        `Cannot create a session: loadTimeoutMs must be a number of milliseconds > 0, got ${timeout}`,
      );
    }
    this.#timeoutMs = timeout;
    this.#evaluation = options.evaluation ?? "script";
    this.#mirror = new MirrorBuilder(this.path, options.tempDir);
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
    return withEngineLock(async () => {
      for (let attempt = 1;; attempt++) {
        try {
          return await this.#load(force);
        } catch (error) {
          if (!(error instanceof ChangedWhileLoading)) throw error;
          if (attempt === MAX_ATTEMPTS) {
            const message = `${this.#origin} kept changing while it loaded (${attempt} tries); ` +
              `the previous version keeps playing until a save settles`;
            return { kind: "failed", error: new SessionError(message, undefined, "", error) };
          }
        }
      }
    });
  }

  async #load(force: boolean): Promise<LoadOutcome> {
    const started = performance.now();
    let sources: SessionSources;
    try {
      sources = await this.#mirror.read();
    } catch (error) {
      return this.#readFailure(error);
    }
    this.#files = sources.files;
    if (!force && sources.hash === this.#lastHash) return { kind: "unchanged" };
    if (sources.entryText.trim() === "") {
      const message = `The session is empty (a save still being written?); the previous ` +
        `version keeps playing (to silence it, save a session that calls clear())`;
      return { kind: "failed", error: new SessionError(message, { file: this.#origin }, "", null) };
    }
    // The samples it names are decoded in a worker now, so its sample() calls are cache hits.
    await prefetchSessionSamples(sources.texts, this.#engine.config.sampleRate);
    const scripts = this.#evaluation === "script"
      ? await prepareScripts(sources.entry, sources.texts, this.#prepared)
      : undefined;
    // The last version's timers and callbacks must not reach into this transaction.
    this.#endKept();
    const version = ++this.#version;
    const scope = new LoadScope(`${this.#origin} (load ${version})`);
    const id = scopeId(scope);
    const copy: { mirror?: MirroredLoad } = {};
    const mirrored = performance.now();
    this.#engine.begin({ origin: this.#origin, replaceOrigin: true });
    let report: CommitReport;
    let time: number;
    // What the load builds belongs to this load; its register() calls go to this engine.
    const build = openBuildScope(`load ${version} of ${this.#origin}`);
    const previousEngine = setActiveEngine(this.#engine);
    try {
      try {
        await this.#evaluate(sources, scripts, { version, scope, id }, copy);
      } finally {
        build.close();
        setActiveEngine(previousEngine);
      }
      if (await this.#mirror.changedSince(sources)) throw new ChangedWhileLoading();
      report = this.#engine.commit();
      time = this.#engine.time;
    } catch (error) {
      scope.end();
      releaseScopeId(id);
      if (this.#engine.inTransaction) this.#engine.abort();
      await this.#mirror.discard(copy.mirror);
      if (error instanceof ChangedWhileLoading) throw error;
      return { kind: "failed", error: await toSessionError(error) };
    }
    const done = performance.now();
    scope.keep();
    this.#kept = { scope, id };
    this.#lastHash = sources.hash;
    await this.#mirror.keepOnly(copy.mirror);
    return {
      kind: "committed",
      version,
      report,
      time,
      timings: { mirrorMs: mirrored - started, importMs: done - mirrored, totalMs: done - started },
    };
  }

  /**
   * Evaluates the load inside the open transaction: as functions when prepared, else (or when
   * V8 refuses code the type stripper took) as modules, whose errors Deno locates. The
   * modules' copy is put in `copy` as soon as it is written, so a failure can remove it.
   */
  async #evaluate(
    sources: SessionSources,
    scripts: PreparedScripts | undefined,
    load: { version: number; scope: LoadScope; id: number },
    copy: { mirror?: MirroredLoad },
  ): Promise<void> {
    if (scripts !== undefined) {
      try {
        return await this.#within(this.#run(scripts, load.scope));
      } catch (error) {
        if (!(error instanceof ScriptCompileError)) throw error;
        this.#engine.abort();
        this.#engine.begin({ origin: this.#origin, replaceOrigin: true });
      }
    }
    copy.mirror = await this.#mirror.write(sources, load.version, load.id);
    await this.#within(import(copy.mirror.entry));
  }

  /** Runs evaluated modules with this load's guarded copies of lel's modules. */
  #run(scripts: PreparedScripts, scope: LoadScope): Promise<void> {
    const copies = new Map<string, Promise<Record<string, unknown>>>();
    return runScripts(scripts, {
      ownExports: (url) => {
        let copy = copies.get(url);
        if (copy === undefined) {
          copy = ownNamespace(url).then((ns) => scopedExports(ns, scope));
          copies.set(url, copy);
        }
        return copy;
      },
      sourceUrl: (url, shift) => this.#mirror.sourceUrl(url, shift),
    });
  }

  /** Removes the mirrored copies (call once when done). */
  async close(): Promise<void> {
    this.#endKept();
    await this.#mirror.close();
  }

  #endKept(): void {
    if (this.#kept === undefined) return;
    this.#kept.scope.end();
    releaseScopeId(this.#kept.id);
    this.#kept = undefined;
  }

  #readFailure(error: unknown): LoadOutcome {
    if (!(error instanceof MissingFileError)) {
      if (error instanceof Error && error.name === "UnstableFileError") {
        return { kind: "failed", error: new SessionError(error.message, undefined, "", error) };
      }
      throw error;
    }
    if (error.path === this.path) {
      return { kind: "missing", file: displayPath(pathToFileURL(error.path).href) };
    }
    return {
      kind: "failed",
      error: new SessionError(error.message, error.location, error.frame, error),
    };
  }

  /** Waits for a load's evaluation, or fails after the time limit (it cannot be stopped). */
  async #within(work: Promise<unknown>): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // What it does after this is of no interest (and must not go unhandled).
        work.catch(() => {});
        const seconds = Number((this.#timeoutMs / 1000).toPrecision(3));
        reject(
          new SessionError(
            `The session did not finish loading within ${seconds} s (a top-level await that ` +
              `never settles?); nothing was applied`,
            { file: this.#origin },
            "",
            null,
          ),
        );
      }, this.#timeoutMs);
    });
    try {
      await Promise.race([work, limit]);
    } finally {
      clearTimeout(timer);
    }
  }
}

const namespaces = new Map<string, Promise<Record<string, unknown>>>();

/** One of lel's own modules (imported once: they are never mirrored). */
function ownNamespace(url: string): Promise<Record<string, unknown>> {
  let ns = namespaces.get(url);
  if (ns === undefined) {
    ns = import(url) as Promise<Record<string, unknown>>;
    namespaces.set(url, ns);
  }
  return ns;
}
