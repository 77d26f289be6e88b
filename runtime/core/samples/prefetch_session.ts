/**
 * Decoding a session's samples before the session runs: the session loader's one call, so the
 * `sample()` calls the session makes while it builds find their files in the cache.
 * @module
 */

import { fileURLToPath } from "node:url";
import { findSamplePaths } from "./find_sample_paths.ts";
import { preloadSamples } from "./preload.ts";
import { resolveSamplePath, statSample } from "./sample_path.ts";
import { cachedSample } from "./cache.ts";

/** What {@linkcode prefetchSessionSamples} did. */
export interface PrefetchResult {
  /** Distinct sample files named by the sources (absolute paths). */
  readonly paths: readonly string[];
  /** Of those, files that could not be read (their `sample()` call will say why, located). */
  readonly failed: number;
}

/**
 * Finds the WAV files a session and its local modules name (`findSamplePaths`) and decodes
 * them in a worker at the engine's rate, each path resolved against the file that names it.
 * Call it after reading the sources and before running them: the decoding then happens off
 * the audio thread, and the build that follows is a cache hit for every sample.
 *
 * It never rejects: a file that is missing or unreadable is counted and left for the
 * `sample()` call that names it, whose error the loader reports with its location.
 *
 * @param sources The session's files, the session first: their texts by path or `file:` URL
 *   (what the loader has already read), or their paths (read here).
 * @param sampleRate The engine's sample rate in hertz.
 * @returns The files found and how many failed.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeWav } from "@lel/lel";
 * import { sampleCacheStats } from "./cache.ts";
 * const dir = Deno.makeTempDirSync();
 * Deno.writeFileSync(`${dir}/kick.wav`, encodeWav([new Float32Array(480)], 48000));
 * const session = `${dir}/set.lel.ts`;
 * const texts = new Map([[session, 'sample(pulse(2), "kick.wav"); sample(1, "gone.wav");']]);
 * const before = sampleCacheStats().decodes;
 * const result = await prefetchSessionSamples(texts, 48000);
 * assert.deepEqual(result, { paths: [`${dir}/kick.wav`, `${dir}/gone.wav`], failed: 1 });
 * assert.equal(sampleCacheStats().decodes, before + 1);
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export async function prefetchSessionSamples(
  sources: ReadonlyMap<string, string> | readonly string[],
  sampleRate: number,
): Promise<PrefetchResult> {
  const entries: [string, string][] = [];
  if (Array.isArray(sources)) {
    for (const file of sources as readonly string[]) {
      try {
        entries.push([file, await Deno.readTextFile(toPath(file))]);
      } catch {
        // A file that cannot be read fails its own import, with the loader's message.
      }
    }
  } else {
    entries.push(...(sources as ReadonlyMap<string, string>));
  }
  const paths = new Set<string>();
  for (const [file, text] of entries) {
    for (const p of findSamplePaths(text)) paths.add(resolveSamplePath(p, { base: file }));
  }
  const list = [...paths];
  // One worker for them all; it rejects with the first failure only, so count them after.
  await preloadSamples(list, sampleRate).catch(() => undefined);
  return { paths: list, failed: list.filter((p) => !isCached(p, sampleRate)).length };
}

function isCached(path: string, sampleRate: number): boolean {
  try {
    return cachedSample(statSample(path, path), sampleRate) !== undefined;
  } catch {
    return false;
  }
}

function toPath(file: string): string {
  return file.startsWith("file:") ? fileURLToPath(file) : file;
}
