/**
 * Offline rendering: the same engine code writing straight to Float32Arrays (and WAV files),
 * with no audio device involved.
 * @module
 */

import { Engine, engine } from "./engine.ts";
import type { Param } from "./signal.ts";

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
  sampleRate: number;
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
  const sampleRate = e.config.sampleRate;
  if (options.sampleRate !== undefined && options.sampleRate !== sampleRate) {
    throw new RangeError(
      `Cannot render at ${options.sampleRate} Hz: the engine runs at ${sampleRate} Hz; call resetEngine({ sampleRate: ${options.sampleRate} }) before registering signals`,
    );
  }
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

function framesFor(seconds: number, sampleRate: number): number {
  if (!(Number.isFinite(seconds) && seconds > 0)) {
    throw new RangeError(`Cannot render: seconds must be a positive number, got ${seconds}`);
  }
  return Math.round(seconds * sampleRate);
}
