/**
 * Watches a session file and the local modules it imports, and reports each save once.
 *
 * Editors save in several ways: in place (several modify events), by writing a temp file and
 * renaming it over the original, or by renaming the original to a backup and writing a new file.
 * Watching the files themselves loses track of them at the first rename, so this watches their
 * parent directories and picks out the events for the watched names.
 *
 * A save whose events straddle the debounce (a busy machine holding the event loop) can be
 * reported twice with the same contents; the session reloader compares contents, so the
 * second report changes nothing.
 * @module
 */

import { basename, dirname, resolve } from "node:path";
import { fileExists, realPath, symlinkTarget } from "./_watch_fs.ts";

/** One watched file that changed during a burst of file system events. */
export interface FileChange {
  /** The file's absolute, normalised path (as {@linkcode watchFiles} resolved it). */
  path: string;
  /** Whether the file existed when the burst was reported (`false`: deleted or moved away). */
  exists: boolean;
  /** `performance.now()` of the first raw event of the burst, in milliseconds. */
  firstEventAt: number;
}

/** Options for {@linkcode watchFiles}. */
export interface WatchOptions {
  /**
   * Quiet time after the last event of a burst before the burst is reported, in milliseconds
   * (>= 0). Every event of one save usually lands within a fraction of a millisecond.
   * @default 8
   */
  debounceMs?: number;
  /**
   * How long after the last event to keep waiting while a file of the burst is missing (mid
   * rename-style save), in milliseconds (>= 0). The report goes out as soon as the file is
   * back, so this only delays deletions.
   * @default 100
   */
  settleMs?: number;
  /**
   * On Linux, how long after the last event to keep waiting while a file of the burst is
   * written but not yet closed, in milliseconds (>= 0). The report goes out as soon as the
   * writer closes it, so this only delays a save that stalls mid-write (a generator, a slow
   * disk, a format-on-save tool, `sh -c "sleep 1; cat x" > file`), which would otherwise be
   * read truncated.
   * @default 2000
   */
  unclosedMs?: number;
  /** How often to try again to watch a directory that is missing, in milliseconds (> 0). @default 500 */
  retryMs?: number;
  /**
   * Receives errors from `Deno.watchFs` (and from `onChange`). Without it, watcher errors are
   * dropped and an exception from `onChange` is rethrown as an unhandled rejection.
   * @default undefined
   */
  onError?: (error: Error) => void;
}

/** A running watcher made by {@linkcode watchFiles}. */
export interface FileWatcher extends Disposable {
  /** The watched files, absolute and normalised. */
  readonly paths: readonly string[];
  /**
   * Replaces the set of watched files (when the session's imports change). Directories no
   * longer needed stop being watched; a pending report drops the files that were removed.
   *
   * @param paths The files to watch from now on.
   */
  update(paths: readonly string[]): void;
  /** Stops watching and drops any pending report. Calling it again does nothing. */
  close(): void;
}

interface ResolvedWatchOptions {
  debounceMs: number;
  settleMs: number;
  unclosedMs: number;
  retryMs: number;
  onError: ((error: Error) => void) | undefined;
}

/** A watched directory and the watched files whose events show up in it. */
interface WatchedDir {
  dir: string;
  /** The directory's real path when it differs (some platforms report events under it). */
  real: string | undefined;
  /** Base name → the watched files it stands for (a symlinked file also maps its target). */
  names: Map<string, string[]>;
  fs: Deno.FsWatcher | undefined;
  /** Timer of the next attempt while the directory is missing. */
  retry: Timer | undefined;
  /** Whether `onError` has heard about the current run of failures. */
  failed: boolean;
}

type Timer = ReturnType<typeof setTimeout>;

/** On Linux a writer closing the file is an `access` event; until then a save may be partial. */
const CLOSE_IS_REPORTED = Deno.build.os === "linux" || Deno.build.os === "android";
const WRITE_KINDS: ReadonlySet<string> = new Set(["create", "modify"]);
const DEFAULTS: ResolvedWatchOptions = {
  debounceMs: 8,
  settleMs: 100,
  unclosedMs: 2000,
  retryMs: 500,
  onError: undefined,
};

