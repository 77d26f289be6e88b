/**
 * WAV files: encode a whole recording, decode one (for tests and references), and stream a
 * long recording to disk with {@linkcode WavWriter}.
 *
 * Two formats are written: 32-bit IEEE float (`"f32"`, the default: lossless for the engine's
 * Float32 output, with the `fact` chunk that non-PCM formats require) and 16-bit PCM
 * (`"s16"`: scaled by 32768, rounded, clamped to -32768..32767, optionally with TPDF dither).
 * Both are little-endian RIFF/WAVE with the plain format tag (1 or 3); sizes are 32-bit, so
 * one file holds at most 4 GiB (about 3 h 6 min of 48 kHz stereo float).
 * @module
 */

import { fileURLToPath } from "node:url";

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

  constructor(message: string, offset: number) {
    super(message);
    this.name = "WavError";
    this.offset = offset;
  }
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** The 14 bytes after the format code in every standard KSDATAFORMAT_SUBTYPE GUID. */
const GUID_TAIL = Uint8Array.from(
  "000000001000800000aa00389b71".match(/../g)!,
  (hex) => parseInt(hex, 16),
);
/** RIFF sizes are uint32: the whole file minus 8 bytes must fit. */
const MAX_RIFF_SIZE = 0xffffffff;
const S16_SCALE = 32768;

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
function sampleBytes(format: WavFormat): number {
  return format === "f32" ? 4 : 2;
}

/** Header length of each written format: the float header adds `cbSize` and a `fact` chunk. */
function headerBytes(format: WavFormat): number {
  return format === "f32" ? 58 : 44;
}

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

/**
 * Decodes a WAV file: PCM 8/16/24/32-bit and IEEE float 32/64-bit, plain or
 * `WAVE_FORMAT_EXTENSIBLE`, skipping chunks it does not need (`LIST`, `bext`, …).
 *
 * Strict about sizes: a truncated data chunk or a partial last frame is an error rather than
 * silently shorter audio. Bytes after the RIFF size are ignored.
 *
 * @param bytes The file's bytes.
 * @returns Sample rate, format and samples per channel.
 * @throws {WavError} For anything that is not a well-formed WAV file lel can read.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const bytes = encodeWav([new Float32Array([0.1, -0.2])], 44100);
 * const { sampleRate, format, channels } = decodeWav(bytes);
 * assert.equal(sampleRate, 44100);
 * assert.equal(format, "f32");
 * assert.equal(channels[0][1], Math.fround(-0.2));
 * assert.throws(() => decodeWav(new Uint8Array(4)), /too short/);
 * ```
 */
export function decodeWav(bytes: Uint8Array | ArrayBuffer): DecodedWav {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const view = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  if (u8.length < 12) {
    throw new WavError(
      `Cannot decode WAV: the file is ${u8.length} bytes, too short for a RIFF header (12 bytes)`,
      0,
    );
  }
  const riff = fourcc(u8, 0);
  if (riff !== "RIFF") {
    const hint = riff === "RF64"
      ? " (RF64 files over 4 GiB are not supported)"
      : riff === "RIFX"
      ? " (big-endian RIFX is not supported)"
      : "";
    throw new WavError(
      `Cannot decode WAV: expected 'RIFF' at byte 0, found ${quote(riff)}${hint}`,
      0,
    );
  }
  if (fourcc(u8, 8) !== "WAVE") {
    throw new WavError(
      `Cannot decode WAV: expected 'WAVE' at byte 8, found ${quote(fourcc(u8, 8))}`,
      8,
    );
  }
  const end = Math.min(u8.length, 8 + view.getUint32(4, true));
  let fmt: Fmt | undefined;
  let dataAt = -1;
  let dataSize = 0;
  let pos = 12;
  while (pos + 8 <= end && (fmt === undefined || dataAt < 0)) {
    const id = fourcc(u8, pos);
    const size = view.getUint32(pos + 4, true);
    const body = pos + 8;
    if (body + size > end) {
      throw new WavError(
        `Cannot decode WAV: chunk ${quote(id)} at byte ${pos} says ${size} bytes but only ${
          end - body
        } remain (is the file truncated?)`,
        pos,
      );
    }
    if (id === "fmt " && fmt === undefined) fmt = readFmt(view, body, size);
    if (id === "data" && dataAt < 0) {
      dataAt = body;
      dataSize = size;
    }
    pos = body + size + (size & 1);
  }
  if (fmt === undefined) throw new WavError("Cannot decode WAV: no 'fmt ' chunk", 12);
  if (dataAt < 0) throw new WavError("Cannot decode WAV: no 'data' chunk", 12);
  if (dataSize % fmt.blockAlign !== 0) {
    throw new WavError(
      `Cannot decode WAV: the data chunk holds ${dataSize} bytes, not a whole number of ${fmt.blockAlign}-byte frames`,
      dataAt - 8,
    );
  }
  const frames = dataSize / fmt.blockAlign;
  const channels = Array.from({ length: fmt.channels }, () => new Float32Array(frames));
  readFrames(view, dataAt, fmt, channels);
  return { sampleRate: fmt.sampleRate, format: fmt.format, channels };
}

