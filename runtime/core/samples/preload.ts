/**
 * Preloading samples in a worker, so the decode (and resampling) of a session's samples never
 * runs on the main thread, where the live engine renders.
 * @module
 */

import { cachedSample, cacheKey, cacheState, storeIfCurrent } from "./cache.ts";
import type { DecodeReply, DecodeRequest } from "./_worker_protocol.ts";
import { SampleError } from "./sample_error.ts";
import {
  resolveSamplePath,
  type SamplePathOptions,
  type SampleStat,
  statSample,
} from "./sample_path.ts";

/**
 * Decodes samples in a worker and puts them in the cache, so a later `loadSample` of each is a
 * hit. Files already cached and unchanged are skipped, a file another preload is decoding is
 * waited for rather than decoded twice, and the decoded buffers are transferred from the
 * worker, not copied. The worker starts for this call and ends with it.
 *
 * Every path is tried; when some fail, the promise rejects with the first one's
 * {@linkcode SampleError} once the others are in the cache. A session loader can ignore that
 * rejection: `loadSample` throws the same error where the sample is used.
 *
 * @param paths Sample paths: absolute, `file:` URLs, or relative to `options.base`.
 * @param sampleRate Target rate in hertz (the engine's).
 * @param options `base`: the file relative paths are relative to (the session file).
 * @returns Resolves when every file is in the cache.
 * @throws {SampleError} (as a rejection) for the first file that could not be loaded.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeWav } from "@lel/lel";
 * import { clearSampleCache, loadSample, sampleCacheStats } from "./cache.ts";
 * const path = Deno.makeTempFileSync({ suffix: ".wav" });
 * Deno.writeFileSync(path, encodeWav([new Float32Array(441)], 44100));
 * clearSampleCache();
 * await preloadSamples([path], 48000);
 * assert.equal(loadSample(path, 48000).frames, 480);
 * assert.deepEqual(sampleCacheStats().hits, 1);
 * assert.deepEqual(sampleCacheStats().decodes, 1); // in the worker
 * Deno.removeSync(path);
 * ```
 */
export async function preloadSamples(
  paths: readonly string[],
  sampleRate: number,
  options: SamplePathOptions = {},
): Promise<void> {
  const state = cacheState();
  // The first failure in the order of `paths` is the one reported.
  const errors: [index: number, error: unknown][] = [];
  const waits: Promise<unknown>[] = [];
  const jobs: (DecodeRequest & { index: number; stat: SampleStat })[] = [];
  const seen = new Set<string>();
  for (const [index, requested] of paths.entries()) {
    let stat;
    try {
      stat = statSample(requested, resolveSamplePath(requested, options));
    } catch (error) {
      errors.push([index, error]);
      continue;
    }
    const key = cacheKey(stat.path, sampleRate);
    if (seen.has(key) || cachedSample(stat, sampleRate) !== undefined) continue;
    seen.add(key);
    // A decode in flight for the file as it is now is waited for; one of an older version is not.
    const pending = state.pending.get(key);
    if (pending !== undefined && pending.size === stat.size && pending.mtimeMs === stat.mtimeMs) {
      waits.push(pending.done.catch((error) => errors.push([index, error])));
    } else {
      jobs.push({ id: jobs.length, requested, path: stat.path, sampleRate, index, stat });
    }
  }
  if (jobs.length > 0) {
    const done = decodeInWorker(jobs);
    jobs.forEach((job, i) => {
      const key = cacheKey(job.path, sampleRate);
      const entry = { done: done[i], size: job.stat.size, mtimeMs: job.stat.mtimeMs };
      const forget = () => {
        if (state.pending.get(key) === entry) state.pending.delete(key);
      };
      state.pending.set(key, entry);
      done[i].then(forget, forget);
      waits.push(done[i].catch((error) => errors.push([job.index, error])));
    });
  }
  await Promise.all(waits);
  if (errors.length > 0) throw errors.sort((a, b) => a[0] - b[0])[0][1];
}

/** Starts a worker for `jobs`, one promise per job (settled as its reply lands), then ends it. */
function decodeInWorker(jobs: readonly DecodeRequest[]): Promise<void>[] {
  const worker = new Worker(new URL("./decode_worker.ts", import.meta.url).href, {
    type: "module",
  });
  const settlers = jobs.map(() => Promise.withResolvers<void>());
  let left = jobs.length;
  worker.onmessage = (event: MessageEvent<DecodeReply>) => {
    const reply = event.data;
    const settle = settlers[reply.id];
    if (reply.ok) {
      storeIfCurrent(reply.data, reply);
      settle.resolve();
    } else {
      settle.reject(new SampleError(reply.message, reply.requested, reply.path));
    }
    if (--left === 0) worker.terminate();
  };
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    worker.terminate();
    const error = new Error(
      `Cannot preload samples: the decode worker failed (${event.message}); load them with loadSample instead`,
    );
    for (const settle of settlers) settle.reject(error);
  };
  for (const { id, requested, path, sampleRate } of jobs) {
    worker.postMessage({ id, requested, path, sampleRate } satisfies DecodeRequest);
  }
  return settlers.map((settle) => settle.promise);
}
