/**
 * The sample cache: decoded samples by real path and target rate, kept on `globalThis` so
 * every re-import of a session finds what the previous one loaded.
 * @module
 */

import { readSample, type SampleData } from "./read_sample.ts";
import {
  resolveSamplePath,
  type SamplePathOptions,
  type SampleStat,
  statSample,
} from "./sample_path.ts";

/** One cached sample and the file state it was decoded from. */
export interface CacheEntry {
  /** The decoded, resampled sample. */
  readonly data: SampleData;
  /** The file's size in bytes when it was read. */
  readonly size: number;
  /** The file's modification time (ms since the epoch) when it was read. */
  readonly mtimeMs: number;
}

/** What the cache holds and has done; on `globalThis` under a registered symbol. */
interface CacheState {
  readonly entries: Map<string, CacheEntry>;
  /** Decodes in flight in a worker by cache key, with the file state they read (so two
   * preloads of one unchanged file share one decode). */
  readonly pending: Map<string, { done: Promise<void>; size: number; mtimeMs: number }>;
  decodes: number;
  hits: number;
}

const CACHE_STATE = Symbol.for("lel.sampleCache");

type CacheGlobal = typeof globalThis & { [CACHE_STATE]?: CacheState };

/**
 * The cache's state, created on first use and then found on `globalThis` by every copy of this
 * module (a session re-import may load a fresh copy).
 *
 * @returns The shared state.
 */
export function cacheState(): CacheState {
  const g = globalThis as CacheGlobal;
  let state = g[CACHE_STATE];
  if (state === undefined) {
    state = { entries: new Map(), pending: new Map(), decodes: 0, hits: 0 };
    g[CACHE_STATE] = state;
  }
  return state;
}

/**
 * The cache key of a file at a target rate.
 *
 * @param path Real absolute path.
 * @param sampleRate Target rate in hertz.
 * @returns The key.
 */
export function cacheKey(path: string, sampleRate: number): string {
  return `${sampleRate}:${path}`;
}

/**
 * The cached sample for a file, if it was decoded from the file as it is now (same size and
 * modification time).
 *
 * @param stat The file now.
 * @param sampleRate Target rate in hertz.
 * @returns The sample, or undefined when missing or stale.
 */
export function cachedSample(stat: SampleStat, sampleRate: number): SampleData | undefined {
  const entry = cacheState().entries.get(cacheKey(stat.path, sampleRate));
  if (entry === undefined || entry.size !== stat.size || entry.mtimeMs !== stat.mtimeMs) {
    return undefined;
  }
  return entry.data;
}

/**
 * Stores a freshly decoded sample and counts the decode. A stale entry is replaced; an entry
 * decoded from the same file state (a synchronous load that overtook a worker) is kept, so
 * whoever holds it keeps the same arrays.
 *
 * @param data The sample.
 * @param stat The file state it was decoded from.
 */
export function storeSample(data: SampleData, stat: Pick<SampleStat, "size" | "mtimeMs">): void {
  const state = cacheState();
  state.decodes++;
  const key = cacheKey(data.path, data.sampleRate);
  const old = state.entries.get(key);
  if (old !== undefined && old.size === stat.size && old.mtimeMs === stat.mtimeMs) return;
  state.entries.set(key, { data, size: stat.size, mtimeMs: stat.mtimeMs });
}

/**
 * Stores a sample decoded elsewhere (in a worker) if the file is still what was read: a late
 * reply about an older version must not replace what a newer load put there. The decode is
 * counted either way.
 *
 * @param data The sample.
 * @param stat The file state the decode read.
 * @returns Whether it was stored.
 */
export function storeIfCurrent(
  data: SampleData,
  stat: Pick<SampleStat, "size" | "mtimeMs">,
): boolean {
  let now: SampleStat | undefined;
  try {
    now = statSample(data.path, data.path);
  } catch {
    now = undefined;
  }
  if (now === undefined || now.size !== stat.size || now.mtimeMs !== stat.mtimeMs) {
    cacheState().decodes++;
    return false;
  }
  storeSample(data, stat);
  return true;
}

/**
 * Loads a sample synchronously at the engine's rate: from the cache when the file has not
 * changed since it was decoded (its size and modification time are checked on every call),
 * otherwise read, decoded and resampled now. Use {@linkcode preloadSamples} first to do that
 * work in a worker instead.
 *
 * A 44.1 kHz file loaded for 48 kHz is converted with `resample`'s windowed sinc; a file
 * already at the rate keeps its decoded samples bit for bit. Files with more than two
 * channels keep the first two (front left and right).
 *
 * @param path The sample's path: absolute, a `file:` URL, or relative to `options.base`.
 * @param sampleRate Target rate in hertz (the engine's).
 * @param options `base`: the file relative paths are relative to (the session file).
 * @returns The sample; shared with the cache, so read it and never write into it.
 * @throws {SampleError} When the file is missing, a folder, unreadable, empty or not a WAV file.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeWav } from "@lel/lel";
 * const path = Deno.makeTempFileSync({ suffix: ".wav" });
 * Deno.writeFileSync(path, encodeWav([new Float32Array([0, 0.5, -0.5])], 48000));
 * const a = loadSample(path, 48000);
 * assert.deepEqual(Array.from(a.channels[0]), [0, 0.5, -0.5]);
 * assert.equal(loadSample(path, 48000), a); // a cache hit
 * Deno.removeSync(path);
 * assert.throws(() => loadSample(path, 48000), /file not found/);
 * ```
 */
export function loadSample(
  path: string,
  sampleRate: number,
  options: SamplePathOptions = {},
): SampleData {
  const stat = statSample(path, resolveSamplePath(path, options));
  const hit = cachedSample(stat, sampleRate);
  if (hit !== undefined) {
    cacheState().hits++;
    return hit;
  }
  const data = readSample(path, stat, sampleRate);
  storeSample(data, stat);
  return data;
}

/** What the sample cache holds and has done, from {@linkcode sampleCacheStats}. */
export interface SampleCacheStats {
  /** Files read, decoded and resampled since the last clear (main thread and workers). */
  decodes: number;
  /** {@linkcode loadSample} calls answered from the cache. */
  hits: number;
  /** Bytes of sample data held (Float32, all channels of all entries). */
  bytes: number;
  /** Samples held (one per file and target rate). */
  entries: number;
}

/**
 * Counts what the sample cache holds and has done (a reload that decodes nothing shows as hits).
 *
 * @returns Decodes, hits, bytes and entries.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * clearSampleCache();
 * assert.deepEqual(sampleCacheStats(), { decodes: 0, hits: 0, bytes: 0, entries: 0 });
 * ```
 */
export function sampleCacheStats(): SampleCacheStats {
  const state = cacheState();
  let bytes = 0;
  for (const { data } of state.entries.values()) {
    for (const channel of data.channels) bytes += channel.byteLength;
  }
  return { decodes: state.decodes, hits: state.hits, bytes, entries: state.entries.size };
}

/** Empties the sample cache and zeroes its counters (for tests; loads in flight still land). */
export function clearSampleCache(): void {
  const state = cacheState();
  state.entries.clear();
  state.decodes = 0;
  state.hits = 0;
}
