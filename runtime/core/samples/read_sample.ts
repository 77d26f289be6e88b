/**
 * Reading one sample file: bytes → decoded WAV → the engine's rate, mono or stereo. The one
 * code path behind both a synchronous load and the decode worker.
 * @module
 */

import { decodeWav } from "../wav/decode.ts";
import { WavError, type WavSampleFormat } from "../wav/_format.ts";
import { resample } from "./resample.ts";
import { fileProblem, SampleError, sampleMessage } from "./sample_error.ts";
import type { SampleStat } from "./sample_path.ts";

/** The most channels a sample keeps: files with more keep their first two (front left, right). */
export const MAX_SAMPLE_CHANNELS = 2;

/** A decoded sample at the engine's rate. Shared from the cache: read it, never write into it. */
export interface SampleData {
  /** The real absolute path of the file. */
  readonly path: string;
  /** Sample rate in hertz of `channels` (the rate it was loaded for). */
  readonly sampleRate: number;
  /** Frames per channel. */
  readonly frames: number;
  /** One (mono) or two (stereo) arrays, samples in -1..1 for PCM files. */
  readonly channels: readonly Float32Array[];
  /** The file's own sample rate in hertz. */
  readonly sourceSampleRate: number;
  /** Channels in the file (more than `channels.length` when extra ones were dropped). */
  readonly sourceChannels: number;
  /** The file's sample format. */
  readonly format: WavSampleFormat;
}

/**
 * Decodes a sample from its bytes and converts it to `sampleRate` (a file already at that rate
 * keeps its decoded samples bit for bit). Files with more than two channels keep the first two:
 * in WAV's channel order those are front left and right.
 *
 * @param bytes The file's bytes.
 * @param requested The path as written (for messages).
 * @param path The real absolute path (for messages and the result).
 * @param sampleRate Target rate in hertz.
 * @returns The sample.
 * @throws {SampleError} When the bytes are empty, not a WAV lel reads, or hold no frames.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeWav } from "@lel/lel";
 * const bytes = encodeWav([new Float32Array(441).fill(0.25)], 44100);
 * const s = sampleFromBytes(bytes, "a.wav", "/k/a.wav", 48000);
 * assert.equal(s.frames, 480);
 * assert.equal(s.sourceSampleRate, 44100);
 * assert.throws(() => sampleFromBytes(new Uint8Array(0), "b.wav", "/k/b.wav", 48000), /empty/);
 * ```
 */
export function sampleFromBytes(
  bytes: Uint8Array,
  requested: string,
  path: string,
  sampleRate: number,
): SampleData {
  const fail = (problem: Parameters<typeof sampleMessage>[2], cause?: unknown): never => {
    throw new SampleError(sampleMessage(requested, path, problem), requested, path, { cause });
  };
  if (bytes.length === 0) fail({ kind: "empty" });
  let decoded;
  try {
    decoded = decodeWav(bytes);
  } catch (error) {
    if (!(error instanceof WavError)) throw error;
    return fail({ kind: "wav", detail: error.message.replace(/^Cannot decode WAV: /, "") }, error);
  }
  const kept = decoded.channels.slice(0, MAX_SAMPLE_CHANNELS);
  if (kept[0].length === 0) fail({ kind: "silent" });
  const channels = resample({ sampleRate: decoded.sampleRate, channels: kept }, sampleRate);
  return {
    path,
    sampleRate,
    frames: channels[0].length,
    channels,
    sourceSampleRate: decoded.sampleRate,
    sourceChannels: decoded.channels.length,
    format: decoded.format,
  };
}

/**
 * Reads and decodes the file a {@linkcode SampleStat} describes (synchronously).
 *
 * @param requested The path as written (for messages).
 * @param stat The file, from `statSample`.
 * @param sampleRate Target rate in hertz.
 * @returns The sample.
 * @throws {SampleError} When the file cannot be read or decoded.
 */
export function readSample(requested: string, stat: SampleStat, sampleRate: number): SampleData {
  let bytes: Uint8Array;
  try {
    bytes = Deno.readFileSync(stat.path);
  } catch (error) {
    throw new SampleError(
      sampleMessage(requested, stat.path, fileProblem(error)),
      requested,
      stat.path,
      { cause: error },
    );
  }
  return sampleFromBytes(bytes, requested, stat.path, sampleRate);
}
