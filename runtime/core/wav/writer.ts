/**
 * Streaming a long recording to a WAV file whose header is valid after every flush.
 * @module
 */

import { fileURLToPath } from "node:url";
import {
  checkFormat,
  checkLayout,
  fits,
  headerBytes,
  sampleBytes,
  sizeError,
  type WavFormat,
  writeFrames,
  writeHeader,
} from "./_format.ts";

/** Options for {@linkcode WavWriter.create}. */
export interface WavWriterOptions {
  /** Sample rate in hertz, a whole number. */
  sampleRate: number;
  /** Channels per frame. */
  channels: number;
  /** Sample format. @default {"f32"} */
  format?: WavFormat;
  /** TPDF dither for `"s16"` (see `EncodeWavOptions.dither`). @default {false} */
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
 * import { decodeWav } from "@lel/lel";
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
