/**
 * `samplePlayer`: plays frames stored in the data bank from their start each time a trigger
 * rises, polyphonic or choked, at any rate. `sample()` (sample.ts) is the same player for a
 * WAV file.
 * @module
 */

import type { Param, Signal } from "../../runtime/core/signal.ts";
import { DATA_BANK_TEST_LENGTH, DATA_BANK_TEST_OFFSET } from "../../runtime/core/data_bank.ts";
import type { HelperOptions } from "../../runtime/core/node.ts";
import type { ConstDef } from "../helper_definition.ts";
import { declareHelper } from "../declare_helper.ts";
import { playerParams, playerParts, VOICE_CONSTS, whole } from "./_player.ts";

export { DEFAULT_VOICES, MAX_VOICES } from "./_player.ts";

/** Options for {@linkcode samplePlayer}: where the sample is, and how it plays. */
export interface SamplePlayerOptions extends HelperOptions {
  /** Output gain (number or signal), linear. @default {1 (the stored values, exactly)} */
  gain?: Param;
  /** Bank index of the sample's first value (from `storeFrames`). @default {the test buffer's} */
  offset?: number;
  /** The sample's frames. @default {1024, the test buffer's} */
  frames?: number;
  /** 1 (mono) or 2 (stereo, frames interleaved left, right). @default {1} */
  channels?: number;
  /** Voices that may sound at once, 1..32. @default {4} */
  voices?: number;
  /** 1: a trigger fades out the sounding voice instead of overlapping it. @default {0} */
  choke?: number;
}

const CONSTS: readonly ConstDef[] = [
  {
    name: "offset",
    unit: "number",
    doc: "bank index of the sample's first value (from storeFrames)",
    default: DATA_BANK_TEST_OFFSET,
    option: true,
    // Inside the bank's test buffer, which is always there (see DATA_BANK_TEST_OFFSET).
    range: [DATA_BANK_TEST_OFFSET, DATA_BANK_TEST_OFFSET + 256],
    check: whole(0, Number.MAX_SAFE_INTEGER),
  },
  {
    name: "frames",
    unit: "number",
    doc: "the sample's frames",
    default: DATA_BANK_TEST_LENGTH,
    option: true,
    range: [128, 256],
    check: whole(1, Number.MAX_SAFE_INTEGER),
  },
  {
    name: "channels",
    unit: "number",
    doc: "1 (mono) or 2 (stereo, interleaved)",
    default: 1,
    option: true,
    range: [1, 2],
    check: whole(1, 2),
  },
  ...VOICE_CONSTS,
];

/**
 * Plays a sample stored in the data bank each time `trigger` rises through 0.5, from its first
 * frame at that very frame (the onset is exact to the sample). `sample()` is the same player
 * for a WAV file; this one plays frames stored with `storeFrames` (a buffer built in code).
 *
 * - **Rate**: each voice's position moves `rate` frames per output frame (1: the stored values,
 *   bit for bit; 2: an octave up; 0 holds it where it is; negative: backwards, starting from
 *   the last frame). A voice ends when its position leaves the sample (−1 < pos < frames).
 *   Between frames it reads a 4-point Hermite interpolation (Niemitalo 2001), with silence
 *   past either end. Rates above 1 are not band-limited: partials above `sr / (2·rate)` fold
 *   back, audible on bright sounds beyond an octave or so up.
 * - **Voices**: up to `voices` sound at once, started in turn; a trigger fades out the voice
 *   started `voices` triggers earlier if it still sounds (with one sample and one rate, the
 *   oldest, which sounds only when all do) over 2 ms, while the new one starts in a spare
 *   voice, so stealing never clicks. With `choke` 1 a trigger fades out the voice before it
 *   instead (an open hat cut by the next hit). Triggers closer than 2 ms cut a fading voice.
 * - **Channels**: the trigger's first channel starts voices; a mono sample gives a mono signal,
 *   a stereo one (`channels` 2, frames interleaved) a stereo signal.
 * - **Reloads** keep each voice's own sample: a voice started before a save that changed the
 *   file plays on to its end; the next trigger plays the new one.
 *
 * @param trigger Signal whose rises through 0.5 start a voice (a number ≥ 0.5: plays once).
 * @param rate Playback rate (number or signal): 1 = as stored. @default {1}
 * @param options `offset`, `frames`, `channels` (where the sample is: what `storeFrames`
 *   returns; by default the bank's test buffer), `voices` (1..32, default 4), `choke` (0/1),
 *   `gain` (linear, number or signal), `key`.
 * @returns The sample's signal: mono, or stereo for `channels: 2`.
 * @throws {RangeError} When the frames do not lie in the bank, or a constant is out of range.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderSignal, type Signal, storeFrames } from "@lel/lel";
 * const at = storeFrames([[0.5, 0.25, 0.125]]);
 * const trigger: Signal = (s) => (s.frame >= 2 ? 1 : 0);
 * const [y] = renderSignal(samplePlayer(trigger, 1, { ...at }), 6);
 * assert.deepEqual(Array.from(y), [0, 0, 0.5, 0.25, 0.125, 0]);
 * const [z] = renderSignal(samplePlayer(trigger, -1, { ...at }), 6); // backwards
 * assert.deepEqual(Array.from(z), [0, 0, 0.125, 0.25, 0.5, 0]);
 * ```
 */
export const samplePlayer: (trigger: Param, rate?: Param, options?: SamplePlayerOptions) => Signal =
  declareHelper({
    name: "samplePlayer",
    summary: "Plays a sample held in the data bank on each trigger (voices, choke, any rate)",
    input: "trigger",
    params: playerParams(false),
    consts: CONSTS,
    // The DSL cannot know where a sample is in the bank: its `sample "kick.wav"` builds this.
    dslOrder: ["rate", "gain"],
    ...playerParts("samplePlayer", ["offset", "frames", "channels"]),
  });
