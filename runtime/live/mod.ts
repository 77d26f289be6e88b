/**
 * The live tier of the app: a session file loaded transactionally (its local modules
 * mirrored, each save a new version that commits whole or not at all), the file watcher that
 * reloads it, real-time output through node-web-audio-api, and the status line.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(formatDb(0.5), "-6.0");
 * assert.equal(meter(1), "██████");
 * ```
 * @module
 */

export {
  DEFAULT_LOAD_TIMEOUT_MS,
  type LoadOutcome,
  Session,
  type SessionOptions,
} from "./session.ts";
export { frameAt, SessionError, toSessionError } from "./session_error.ts";
export { type SessionWatcher, type SessionWatchOptions, watchSession } from "./session_watcher.ts";
export { type FileChange, type FileWatcher, watchFiles, type WatchOptions } from "./watch.ts";
export { readStable, UnstableFileError } from "./stable_read.ts";
export { localModules } from "./local_modules.ts";
export { withEngineLock } from "./engine_lock.ts";
export { describeCommit } from "./describe_commit.ts";
export {
  type BufferSink,
  bufferSizeFor,
  type RealtimeOptions,
  RealtimeOutput,
  type RealtimeStats,
  type SinkChoice,
} from "./realtime.ts";
export {
  formatDb,
  formatKnobValue,
  formatStatus,
  meter,
  playingNote,
  RECENT_KNOB_MS,
  recentKnobs,
  StatusLine,
  type StatusSnapshot,
  type UnderrunCounts,
  underrunLines,
  type UnderrunStats,
} from "./status.ts";
export { DUPLICATE_WINDOW_MS, listenForStop, type StopListener } from "./stop_signals.ts";
