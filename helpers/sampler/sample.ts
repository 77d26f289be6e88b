/**
 * `sample(trigger, path)`: plays a WAV file on every trigger. The file is loaded through the
 * sample cache (decoded once, at the engine's rate), copied once into the data bank, and played
 * by a {@linkcode samplePlayer}.
 * @module
 */

import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Param, Signal } from "../../runtime/signal.ts";
import { engine } from "../../runtime/engine.ts";
import { userLocation } from "../../runtime/location.ts";
import { cacheKey, cacheState, loadSample } from "../../runtime/samples/cache.ts";
import type { SampleData } from "../../runtime/samples/read_sample.ts";
import type { HelperOptions } from "../node.ts";
import { samplePlayer } from "./sample_player.ts";
import { type StoredFrames, storeFrames } from "./store_frames.ts";

/** Options for {@linkcode sample}. */
export interface SampleOptions extends HelperOptions {
  /** Playback rate (number or signal): 1 the file's pitch, negative backwards. @default {1} */
  rate?: Param;
  /** Output gain (number or signal), linear. @default {1 (the file's values, exactly)} */
  gain?: Param;
  /** Voices that may sound at once, 1..32 (a trigger when all sound steals the oldest). @default {4} */
  voices?: number;
  /** A trigger fades out the sounding voice in 2 ms instead of overlapping it. @default {false} */
  choke?: boolean;
  /**
   * The file (or `file:` URL) a relative `path` is relative to, for callers that know better
   * than the stack (the DSL passes its source file).
   * @default {the file that called `sample`, as the user wrote it (not a reload copy)}
   */
  from?: string | URL;
  /**
   * The rate to load the file at, in hertz. Leave it out to play on the process engine (the
   * one `register` and the session loader use); give it for a private `Engine` or
   * `renderSignal` at another rate, or the sample plays at the wrong pitch.
   * @default {the process engine's sample rate (`engine().config.sampleRate`)}
   */
  sampleRate?: number;
}

/** Bank entries of samples already stored, by their decoded data (shared with the cache). */
const stored = new WeakMap<SampleData, StoredFrames>();

/**
 * Plays a WAV file from its start each time `trigger` rises through 0.5, the onset at that very
 * frame. Polyphonic (4 voices by default, the oldest stolen with a 2 ms fade) or choked.
 *
 * The file is loaded now, at build time, never while audio renders: from the sample cache when
 * the session loader preloaded it (or an earlier build loaded it) and the file is unchanged,
 * otherwise decoded on the spot. A file at another rate than the engine's is converted once
 * by the cache's Kaiser-windowed sinc; at the engine's own rate and `rate` 1 the output is the
 * decoded file bit for bit. Mono files give a mono signal (one per trigger channel), stereo
 * files a stereo one; files with more channels keep their first two. The frames are copied
 * into the data bank once per file version and never freed (see `dataBankStats`).
 *
 * Paths resolve against the calling file's folder (a session's own file, even when the
 * session loader runs a copy of it), or against `options.from`; absolute paths and `file:`
 * URLs stay as they are.
 *
 * @param trigger Signal whose rises through 0.5 start the sample (a number ≥ 0.5: plays once).
 * @param path The WAV file: `"kick.wav"`, `"../kit/snare.wav"`, absolute, or a `file:` URL.
 * @param options `rate`, `gain`, `voices`, `choke`, `from`, `sampleRate`, `key`.
 * @returns The sample's signal: mono or stereo, like the file.
 * @throws {SampleError} When the file is missing, unreadable or not a WAV file lel reads.
 * @throws {TypeError} When `path` is not a non-empty string.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeWav, renderSignal, type Signal } from "@lel/lel";
 * const path = Deno.makeTempFileSync({ suffix: ".wav" });
 * Deno.writeFileSync(path, encodeWav([new Float32Array([0.5, -0.25, 0.125])], 48000));
 * const at3: Signal = (s) => (s.frame >= 3 ? 1 : 0);
 * const [y] = renderSignal(sample(at3, path), 7);
 * assert.deepEqual(Array.from(y), [0, 0, 0, 0.5, -0.25, 0.125, 0]);
 * Deno.removeSync(path);
 * ```
 */
export function sample(trigger: Param, path: string, options: SampleOptions = {}): Signal {
  if (typeof path !== "string" || path === "") {
    throw new TypeError(
      `Cannot create sample: path must be the name of a WAV file such as 'kick.wav', got ${
        typeof path === "string" ? "''" : String(path)
      }`,
    );
  }
  const sampleRate = options.sampleRate ?? engine().config.sampleRate;
  if (!(Number.isFinite(sampleRate) && sampleRate >= 1000 && sampleRate <= 768000)) {
    throw new RangeError(
      `Cannot create sample: sampleRate must be 1000..768000 Hz, got ${sampleRate}`,
    );
  }
  const base = options.from ?? callerFile(new Error().stack);
  const data = loadSample(path, sampleRate, { base });
  return samplePlayer(trigger, options.rate ?? 1, {
    ...bankEntry(data),
    ...(options.voices === undefined ? {} : { voices: options.voices }),
    choke: options.choke === true ? 1 : 0,
    ...(options.gain === undefined ? {} : { gain: options.gain }),
    ...(options.key === undefined ? {} : { key: options.key }),
  });
}

/**
 * The user's file that called: the first stack frame outside lel, mapped from a reload copy to
 * the user's own file, as an absolute path (undefined when the stack has none).
 */
function callerFile(stack: string | undefined): string | undefined {
  const loc = userLocation(stack);
  if (loc === undefined) return undefined;
  if (loc.file.startsWith("file:")) return fileURLToPath(loc.file);
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(loc.file) ? undefined : resolve(loc.file);
}

/**
 * Where a decoded sample's frames are in the data bank, copied in on first use. Keyed by the
 * file version the cache decoded, so a build after a reload that found the file unchanged
 * copies nothing.
 */
function bankEntry(data: SampleData): StoredFrames {
  const known = stored.get(data);
  if (known !== undefined) return known;
  const cached = cacheState().entries.get(cacheKey(data.path, data.sampleRate));
  const key = cached?.data === data
    ? `sample:${data.sampleRate}:${cached.size}:${cached.mtimeMs}:${data.path}`
    : undefined;
  const entry = storeFrames(data.channels, key);
  stored.set(data, entry);
  return entry;
}
