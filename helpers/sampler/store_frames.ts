/**
 * Storing a sample's frames in the data bank the way `samplePlayer` reads them: interleaved,
 * with two frames of silence on either side for the interpolator.
 * @module
 */

import { storeData } from "../../runtime/core/data_bank.ts";

/** Frames of silence stored before and after a sample (what a 4-point interpolator reads). */
export const SAMPLE_PAD_FRAMES = 2;

/** Where a sample's frames are in the bank: what `samplePlayer` takes as options. */
export interface StoredFrames {
  /** Bank index of the first frame's first value. */
  readonly offset: number;
  /** Frames. */
  readonly frames: number;
  /** Values per frame: 1 (mono) or 2 (stereo, interleaved left, right). */
  readonly channels: number;
}

/**
 * Copies a sample's channels into the data bank, interleaved, between two frames of silence on
 * either side. With a `key`, storing the same key again copies nothing (see `storeData`).
 *
 * Call it when building, never while audio renders: it may grow the bank.
 *
 * @param channels One array (mono) or two (stereo) of the same length, at least one frame.
 * @param key Deduplicates: the same key gives the same frames.
 * @returns Where the frames are (spread it into `samplePlayer`'s options).
 * @throws {RangeError} For no channel, more than two, unequal lengths, or no frames.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderSignal, samplePlayer, type Signal } from "@lel/lel";
 * const at: StoredFrames = storeFrames([[0.5, 0.25, 0.125]]);
 * const once: Signal = (s) => (s.frame >= 2 ? 1 : 0);
 * const [y] = renderSignal(samplePlayer(once, 1, { ...at }), 6);
 * assert.deepEqual(Array.from(y), [0, 0, 0.5, 0.25, 0.125, 0]);
 * ```
 */
export function storeFrames(channels: readonly ArrayLike<number>[], key?: string): StoredFrames {
  const count = channels.length;
  const frames = channels[0]?.length ?? 0;
  if (count < 1 || count > 2 || channels.some((c) => c.length !== frames) || frames < 1) {
    throw new RangeError(
      `Cannot store sample frames: give one or two channels of equal length, at least 1 frame, got ${count} channel(s) of ${
        channels.map((c) => c.length).join(", ") || "no"
      } frames`,
    );
  }
  const pad = SAMPLE_PAD_FRAMES * count;
  const values = new Float64Array(pad + frames * count + pad);
  for (let c = 0; c < count; c++) {
    const channel = channels[c];
    for (let i = 0; i < frames; i++) values[pad + i * count + c] = channel[i];
  }
  const entry = storeData(values, key);
  return { offset: entry.offset + pad, frames, channels: count };
}