interface Fmt {
  format: WavSampleFormat;
  channels: number;
  sampleRate: number;
  blockAlign: number;
}

function readFmt(view: DataView, at: number, size: number): Fmt {
  if (size < 16) {
    throw new WavError(
      `Cannot decode WAV: the 'fmt ' chunk is ${size} bytes, expected at least 16`,
      at - 8,
    );
  }
  let tag = view.getUint16(at, true);
  const channels = view.getUint16(at + 2, true);
  const sampleRate = view.getUint32(at + 4, true);
  const blockAlign = view.getUint16(at + 12, true);
  const bits = view.getUint16(at + 14, true);
  if (tag === WAVE_FORMAT_EXTENSIBLE) {
    if (size < 40 || view.getUint16(at + 16, true) < 22) {
      throw new WavError(
        `Cannot decode WAV: WAVE_FORMAT_EXTENSIBLE needs a 40-byte 'fmt ' chunk, got ${size} bytes`,
        at - 8,
      );
    }
    tag = view.getUint16(at + 24, true);
    const tail = GUID_TAIL.every((b, i) => view.getUint8(at + 26 + i) === b);
    if (!tail) {
      throw new WavError(
        "Cannot decode WAV: WAVE_FORMAT_EXTENSIBLE with a non-standard SubFormat GUID is not supported",
        at + 24,
      );
    }
  }
  const format = sampleFormat(tag, bits);
  if (format === undefined) {
    throw new WavError(
      `Cannot decode WAV: format tag ${tag} with ${bits}-bit samples is not supported; lel reads PCM (tag 1) at 8, 16, 24 or 32 bits and IEEE float (tag 3) at 32 or 64 bits`,
      at,
    );
  }
  if (channels === 0 || sampleRate === 0) {
    throw new WavError(
      `Cannot decode WAV: the 'fmt ' chunk says ${channels} channels at ${sampleRate} Hz`,
      at,
    );
  }
  if (blockAlign !== channels * (bits / 8)) {
    throw new WavError(
      `Cannot decode WAV: block align is ${blockAlign} bytes, expected ${
        channels * (bits / 8)
      } for ${channels} channels of ${bits} bits`,
      at + 12,
    );
  }
  return { format, channels, sampleRate, blockAlign };
}

function sampleFormat(tag: number, bits: number): WavSampleFormat | undefined {
  if (tag === WAVE_FORMAT_PCM) {
    if (bits === 8) return "u8";
    if (bits === 16) return "s16";
    if (bits === 24) return "s24";
    if (bits === 32) return "s32";
  }
  if (tag === WAVE_FORMAT_IEEE_FLOAT) {
    if (bits === 32) return "f32";
    if (bits === 64) return "f64";
  }
  return undefined;
}

function readFrames(view: DataView, at: number, fmt: Fmt, out: Float32Array[]): void {
  const n = out[0].length;
  const nc = out.length;
  const width = fmt.blockAlign / nc;
  let p = at;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < nc; c++) {
      let x: number;
      switch (fmt.format) {
        case "u8":
          x = (view.getUint8(p) - 128) / 128;
          break;
        case "s16":
          x = view.getInt16(p, true) / 32768;
          break;
        case "s24":
          x = ((view.getInt8(p + 2) << 16) | view.getUint16(p, true)) / 8388608;
          break;
        case "s32":
          x = view.getInt32(p, true) / 2147483648;
          break;
        case "f32":
          x = view.getFloat32(p, true);
          break;
        case "f64":
          x = view.getFloat64(p, true);
          break;
      }
      out[c][i] = x;
      p += width;
    }
  }
}

