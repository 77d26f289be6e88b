/**
 * Offline rendering: the same engine code writing straight to Float32Arrays (and WAV files),
 * with no audio device involved.
 * @module
 */

import { fileURLToPath } from "node:url";
import { Engine } from "./engine.ts";
import { engine } from "./process_engine.ts";
import type { Param } from "./signal.ts";
import { maxWavFrames, type WavFormat, WavWriter } from "./wav/mod.ts";

/** Options for {@linkcode render}. */
export interface RenderOptions {
  /**
   * Sample rate in Hz; must equal the engine's (signals' delay lines are sized for it).
   * @default {the engine's sample rate}
   */
  sampleRate?: number;
}

/** Rendered audio: one Float32Array per channel. */
export interface RenderResult {
  /** Sample rate of the rendered audio in Hz (the engine's). */
  sampleRate: number;
  /** One array per output channel, all the same length (the frames rendered). */
  channels: Float32Array[];
}

/**
 * Renders what is registered now for `seconds`, continuing engine time (a second call
 * continues where the first stopped).
 *
 * @param seconds Duration in seconds (> 0).
 * @param options Sample rate check.
 * @returns The master output per channel.
 * @throws {RangeError} On a bad duration or a sample rate the engine was not built for.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { register, sin, unregister } from "@lel/lel";
 * register("hum", sin(110));
 * const { channels } = render(0.1);
 * assert.equal(channels[0].length, 4800);
 * unregister("hum");
 * ```
 */
export function render(seconds: number, options: RenderOptions = {}): RenderResult {
  const e = engine();
  const sampleRate = checkSampleRate(e, options);
  const frames = framesFor(seconds, sampleRate);
  const channels = Array.from({ length: e.config.channels }, () => new Float32Array(frames));
  e.process(channels, frames);
  return { sampleRate, channels };
}

/** Options for {@linkcode renderSignal}. */
export interface RenderSignalOptions {
  /** Sample rate in Hz. @default {48000} */
  sampleRate?: number;
  /** Output channels (mono signals are copied to each). @default {1} */
  channels?: number;
}

/**
 * Renders one signal on its own, in double precision, with no fade and no master clip: the
 * way tests and doc examples measure a helper.
 *
 * Build the signal right before calling, since helpers bind to the next register.
 *
 * @param signal The signal (or a constant).
 * @param frames Frames to render.
 * @param options Sample rate and channel count.
 * @returns One Float64Array per channel.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sin } from "@lel/lel";
 * const [x] = renderSignal(sin(12000), 3, { sampleRate: 48000 });
 * assert.ok(Math.abs(x[1] - 1) < 1e-7); // a quarter turn per sample
 * ```
 */
export function renderSignal(
  signal: Param,
  frames: number,
  options: RenderSignalOptions = {},
): Float64Array[] {
  const e = new Engine({
    sampleRate: options.sampleRate ?? 48000,
    channels: options.channels ?? 1,
    fadeTime: 0,
    softClip: false,
  });
  try {
    e.register("signal", signal);
    const out = Array.from({ length: e.config.channels }, () => new Float64Array(frames));
    e.process(out, frames);
    return out;
  } finally {
    e.dispose();
  }
}

/** Options for {@linkcode renderToWav}. */
export interface RenderToWavOptions extends RenderOptions {
  /** Sample format: 32-bit float (lossless) or 16-bit PCM. @default {"f32"} */
  format?: WavFormat;
  /** TPDF dither before rounding to 16 bits (only with `"s16"`). @default {false} */
  dither?: boolean;
}

/** What {@linkcode renderToWav} wrote. */
export interface RenderToWavResult {
  /** The file written. */
  path: string;
  /** Sample rate in hertz. */
  sampleRate: number;
  /** Channels per frame. */
  channels: number;
  /** Frames per channel. */
  frames: number;
  /** Sample format. */
  format: WavFormat;
  /** Largest absolute sample written (before 16-bit quantisation). */
  peak: number;
  /** Root mean square over all channels and frames. */
  rms: number;
}

