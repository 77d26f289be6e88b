/**
 * WAV files: encode a whole recording, decode one (for tests and references), and stream a
 * long recording to disk with {@linkcode WavWriter}.
 *
 * Two formats are written: 32-bit IEEE float (`"f32"`, the default: lossless for the engine's
 * Float32 output, with the `fact` chunk that non-PCM formats require) and 16-bit PCM
 * (`"s16"`: scaled by 32768, rounded, clamped to -32768..32767, optionally with TPDF dither).
 * Both are little-endian RIFF/WAVE with the plain format tag (1 or 3); sizes are 32-bit, so
 * one file holds at most 4 GiB (about 3 h 6 min of 48 kHz stereo float).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const bytes = encodeWav([Float32Array.of(0, 0.5, -0.5)], 48000);
 * const wav = decodeWav(bytes);
 * assert.equal(wav.sampleRate, 48000);
 * assert.deepEqual([...wav.channels[0]], [0, 0.5, -0.5]);
 * ```
 * @module
 */

export {
  type DecodedWav,
  type EncodeWavOptions,
  maxWavFrames,
  WavError,
  type WavFormat,
  type WavSampleFormat,
} from "./_format.ts";
export { encodeWav } from "./encode.ts";
export { decodeWav } from "./decode.ts";
export { WavWriter, type WavWriterOptions } from "./writer.ts";
