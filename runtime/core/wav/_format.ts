/**
 * What the WAV encoder, decoder and writer share: formats, errors, size limits, and the header
 * and sample layout.
 * @module
 */

/** Sample formats lel writes: 32-bit IEEE float or 16-bit PCM. */
export type WavFormat = "f32" | "s16";

/** Sample formats {@linkcode decodeWav} reads (unsigned 8-bit, signed PCM, IEEE float). */
export type WavSampleFormat = "u8" | "s16" | "s24" | "s32" | "f32" | "f64";

/** Options for {@linkcode encodeWav}. */
export interface EncodeWavOptions {
  /** Sample format. @default {"f32"} */
  format?: WavFormat;
  /**
   * Add triangular (TPDF, ±1 LSB) dither before rounding to 16 bits, which turns the
   * quantisation distortion of quiet passages into a steady noise floor near -93 dBFS.
   * Ignored for `"f32"`.
   * @default {false}
   */
  dither?: boolean;
}

/** A decoded WAV file. */
export interface DecodedWav {
  /** Sample rate in hertz. */
  sampleRate: number;
  /** The file's sample format. */
  format: WavSampleFormat;
  /** One array per channel, samples scaled to -1..1 (PCM divided by 2^(bits-1)). */
  channels: Float32Array[];
}

/** A WAV file that cannot be read: what is wrong and at which byte. */
export class WavError extends SyntaxError {
  /** Byte offset in the file where the problem was found. */
  readonly offset: number;

  /**
   * Creates the error for a file that cannot be read.
   *
   * @param message What is wrong, saying what to do.
   * @param offset Byte offset in the file where it was found.
   */
  constructor(message: string, offset: number) {
    super(message);
    this.name = "WavError";
    this.offset = offset;
  }
}

export const WAVE_FORMAT_PCM = 1;
export const WAVE_FORMAT_IEEE_FLOAT = 3;
export const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** The 14 bytes after the format code in every standard KSDATAFORMAT_SUBTYPE GUID. */
export const GUID_TAIL = Uint8Array.from(
  "000000001000800000aa00389b71".match(/../g)!,
  (hex) => parseInt(hex, 16),
);
/** RIFF sizes are uint32: the whole file minus 8 bytes must fit. */
export const MAX_RIFF_SIZE = 0xffffffff;
export const S16_SCALE = 32768;

/**
 * The most frames one WAV file of this layout can hold (its sizes are 32-bit).
 *
 * @param channels Channels per frame.
 * @param format Sample format.
 * @returns Frames per channel.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const hours = maxWavFrames(2, "f32") / 48000 / 3600;
 * assert.ok(hours > 3.1 && hours < 3.2);
 * ```
 */
export function maxWavFrames(channels: number, format: WavFormat): number {
  return Math.floor((MAX_RIFF_SIZE - headerBytes(format) + 8) / (channels * sampleBytes(format)));
}

/** Bytes per sample of each written format. */
export function sampleBytes(format: WavFormat): number {
  return format === "f32" ? 4 : 2;
}

/** Header length of each written format: the float header adds `cbSize` and a `fact` chunk. */
export function headerBytes(format: WavFormat): number {
  return format === "f32" ? 58 : 44;
}

export function writeHeader(
  view: DataView,
  format: WavFormat,
  channels: number,
  sampleRate: number,
  frames: number,
): void {
  const bytesPerSample = sampleBytes(format);
  const blockAlign = channels * bytesPerSample;
  const dataBytes = frames * blockAlign;
  const header = headerBytes(format);
  setFourcc(view, 0, "RIFF");
  view.setUint32(4, header - 8 + dataBytes, true);
  setFourcc(view, 8, "WAVE");
  setFourcc(view, 12, "fmt ");
  view.setUint32(16, format === "f32" ? 18 : 16, true);
  view.setUint16(20, format === "f32" ? WAVE_FORMAT_IEEE_FLOAT : WAVE_FORMAT_PCM, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, bytesPerSample * 8, true);
  let p = 36;
  if (format === "f32") {
    view.setUint16(36, 0, true); // cbSize: no extension
    setFourcc(view, 38, "fact");
    view.setUint32(42, 4, true);
    view.setUint32(46, frames, true);
    p = 50;
  }
  setFourcc(view, p, "data");
  view.setUint32(p + 4, dataBytes, true);
}

/** Interleaves `n` frames of `channels` from index `from` into `view` at byte `at`. */
export function writeFrames(
  view: DataView,
  at: number,
  channels: readonly ArrayLike<number>[],
  from: number,
  n: number,
  format: WavFormat,
  dither: boolean,
): void {
  const nc = channels.length;
  let p = at;
  if (format === "f32") {
    for (let i = from; i < from + n; i++) {
      for (let c = 0; c < nc; c++) {
        view.setFloat32(p, channels[c][i], true);
        p += 4;
      }
    }
    return;
  }
  for (let i = from; i < from + n; i++) {
    for (let c = 0; c < nc; c++) {
      // TPDF dither: the difference of two uniform variables, triangular over ±1 LSB.
      const d = dither ? Math.random() - Math.random() : 0;
      let q = Math.round(channels[c][i] * S16_SCALE + d);
      if (q > 32767) q = 32767;
      else if (q < -32768) q = -32768;
      else if (q !== q) q = 0;
      view.setInt16(p, q, true);
      p += 2;
    }
  }
}

export function checkFormat(format: unknown, verb: string): WavFormat {
  if (format !== "f32" && format !== "s16") {
    throw new RangeError(`Cannot ${verb}: format must be "f32" or "s16", got ${String(format)}`);
  }
  return format;
}

export function checkLayout(channels: number, sampleRate: number, verb: string): void {
  if (!(Number.isInteger(channels) && channels >= 1 && channels <= 65535)) {
    throw new RangeError(`Cannot ${verb}: channels must be an integer 1..65535, got ${channels}`);
  }
  if (!(Number.isInteger(sampleRate) && sampleRate >= 1 && sampleRate <= 0xffffffff)) {
    throw new RangeError(
      `Cannot ${verb}: sampleRate must be a whole number of hertz 1..4294967295, got ${sampleRate}`,
    );
  }
  if (sampleRate * channels * 4 > 0xffffffff) {
    throw new RangeError(
      `Cannot ${verb}: ${channels} channels at ${sampleRate} Hz overflow the header's byte rate`,
    );
  }
}

/** Data bytes for `frames` frames; throws when the file would exceed the RIFF size limit. */
export function checkSize(
  frames: number,
  blockAlign: number,
  format: WavFormat,
  verb: string,
): number {
  if (!fits(frames, blockAlign, format)) throw sizeError(frames, blockAlign, verb);
  return frames * blockAlign;
}

export function fits(frames: number, blockAlign: number, format: WavFormat): boolean {
  return headerBytes(format) - 8 + frames * blockAlign <= MAX_RIFF_SIZE;
}

export function sizeError(frames: number, blockAlign: number, verb: string): RangeError {
  return new RangeError(
    `Cannot ${verb}: ${frames} frames of ${blockAlign} bytes pass the 4 GiB limit of a WAV file; split the recording into several files`,
  );
}

export function fourcc(u8: Uint8Array, at: number): string {
  return String.fromCharCode(u8[at], u8[at + 1], u8[at + 2], u8[at + 3]);
}

export function setFourcc(view: DataView, at: number, id: string): void {
  for (let i = 0; i < 4; i++) view.setUint8(at + i, id.charCodeAt(i));
}

export function quote(id: string): string {
  return JSON.stringify(id).replaceAll('"', "'");
}