/**
 * Calls `onChange` once per save of any of `paths`, however the editor saved it.
 *
 * Each distinct parent directory gets one non-recursive `Deno.watchFs`, ready when this returns.
 * Raw events for the watched names are collected into a burst that ends `debounceMs` after its
 * last event; each file touched in the burst is then reported once, with `exists` from a stat at
 * report time. While a file of the burst is missing, or on Linux written but not yet closed, the
 * report waits up to `settleMs` (missing) or `unclosedMs` (not closed) more for the save to
 * complete, so a rename-style save or a stalled write still reports once, complete. A deleted file stays watched and is reported again when it
 * returns. If a directory disappears, its files are reported missing and the directory is
 * retried every `retryMs` until it is back; its files that exist then are reported. Nothing is
 * printed; an idle watcher has no timers.
 *
 * @param paths The files to watch; relative paths are resolved against the working directory.
 * @param onChange Receives the changed files of each burst, each file once.
 * @param options Timing and error handling.
 * @returns The running watcher; close it (or `using` it) when done.
 * @throws {RangeError} When an option is out of range.
 * @example Report a save
 * ```ts
 * import assert from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * const session = `${dir}/live.lel.ts`;
 * await Deno.writeTextFile(session, "// v1");
 * const saved = Promise.withResolvers<FileChange[]>();
 * const watcher = watchFiles([session], saved.resolve);
 * await Deno.writeTextFile(session, "// v2");
 * const changes = await saved.promise;
 * watcher.close();
 * await Deno.remove(dir, { recursive: true });
 * assert.deepEqual(changes.map((c) => [c.path, c.exists]), [[session, true]]);
 * ```
 */
export function watchFiles(
  paths: readonly string[],
  onChange: (changes: FileChange[]) => void,
  options: WatchOptions = {},
): FileWatcher {
  return new DirectoryWatcher(paths, onChange, resolveOptions(options));
}

function resolveOptions(options: WatchOptions): ResolvedWatchOptions {
  const resolved = { ...DEFAULTS, ...options };
  for (const name of ["debounceMs", "settleMs", "unclosedMs", "retryMs"] as const) {
    const value = resolved[name];
    const min = name === "retryMs" ? "> 0" : ">= 0";
    if (!Number.isFinite(value) || value < 0 || (name === "retryMs" && value === 0)) {
      throw new RangeError(
        `Cannot watch files: ${name} must be ${min} milliseconds, got ${value}`,
      );
    }
  }
  return resolved;
}

class DirectoryWatcher implements FileWatcher {
  #onChange: (changes: FileChange[]) => void;
  #options: ResolvedWatchOptions;
  #dirs = new Map<string, WatchedDir>();
  #paths: string[] = [];
  /** The current burst: file → kind of its latest event. */
  #pending = new Map<string, string>();
  #firstEventAt = 0;
  #lastEventAt = 0;
  /** Bumped whenever the burst changes, so a report whose stats went stale is retried. */
  #generation = 0;
  #timer: Timer | undefined;
  #timerDue = 0;
  #closed = false;

  constructor(
    paths: readonly string[],
    onChange: (changes: FileChange[]) => void,
    options: ResolvedWatchOptions,
  ) {
    this.#onChange = onChange;
    this.#options = options;
    this.update(paths);
  }

  get paths(): readonly string[] {
    return this.#paths;
  }

