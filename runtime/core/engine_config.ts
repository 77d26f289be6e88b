/**
 * Engine settings: the options a caller gives, resolved once into a complete configuration.
 * @module
 */

/** Engine settings; every field is optional. */
export interface EngineOptions {
  /** Sample rate in hertz. @default {48000} */
  sampleRate?: number;
  /** Output channels. @default {2} */
  channels?: number;
  /** Fade time for new, removed, muted and crossfaded signals, in seconds. @default {0.01} */
  fadeTime?: number;
  /** Frames rendered per block (changes land between blocks). @default {128} */
  blockSize?: number;
  /** End the master bus in a soft clip (off only for measuring helpers). @default {true} */
  softClip?: boolean;
  /**
   * How far ahead a transaction's new signals are rendered on copies of their state before it
   * commits, in seconds: one that goes wrong there (NaN, ±Infinity, a runaway value, a throw)
   * is refused and the previous version keeps playing. 0 turns it off. @default {0.05}
   */
  shadowTime?: number;
}

/** Engine settings with every field resolved. */
export interface EngineConfig {
  /** Sample rate in Hz, 1000..768000. */
  readonly sampleRate: number;
  /** Output channels, 1..32. */
  readonly channels: number;
  /** Fade time for new, removed, muted and crossfaded signals, in seconds, 0..10. */
  readonly fadeTime: number;
  /** Frames rendered per block, 1..8192 (changes land between blocks). */
  readonly blockSize: number;
  /** Whether the master bus ends in a soft clip. */
  readonly softClip: boolean;
  /** How far ahead new signals are test-rendered before a commit, in seconds, 0..2 (0: off). */
  readonly shadowTime: number;
}

/**
 * Fills in defaults and checks ranges.
 *
 * @param options What the caller gave.
 * @returns Every field set.
 * @throws {RangeError} For a value out of range, saying which and what is allowed.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(resolveEngineConfig({}).sampleRate, 48000);
 * assert.throws(() => resolveEngineConfig({ channels: 0 }), /channels must be an integer 1..32/);
 * ```
 */
export function resolveEngineConfig(options: EngineOptions): EngineConfig {
  const sampleRate = options.sampleRate ?? 48000;
  const channels = options.channels ?? 2;
  const fadeTime = options.fadeTime ?? 0.01;
  const blockSize = options.blockSize ?? 128;
  if (!(Number.isFinite(sampleRate) && sampleRate >= 1000 && sampleRate <= 768000)) {
    throw new RangeError(
      `Cannot create engine: sampleRate must be 1000..768000 Hz, got ${sampleRate}`,
    );
  }
  if (!(Number.isInteger(channels) && channels >= 1 && channels <= 32)) {
    throw new RangeError(
      `Cannot create engine: channels must be an integer 1..32, got ${channels}`,
    );
  }
  if (!(Number.isFinite(fadeTime) && fadeTime >= 0 && fadeTime <= 10)) {
    throw new RangeError(`Cannot create engine: fadeTime must be 0..10 seconds, got ${fadeTime}`);
  }
  if (!(Number.isInteger(blockSize) && blockSize >= 1 && blockSize <= 8192)) {
    throw new RangeError(
      `Cannot create engine: blockSize must be an integer 1..8192, got ${blockSize}`,
    );
  }
  const shadowTime = options.shadowTime ?? 0.05;
  if (!(Number.isFinite(shadowTime) && shadowTime >= 0 && shadowTime <= 2)) {
    throw new RangeError(
      `Cannot create engine: shadowTime must be 0..2 seconds, got ${shadowTime}`,
    );
  }
  return {
    sampleRate,
    channels,
    fadeTime,
    blockSize,
    softClip: options.softClip ?? true,
    shadowTime,
  };
}