/** Options for {@linkcode WavWriter.create}. */
export interface WavWriterOptions {
  /** Sample rate in hertz, a whole number. */
  sampleRate: number;
  /** Channels per frame. */
  channels: number;
  /** Sample format. @default {"f32"} */
  format?: WavFormat;
  /** TPDF dither for `"s16"` (see {@linkcode EncodeWavOptions.dither}). @default {false} */
  dither?: boolean;
  /**
   * Frames buffered between writes to disk; at most this much audio is lost if the process
   * is killed. @default {8192}
   */
  bufferFrames?: number;
}

/**
 * Streams a recording to a WAV file: frames are interleaved into one reused buffer and written
 * when it fills (a few syscalls per flush, no allocation per write).
 *
 * After every flush the header already describes the data written so far, so the file is a
 * valid WAV even if the process is killed before {@linkcode WavWriter.close}; only the
 * buffered frames (at most `bufferFrames`) are lost. Flushes do not `fsync`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const path = Deno.makeTempFileSync({ suffix: ".wav" });
 * const writer = WavWriter.create(path, { sampleRate: 48000, channels: 1 });
 * writer.write([new Float32Array([0.25, 0.5])]);
 * writer.write([new Float32Array([0.75])]);
 * writer.close();
 * assert.deepEqual(Array.from(decodeWav(Deno.readFileSync(path)).channels[0]), [0.25, 0.5, 0.75]);
 * Deno.removeSync(path);
 * ```
 */
export class WavWriter {
  /** The file being written. */
  readonly path: string;
  /** Sample rate in hertz. */
  readonly sampleRate: number;
  /** Channels per frame. */
  readonly channels: number;
  /** Sample format. */
  readonly format: WavFormat;
  #file: Deno.FsFile | undefined;
  #header: Uint8Array;
  #headerView: DataView;
  #buf: Uint8Array;
  #view: DataView;
  #used = 0;
  #frames = 0;
  #flushed = 0;
  #dither: boolean;
  #blockAlign: number;

  private constructor(path: string, file: Deno.FsFile, options: Required<WavWriterOptions>) {
    this.path = path;
    this.#file = file;
    this.sampleRate = options.sampleRate;
    this.channels = options.channels;
    this.format = options.format;
    this.#dither = options.dither;
    this.#blockAlign = options.channels * sampleBytes(options.format);
    this.#header = new Uint8Array(headerBytes(options.format));
    this.#headerView = new DataView(this.#header.buffer);
    this.#buf = new Uint8Array(options.bufferFrames * this.#blockAlign);
    this.#view = new DataView(this.#buf.buffer);
  }

  /**
   * Creates (or truncates) `path` and writes the header of an empty recording.
   *
   * @param path File path or `file:` URL.
   * @param options Sample rate, channels, format, dither and buffer size.
   * @returns The writer.
   * @throws {RangeError} On a bad sample rate, channel count, format or buffer size.
   * @throws {Deno.errors.NotFound} When the folder does not exist.
   */
  static create(path: string | URL, options: WavWriterOptions): WavWriter {
    const format = checkFormat(options.format ?? "f32", "create WAV writer");
    checkLayout(options.channels, options.sampleRate, "create WAV writer");
    const bufferFrames = options.bufferFrames ?? 8192;
    if (!(Number.isInteger(bufferFrames) && bufferFrames >= 1 && bufferFrames <= 1 << 20)) {
      throw new RangeError(
        `Cannot create WAV writer: bufferFrames must be an integer 1..1048576, got ${bufferFrames}`,
      );
    }
    const filePath = path instanceof URL ? fileURLToPath(path) : path;
    const file = Deno.openSync(filePath, { write: true, create: true, truncate: true });
    const writer = new WavWriter(filePath, file, {
      sampleRate: options.sampleRate,
      channels: options.channels,
      format,
      dither: options.dither ?? false,
      bufferFrames,
    });
    try {
      writer.#writeHeader();
    } catch (error) {
      file.close();
      writer.#file = undefined;
      throw error;
    }
    return writer;
  }

  /** Frames written so far, buffered ones included. */
  get frames(): number {
    return this.#frames;
  }

  /** Frames on disk and described by the header. */
  get flushedFrames(): number {
    return this.#flushed;
  }

  /** Whether {@linkcode WavWriter.close} was called. */
  get closed(): boolean {
    return this.#file === undefined;
  }

