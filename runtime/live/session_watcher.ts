/**
 * Reloads a session on every save of it or of a local module it imports: the watcher's
 * reports go to `Session.load()` one at a time; saves that arrive during a load are gathered
 * and loaded once after it, so a storm of saves ends with one load of the last text.
 * @module
 */

import type { LoadOutcome, Session } from "./session.ts";
import { type FileChange, type FileWatcher, watchFiles, type WatchOptions } from "./watch.ts";

/** Options for {@linkcode watchSession}. */
export interface SessionWatchOptions {
  /** Receives every load's outcome with the first file event of its saves (`performance.now()` ms). */
  onOutcome: (outcome: LoadOutcome, firstEventAt: number) => void;
  /** Receives watcher errors and errors thrown by `onOutcome`. @default {undefined: dropped} */
  onError?: (error: Error) => void;
  /** Timing options for the file watcher. @default {the watcher's defaults} */
  watch?: Omit<WatchOptions, "onError">;
}

/** A running reload loop; close it (or `using` it) when done. */
export interface SessionWatcher extends Disposable {
  /** Resolves once no load is running or queued (for tests and shutdown). */
  idle(): Promise<void>;
  /** Watches the session's files as its last load found them (after a load made elsewhere). */
  refresh(): void;
  /** Stops watching; a load already running finishes, queued saves are dropped. */
  close(): void;
}

/**
 * Watches a session's files and reloads it on each save.
 *
 * @param session The session: loaded once already, so its files are known, or about to be
 *   (then call `refresh()` after that load so its local modules are watched too).
 * @param options Where outcomes and errors go.
 * @returns The running loop.
 */
export function watchSession(session: Session, options: SessionWatchOptions): SessionWatcher {
  const report = (error: unknown) =>
    options.onError?.(error instanceof Error ? error : new Error(String(error)));
  let pending: FileChange[] | undefined;
  let running: Promise<void> | undefined;
  let closed = false;
  const run = async (changes: FileChange[]) => {
    let batch: FileChange[] | undefined = changes;
    while (batch !== undefined && !closed) {
      pending = undefined;
      const firstEventAt = Math.min(...batch.map((c) => c.firstEventAt));
      const outcome = await session.load();
      if (closed) break;
      try {
        options.onOutcome(outcome, firstEventAt);
      } catch (error) {
        report(error);
      }
      watcher.update([...session.files]);
      batch = pending;
    }
  };
  const onChange = (changes: FileChange[]) => {
    if (running !== undefined) {
      pending = [...(pending ?? []), ...changes];
      return;
    }
    running = run(changes).catch(report).finally(() => (running = undefined));
  };
  const watcher: FileWatcher = watchFiles([...session.files], onChange, {
    ...options.watch,
    onError: report,
  });
  return {
    async idle() {
      while (running !== undefined) await running;
    },
    refresh() {
      if (!closed) watcher.update([...session.files]);
    },
    close() {
      closed = true;
      pending = undefined;
      watcher.close();
    },
    [Symbol.dispose]() {
      this.close();
    },
  };
}
