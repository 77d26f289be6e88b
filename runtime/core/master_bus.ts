/**
 * The master bus: the sum every voice mixes into, its level (a linear gain gliding to a new
 * value), the soft clip at its end and its meters.
 * @module
 */

import { softClip } from "./soft_clip.ts";
import type { LevelStats } from "./voice_table.ts";

/** Time constant of a master level change, in seconds. */
const MASTER_GLIDE_SECONDS = 0.02;

/** One engine's master bus: one buffer per output channel, a block long. */
export class MasterBus {
  /** The bus, one block-long array per channel (voices add into it). */
  readonly buffers: Float64Array[];
  #target = 1;
  #level = 1;
  readonly #gains: Float64Array;
  readonly #glide: number;
  #peak = 0;
  #sumSquares = 0;
  #frames = 0;

  /**
   * @param channels Output channels.
   * @param blockSize Frames per block.
   * @param sampleRate Sample rate in Hz (sets the level's glide).
   */
  constructor(channels: number, blockSize: number, sampleRate: number) {
    this.buffers = Array.from({ length: channels }, () => new Float64Array(blockSize));
    this.#gains = new Float64Array(blockSize);
    this.#glide = 1 - Math.exp(-1 / (MASTER_GLIDE_SECONDS * sampleRate));
  }

  /** Frames metered since the last {@linkcode takeLevels}. */
  get frames(): number {
    return this.#frames;
  }

  /**
   * The master level: a linear gain on the mix before the soft clip, gliding (time constant
   * 20 ms) to a new value so that turning it never clicks.
   */
  get gain(): number {
    return this.#target;
  }

  set gain(gain: number) {
    if (typeof gain !== "number" || !(gain >= 0 && gain <= 16)) {
      throw new RangeError(
        `Cannot set the master gain: it must be a linear gain 0..16 (1 is unchanged, 0.5 is -6 dB), got ${
          String(gain)
        }`,
      );
    }
    this.#target = gain;
  }

  /**
   * Silences the first `n` frames of every channel (before the voices of a block mix in).
   *
   * @param n Frames.
   */
  clear(n: number): void {
    for (const m of this.buffers) m.fill(0, 0, n);
  }

  /**
   * Ends a block: applies the level, the soft clip and the meters.
   *
   * @param n Frames in the block.
   * @param mono Whether only channel 0 was summed (see `VoiceBlock.masterMono`): the other
   *   channels then get its limited values (the same the limiter would make of the same sums).
   * @param clip Whether to soft-clip.
   */
  finish(n: number, mono: boolean, clip: boolean): void {
    const master = this.buffers;
    let peak = this.#peak;
    let sum = this.#sumSquares;
    const gains = this.#levels(n);
    for (let c = 0; c < master.length; c++) {
      const m = master[c];
      const copy = mono && c > 0;
      const from = copy ? master[0] : m;
      const limit = clip && !copy;
      // The master level (a copy of channel 0 already has it): 1 leaves every bit as it is.
      if (gains !== undefined && !copy) { for (let i = 0; i < n; i++) m[i] *= gains[i]; }
      for (let i = 0; i < n; i++) {
        const y = limit ? softClip(from[i]) : from[i];
        m[i] = y;
        const a = Math.abs(y);
        if (a > peak) peak = a;
        sum += y * y;
      }
    }
    this.#peak = peak;
    this.#sumSquares = sum;
    this.#frames += n;
  }

  /** Each frame's level this block (gliding to a new one), or undefined at exactly 1. */
  #levels(n: number): Float64Array | undefined {
    const target = this.#target;
    let g = this.#level;
    if (g === target && g === 1) return undefined;
    const gains = this.#gains;
    for (let i = 0; i < n; i++) {
      if (g !== target) {
        g += (target - g) * this.#glide;
        if (Math.abs(target - g) < 1e-9) g = target;
      }
      gains[i] = g;
    }
    this.#level = g;
    return gains;
  }

  /**
   * The bus's peak and RMS since the last call; resets them.
   *
   * @returns Peak and RMS over every channel and frame.
   */
  takeLevels(): LevelStats {
    const frames = Math.max(1, this.#frames);
    const stats = {
      peak: this.#peak,
      rms: Math.sqrt(this.#sumSquares / (frames * this.buffers.length)),
    };
    this.#peak = 0;
    this.#sumSquares = 0;
    this.#frames = 0;
    return stats;
  }
}