  /**
   * Appends `frames` frames, one array per channel.
   *
   * @param channels Exactly {@linkcode WavWriter.channels} arrays.
   * @param frames Frames to take from the start of each array. @default {channels[0].length}
   * @throws {TypeError} After close, or with the wrong number of channels.
   * @throws {RangeError} When an array is shorter than `frames`, or the file would pass 4 GiB
   *   (nothing is written then; close this file and start another).
   */
  write(channels: readonly (Float32Array | Float64Array)[], frames?: number): void {
    if (this.#file === undefined) {
      throw new TypeError(`Cannot write to '${this.path}': the WAV writer is closed`);
    }
    if (channels.length !== this.channels) {
      throw new TypeError(
        `Cannot write to '${this.path}': expected ${this.channels} channels, got ${channels.length}`,
      );
    }
    const n = frames ?? channels[0].length;
    for (let c = 0; c < channels.length; c++) {
      if (!(Number.isInteger(n) && n >= 0 && n <= channels[c].length)) {
        throw new RangeError(
          `Cannot write to '${this.path}': frames must be an integer 0..${
            channels[c].length
          } (the length of channel ${c}), got ${n}`,
        );
      }
    }
    if (!fits(this.#frames + n, this.#blockAlign, this.format)) {
      throw sizeError(this.#frames + n, this.#blockAlign, `write to '${this.path}'`);
    }
    const capacity = this.#buf.length / this.#blockAlign;
    let done = 0;
    while (done < n) {
      const usedFrames = this.#used / this.#blockAlign;
      const take = Math.min(capacity - usedFrames, n - done);
      writeFrames(this.#view, this.#used, channels, done, take, this.format, this.#dither);
      this.#used += take * this.#blockAlign;
      this.#frames += take;
      done += take;
      if (usedFrames + take === capacity) this.flush();
    }
  }

  /**
   * Writes the buffered frames and updates the header to describe everything written.
   *
   * @throws {TypeError} After close.
   */
  flush(): void {
    if (this.#file === undefined) {
      throw new TypeError(`Cannot flush '${this.path}': the WAV writer is closed`);
    }
    if (this.#used === 0) return;
    writeAll(this.#file, this.#buf.subarray(0, this.#used));
    this.#used = 0;
    this.#writeHeader();
  }

  /** Flushes, finalises the header and closes the file; closing twice does nothing. */
  close(): void {
    const file = this.#file;
    if (file === undefined) return;
    try {
      this.flush();
    } finally {
      this.#file = undefined;
      file.close();
    }
  }

  /** Same as {@linkcode WavWriter.close}, for `using`. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** Rewrites the header for the frames now on disk (data first, then header: never ahead). */
  #writeHeader(): void {
    const file = this.#file as Deno.FsFile;
    const frames = this.#frames;
    writeHeader(this.#headerView, this.format, this.channels, this.sampleRate, frames);
    file.seekSync(0, Deno.SeekMode.Start);
    writeAll(file, this.#header);
    file.seekSync(0, Deno.SeekMode.End);
    this.#flushed = frames;
  }
}

function writeAll(file: Deno.FsFile, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) done += file.writeSync(bytes.subarray(done));
}

function writeHeader(
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
function writeFrames(
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

function checkFormat(format: unknown, verb: string): WavFormat {
  if (format !== "f32" && format !== "s16") {
    throw new RangeError(`Cannot ${verb}: format must be "f32" or "s16", got ${String(format)}`);
  }
  return format;
}

function checkLayout(channels: number, sampleRate: number, verb: string): void {
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
function checkSize(frames: number, blockAlign: number, format: WavFormat, verb: string): number {
  if (!fits(frames, blockAlign, format)) throw sizeError(frames, blockAlign, verb);
  return frames * blockAlign;
}

function fits(frames: number, blockAlign: number, format: WavFormat): boolean {
  return headerBytes(format) - 8 + frames * blockAlign <= MAX_RIFF_SIZE;
}

function sizeError(frames: number, blockAlign: number, verb: string): RangeError {
  return new RangeError(
    `Cannot ${verb}: ${frames} frames of ${blockAlign} bytes pass the 4 GiB limit of a WAV file; split the recording into several files`,
  );
}

function fourcc(u8: Uint8Array, at: number): string {
  return String.fromCharCode(u8[at], u8[at + 1], u8[at + 2], u8[at + 3]);
}

function setFourcc(view: DataView, at: number, id: string): void {
  for (let i = 0; i < 4; i++) view.setUint8(at + i, id.charCodeAt(i));
}

function quote(id: string): string {
  return JSON.stringify(id).replaceAll('"', "'");
}
