/**
 * Samples: WAV files loaded at the engine's rate (resampled once, at load time, with a
 * Kaiser-windowed sinc), decoded in a worker ahead of use, and cached across reloads while the
 * file is unchanged.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeWav } from "@lel/lel";
 * const path = Deno.makeTempFileSync({ suffix: ".wav" });
 * Deno.writeFileSync(path, encodeWav([new Float32Array(4410).fill(0.5)], 44100));
 * await preloadSamples(findSamplePaths(`sample("${path}")`), 48000);
 * const kick = loadSample(path, 48000); // a cache hit: decoded in the worker
 * assert.equal(kick.frames, 4800);
 * assert.ok(Math.abs(kick.channels[0][2400] - 0.5) < 1e-4);
 * Deno.removeSync(path);
 * ```
 * @module
 */

export { clearSampleCache, loadSample, type SampleCacheStats, sampleCacheStats } from "./cache.ts";
export { findSamplePaths } from "./find_sample_paths.ts";
export { preloadSamples } from "./preload.ts";
export { type PrefetchResult, prefetchSessionSamples } from "./prefetch_session.ts";
export { MAX_SAMPLE_CHANNELS, type SampleData, sampleFromBytes } from "./read_sample.ts";
export {
  resample,
  RESAMPLE_CUTOFF,
  RESAMPLE_HALF_TAPS,
  RESAMPLE_KAISER_BETA,
  resampledLength,
  type ResampleInput,
} from "./resample.ts";
export { SampleError } from "./sample_error.ts";
export { resolveSamplePath, type SamplePathOptions } from "./sample_path.ts";
