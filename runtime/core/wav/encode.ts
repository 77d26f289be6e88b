/**
 * Encoding a whole recording as a WAV file in memory.
 * @module
 */

import {
  checkFormat,
  checkLayout,
  checkSize,
  type EncodeWavOptions,
  headerBytes,
  sampleBytes,
  writeFrames,
  writeHeader,
} from "./_format.ts";

/**
 * Encodes audio as a WAV file.
 *
 * `"f32"` stores every sample exactly as a Float32 (Float64 input is rounded to Float32).
 * `"s16"` stores `round(x * 32768)` clamped to -32768..32767, so values beyond ±1 clip and a
 * decode gives back `x` within 1/32768; NaN becomes 0.
 *
 * @param channels One array per channel, all the same length (interleaved in the file).
 * @param sampleRate Sample rate in hertz, a whole number.
 * @param options Sample format and dither.
 * @returns The file's bytes.
 * @throws {RangeError} On no channels, unequal lengths, a bad sample rate or a file over 4 GiB.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeWav } from "@lel/lel";
 * const left = new Float32Array([0, 0.5, -0.25]);
 * const right = new Float32Array([1, -1, 0.125]);
 * const bytes = encodeWav([left, right], 48000, { format: "s16" });
 * assert.equal(bytes.length, 44 + 3 * 2 * 2);
 * const decoded = decodeWav(bytes);
 * assert.equal(decoded.format, "s16");
 * assert.deepEqual(Array.from(decoded.channels[0]), [0, 0.5, -0.25]);
 * assert.equal(decoded.channels[1][0], 32767 / 32768); // +1 clips to the largest code
 * ```
 */
export function encodeWav(
  channels: readonly Float32Array[] | readonly Float64Array[],
  sampleRate: number,
  options: EncodeWavOptions = {},
): Uint8Array {
  const format = checkFormat(options.format ?? "f32", "encode WAV");
  checkLayout(channels.length, sampleRate, "encode WAV");
  const frames = channels[0].length;
  for (let c = 1; c < channels.length; c++) {
    if (channels[c].length !== frames) {
      throw new RangeError(
        `Cannot encode WAV: channels must have the same length, got ${frames} frames in channel 0 and ${
          channels[c].length
        } in channel ${c}`,
      );
    }
  }
  const blockAlign = channels.length * sampleBytes(format);
  const dataBytes = checkSize(frames, blockAlign, format, "encode WAV");
  const bytes = new Uint8Array(headerBytes(format) + dataBytes);
  const view = new DataView(bytes.buffer);
  writeHeader(view, format, channels.length, sampleRate, frames);
  writeFrames(view, headerBytes(format), channels, 0, frames, format, options.dither ?? false);
  return bytes;
}