  update(paths: readonly string[]): void {
    if (this.#closed) return;
    const files = [...new Set(paths.map((p) => resolve(p)))];
    const wanted = new Map<string, Map<string, string[]>>();
    const want = (path: string, file: string) => {
      const names = wanted.get(dirname(path)) ?? new Map<string, string[]>();
      wanted.set(dirname(path), names);
      const name = basename(path);
      names.set(name, [...(names.get(name) ?? []), file]);
    };
    for (const file of files) {
      want(file, file);
      const target = symlinkTarget(file);
      if (target !== undefined && target !== file) want(target, file);
    }
    for (const [dir, entry] of this.#dirs) {
      if (wanted.has(dir)) continue;
      detach(entry);
      this.#dirs.delete(dir);
    }
    for (const [dir, names] of wanted) {
      const entry = this.#dirs.get(dir);
      if (entry !== undefined) {
        entry.names = names;
        continue;
      }
      const added: WatchedDir = {
        dir,
        real: undefined,
        names,
        fs: undefined,
        retry: undefined,
        failed: false,
      };
      this.#dirs.set(dir, added);
      this.#attach(added, false);
    }
    this.#paths = files;
    const watched = new Set(files);
    for (const path of this.#pending.keys()) if (!watched.has(path)) this.#pending.delete(path);
    this.#generation++;
    if (this.#pending.size > 0) this.#arm(this.#lastEventAt + this.#options.debounceMs);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending.clear();
    for (const entry of this.#dirs.values()) detach(entry);
    this.#dirs.clear();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  /** Starts watching `entry.dir`, or schedules another try while it is missing. */
  #attach(entry: WatchedDir, recovering: boolean): void {
    entry.retry = undefined;
    let fs: Deno.FsWatcher;
    try {
      fs = Deno.watchFs(entry.dir, { recursive: false });
    } catch (error) {
      const missing = error instanceof Deno.errors.NotFound ||
        error instanceof Deno.errors.NotADirectory;
      if (!missing && !entry.failed) this.#report(error);
      entry.failed = !missing;
      entry.retry = setTimeout(() => this.#attach(entry, true), this.#options.retryMs);
      return;
    }
    entry.fs = fs;
    entry.failed = false;
    entry.real = realPath(entry.dir);
    this.#listen(entry, fs);
    // Files may have appeared while nobody was watching.
    if (recovering) this.#touchExisting(entry);
  }

  async #listen(entry: WatchedDir, fs: Deno.FsWatcher): Promise<void> {
    try {
      for await (const event of fs) if (entry.fs === fs) this.#onEvent(entry, event);
    } catch (error) {
      if (entry.fs !== fs) return;
      this.#report(error);
      // Wait before watching again, so a watcher that fails at once cannot spin.
      return this.#lose(entry, false);
    }
    // The stream ended without close(): the directory went away under us.
    if (entry.fs === fs) this.#lose(entry, true);
  }

  #onEvent(entry: WatchedDir, event: Deno.FsEvent): void {
    const now = performance.now();
    if (event.flag === "rescan") {
      // The kernel dropped events: anything in this directory may have changed.
      for (const files of entry.names.values()) for (const f of files) this.#touch(f, "other", now);
    }
    for (const raw of event.paths) {
      const path = resolve(raw);
      if (path === entry.dir || path === entry.real) {
        // The directory itself was deleted or moved away; its inode watch is now useless.
        if (event.kind === "remove" || event.kind === "rename") return this.#lose(entry, true);
        continue;
      }
      const parent = dirname(path);
      if (parent !== entry.dir && parent !== entry.real) continue;
      const files = entry.names.get(basename(path));
      if (files !== undefined) { for (const f of files) this.#touch(f, event.kind, now); }
    }
  }

  /** Reports the directory's files (missing, unless it is already back) and watches again. */
  #lose(entry: WatchedDir, retryNow: boolean): void {
    detach(entry);
    const now = performance.now();
    for (const files of entry.names.values()) for (const f of files) this.#touch(f, "remove", now);
    if (retryNow) this.#attach(entry, false);
    else entry.retry = setTimeout(() => this.#attach(entry, true), this.#options.retryMs);
  }

  async #touchExisting(entry: WatchedDir): Promise<void> {
    const fs = entry.fs;
    const files = [...new Set([...entry.names.values()].flat())];
    const exists = await Promise.all(files.map(fileExists));
    if (entry.fs !== fs || this.#closed) return;
    const now = performance.now();
    files.forEach((file, i) => exists[i] && this.#touch(file, "other", now));
  }

  #touch(path: string, kind: string, now: number): void {
    if (this.#pending.size === 0) this.#firstEventAt = now;
    this.#pending.set(path, kind);
    this.#lastEventAt = now;
    this.#generation++;
    this.#arm(now + this.#options.debounceMs);
  }

  /** Makes sure a flush runs no later than `due` (an earlier timer is kept and re-checks). */
  #arm(due: number): void {
    if (this.#timer !== undefined) {
      if (this.#timerDue <= due) return;
      clearTimeout(this.#timer);
    }
    this.#timerDue = due;
    this.#timer = setTimeout(() => this.#flush(), Math.max(0, due - performance.now()));
  }

  async #flush(): Promise<void> {
    this.#timer = undefined;
    if (this.#closed || this.#pending.size === 0) return;
    const { debounceMs, settleMs, unclosedMs } = this.#options;
    if (performance.now() - this.#lastEventAt < debounceMs) {
      return this.#arm(this.#lastEventAt + debounceMs);
    }
    const generation = this.#generation;
    const burst = [...this.#pending];
    const exists = await Promise.all(burst.map(([path]) => fileExists(path)));
    // Newer events (or an update) armed their own flush, which will look again.
    if (this.#closed || generation !== this.#generation) return;
    const missing = exists.includes(false);
    const unclosed = CLOSE_IS_REPORTED && burst.some(([, kind]) => WRITE_KINDS.has(kind));
    const wait = Math.max(missing ? settleMs : 0, unclosed ? unclosedMs : 0);
    if (performance.now() - this.#lastEventAt < wait) {
      return this.#arm(this.#lastEventAt + wait);
    }
    const firstEventAt = this.#firstEventAt;
    this.#pending.clear();
    const changes = burst.map(([path], i) => ({ path, exists: exists[i], firstEventAt }));
    try {
      this.#onChange(changes);
    } catch (error) {
      if (this.#options.onError === undefined) throw error;
      this.#report(error);
    }
  }

  #report(error: unknown): void {
    this.#options.onError?.(error instanceof Error ? error : new Error(String(error)));
  }
}

function detach(entry: WatchedDir): void {
  clearTimeout(entry.retry);
  entry.retry = undefined;
  const fs = entry.fs;
  entry.fs = undefined;
  try {
    fs?.close();
  } catch {
    // Already closed by the runtime: nothing left to release.
  }
}
