/**
 * Samples: `sample(trigger, path)` plays a WAV file on every trigger (polyphonic or choked, at
 * any rate), through `samplePlayer`, which plays frames held in the data bank.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderSignal, type Signal } from "@lel/lel";
 * const once: Signal = (s) => (s.frame >= 1 ? 1 : 0);
 * const [y] = renderSignal(samplePlayer(once, 1, { frames: 4 }), 6); // the bank's test buffer
 * assert.equal(y[0], 0);
 * assert.equal(y[2], 0.5 * Math.sin(Math.PI / 8) * Math.exp(-1 / 256));
 * assert.equal(y[5], 0); // 4 frames played
 * ```
 * @module
 */

export { sample, type SampleOptions } from "./sample.ts";
export {
  DEFAULT_VOICES,
  MAX_VOICES,
  samplePlayer,
  type SamplePlayerOptions,
} from "./sample_player.ts";
export { FADE_SECONDS } from "./voices.ts";
export { SAMPLE_PAD_FRAMES, type StoredFrames, storeFrames } from "./store_frames.ts";
export { hermite } from "./hermite.ts";
