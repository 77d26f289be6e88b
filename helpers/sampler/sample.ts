/**
 * `sample(trigger, path)`: plays a WAV file on every trigger. The file is loaded through the
 * sample cache (decoded once, at the engine's rate), copied once into the data bank, and played
 * by the same player as `samplePlayer`.
 * @module
 */

import { fileURLToPath } from "node:url";
import type { Param, Signal } from "../../runtime/core/signal.ts";
import { activeEngine } from "../../runtime/core/process_engine.ts";
import { cacheKey, cacheState, loadSample } from "../../runtime/core/samples/cache.ts";
import type { SampleData } from "../../runtime/core/samples/read_sample.ts";
import type { HelperOptions } from "../../runtime/core/node.ts";
import { declareHelper } from "../declare_helper.ts";
import { playerParams, playerParts, VOICE_CONSTS } from "./_player.ts";
import { type StoredFrames, storeFrames } from "./store_frames.ts";

/** Options for {@linkcode sample}. */
export interface SampleOptions extends HelperOptions {
  /** Playback rate (number or signal): 1 the file's pitch, negative backwards. @default {1} */
  rate?: Param;
  /** Output gain (number or signal), linear. @default {1 (the file's values, exactly)} */
  gain?: Param;
  /** Voices that may sound at once, 1..32 (a trigger when all sound steals the oldest). @default {4} */
  voices?: number;
  /** 1: a trigger fades out the sounding voice in 2 ms instead of overlapping it. @default {0} */
  choke?: number;
  /**
   * The file (a path or `file:` URL) a relative `path` is relative to, for callers that know
   * better than the stack.
   * @default {the file that called `sample` (the user's, not a session loader's copy of it)}
   */
  from?: string;
  /**
   * The rate to load the file at, in hertz. Leave it out to play on the engine the build runs
   * against (`activeEngine()`: the session loader's or the REPL's, else the process engine);
   * give it for a private `Engine` or `renderSignal` at another rate, or the sample plays at
   * the wrong pitch.
   * @default {`activeEngine().config.sampleRate`}
   */
  sampleRate?: number;
}

/** The kit's hat: an example file that always exists (docs, the costs tool, the sweeps). */
const EXAMPLE = fileURLToPath(new URL("../../sessions/samples/hat.wav", import.meta.url));

/** Bank entries of samples already stored, by their decoded data (shared with the cache). */
const stored = new WeakMap<SampleData, StoredFrames>();

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

/**
 * Plays a WAV file from its start each time `trigger` rises through 0.5, the onset at that very
 * frame. Polyphonic (4 voices by default, the oldest stolen with a 2 ms fade) or choked; any
 * rate (1 the file's pitch, negative backwards, 4-point Hermite between frames); see
 * `samplePlayer` for how it plays.
 *
 * The file is loaded now, at build time, never while audio renders: from the sample cache when
 * the session loader prefetched it (or an earlier build loaded it) and the file is unchanged,
 * otherwise decoded on the spot. A file at another rate than the engine's is converted once by
 * the cache's Kaiser-windowed sinc; at the engine's own rate and `rate` 1 the output is the
 * decoded file bit for bit. Mono files give a mono signal, stereo files a stereo one; files
 * with more channels keep their first two. The frames are copied into the data bank once per
 * file version and never freed (see `dataBankStats`); a voice started before a reload that
 * changed the file plays the old version to its end.
 *
 * Paths resolve against the calling file's folder (the session's own file, even when the
 * session loader runs a copy of it; for the DSL, the file holding the template), or against
 * `options.from`; absolute paths and `file:` URLs stay as they are.
 *
 * @param trigger Signal whose rises through 0.5 start the sample (a number ≥ 0.5: plays once).
 * @param path The WAV file: `"kick.wav"`, `"../kit/snare.wav"`, absolute, or a `file:` URL.
 * @param options `rate`, `gain`, `voices`, `choke` (0/1), `from`, `sampleRate`, `key`.
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
export const sample: (trigger: Param, path: string, options?: SampleOptions) => Signal =
  declareHelper({
    name: "sample",
    summary:
      "Plays a WAV file on each trigger (voices, choke, any rate); path relative to the file",
    input: "trigger",
    texts: [{
      name: "path",
      unit: "path",
      doc: "the WAV file, relative to the file that names it",
      example: EXAMPLE,
    }],
    params: playerParams(true),
    consts: [
      ...VOICE_CONSTS,
      {
        name: "sampleRate",
        unit: "Hz",
        doc: "the rate to load the file at (the engine's the build runs against by default)",
        default: () => activeEngine().config.sampleRate,
        option: true,
      },
      { name: "offset", unit: "number", doc: "bank index of the frames", hidden: true },
      { name: "frames", unit: "number", doc: "the sample's frames", hidden: true },
      { name: "channels", unit: "number", doc: "1 or 2", hidden: true },
    ],
    order: ["path"],
    dslOrder: ["path", "rate", "gain", "voices", "choke"],
    prepare: (texts, c) => {
      const path = texts.path!;
      if (path === "") {
        throw new TypeError(
          "Cannot create sample: path is empty; give the name of a WAV file such as 'kick.wav'",
        );
      }
      const rate = c.value("sampleRate")!;
      if (!(rate >= 1000 && rate <= 768000)) {
        throw new RangeError(
          `Cannot create sample: sampleRate must be 1000..768000 Hz, got ${rate}`,
        );
      }
      const { offset, frames, channels } = bankEntry(loadSample(path, rate, { base: c.from }));
      return { offset, frames, channels };
    },
    ...playerParts("sample", ["channels"]),
  });