/** Frames per chunk when streaming to disk: a whole number of engine blocks at the default. */
const CHUNK_FRAMES = 4096;

/**
 * Renders what is registered now for `seconds` straight into a WAV file, continuing engine
 * time like {@linkcode render} and under the same rules.
 *
 * The audio is streamed to disk in chunks, so long renders need little memory. The file is
 * written only once the arguments are known to be good; if rendering is interrupted, what was
 * written so far is still a valid WAV.
 *
 * @param path File path or `file:` URL (created or replaced).
 * @param seconds Duration in seconds (> 0).
 * @param options Sample rate check, format and dither.
 * @returns Where, how much, and the level of what was written.
 * @throws {RangeError} On a bad duration, a sample rate the engine was not built for, or a file
 *   over 4 GiB.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { register, sin, unregister } from "@lel/lel";
 * const path = Deno.makeTempFileSync({ suffix: ".wav" });
 * register("hum", sin(110));
 * const result = renderToWav(path, 0.1, { format: "s16" });
 * assert.equal(result.frames, 4800);
 * assert.equal(Deno.statSync(path).size, 44 + 4800 * result.channels * 2);
 * unregister("hum");
 * Deno.removeSync(path);
 * ```
 */
export function renderToWav(
  path: string | URL,
  seconds: number,
  options: RenderToWavOptions = {},
): RenderToWavResult {
  const e = engine();
  const sampleRate = checkSampleRate(e, options);
  const frames = framesFor(seconds, sampleRate);
  const format = options.format ?? "f32";
  const nc = e.config.channels;
  if (frames > maxWavFrames(nc, format)) {
    const most = Math.floor(maxWavFrames(nc, format) / sampleRate);
    throw new RangeError(
      `Cannot render ${seconds} s to one WAV file: at most ${most} s of ${nc}-channel ${format} at ${sampleRate} Hz fit in 4 GiB; render shorter parts`,
    );
  }
  const chunk = Array.from({ length: nc }, () => new Float32Array(Math.min(frames, CHUNK_FRAMES)));
  const writer = WavWriter.create(path, {
    sampleRate,
    channels: nc,
    format,
    dither: options.dither ?? false,
    bufferFrames: CHUNK_FRAMES,
  });
  let peak = 0;
  let sum = 0;
  try {
    for (let done = 0; done < frames;) {
      const n = Math.min(CHUNK_FRAMES, frames - done);
      e.process(chunk, n);
      for (const x of chunk) {
        for (let i = 0; i < n; i++) {
          const v = x[i];
          const a = v < 0 ? -v : v;
          if (a > peak) peak = a;
          sum += v * v;
        }
      }
      writer.write(chunk, n);
      done += n;
    }
  } finally {
    writer.close();
  }
  return {
    path: path instanceof URL ? fileURLToPath(path) : path,
    sampleRate,
    channels: nc,
    frames,
    format,
    peak,
    rms: frames === 0 ? 0 : Math.sqrt(sum / (frames * nc)),
  };
}

function checkSampleRate(e: Engine, options: RenderOptions): number {
  const sampleRate = e.config.sampleRate;
  if (options.sampleRate !== undefined && options.sampleRate !== sampleRate) {
    throw new RangeError(
      `Cannot render at ${options.sampleRate} Hz: the engine runs at ${sampleRate} Hz; call resetEngine({ sampleRate: ${options.sampleRate} }) before registering signals`,
    );
  }
  return sampleRate;
}

function framesFor(seconds: number, sampleRate: number): number {
  if (!(Number.isFinite(seconds) && seconds > 0)) {
    throw new RangeError(`Cannot render: seconds must be a positive number, got ${seconds}`);
  }
  return Math.round(seconds * sampleRate);
}
