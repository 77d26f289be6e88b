/**
 * `samplePlayer`: plays a sample stored in the data bank from its start each time a trigger
 * rises, polyphonic or choked, at any rate. `sample()` (sample.ts) loads a file into the bank
 * and builds one.
 * @module
 */

import type { Param, Signal } from "../../runtime/signal.ts";
import { dataBankStats } from "../../runtime/data_bank.ts";
import type { HelperOptions } from "../node.ts";
import type { ConstDef, Step } from "../helper_definition.ts";
import { declareHelper } from "../declare_helper.ts";
import {
  MAX_RATE,
  playbackRate,
  sampleTrigger,
  VOICE_SLOTS,
  VOICES_AT,
  voicesMono,
  voicesStereo,
  warmVoices,
} from "./voices.ts";

/** Header slots: the parameters, then the channel stride (the voices are per channel). */
const RATE = 0;
const GAIN = 1;
const STRIDE = 2;
const HEADER = 3;

/** Voices a player has when not told. */
export const DEFAULT_VOICES = 4;
/** The most voices a player may have. */
export const MAX_VOICES = 32;

/** Options for {@linkcode samplePlayer}: where the sample is, and how it plays. */
export interface SamplePlayerOptions extends HelperOptions {
  /** Output gain (number or signal), linear. @default {1 (the stored values, exactly)} */
  gain?: Param;
  /** Bank index of the sample's first value (from `storeData`). @default {0, the test buffer} */
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

/**
 * One frame of a mono player on one trigger channel: a rising trigger starts a voice, then the
 * sounding voices are summed.
 *
 * @param mem Pool memory.
 * @param st Index of the trigger channel's state.
 * @param x The trigger.
 * @param rate Playback rate (clamped).
 * @param gain Output gain.
 * @param offset Bank index of the sample.
 * @param frames Its frames.
 * @param voices Voices.
 * @param choke 0 or 1.
 * @param dt Seconds per frame.
 * @returns The output.
 */
export function sampleMono(
  mem: Float64Array,
  st: number,
  x: number,
  rate: number,
  gain: number,
  offset: number,
  frames: number,
  voices: number,
  choke: number,
  dt: number,
): number {
  sampleTrigger(mem, st, x, rate, offset, frames, voices, choke);
  return voicesMono(mem, st, rate, gain, voices, dt);
}

/**
 * One frame of a stereo player (the trigger's first channel starts voices) into `out`.
 *
 * @param out Two-channel output.
 * @param mem Pool memory.
 * @param b Block base (the voices follow the header).
 * @param x0 The trigger's first channel.
 * @param rate Playback rate (clamped).
 * @param gain Output gain.
 * @param offset Bank index of the sample.
 * @param frames Its frames.
 * @param voices Voices.
 * @param choke 0 or 1.
 * @param dt Seconds per frame.
 */
export function sampleStereo(
  out: Float64Array,
  mem: Float64Array,
  b: number,
  x0: number,
  rate: number,
  gain: number,
  offset: number,
  frames: number,
  voices: number,
  choke: number,
  dt: number,
): void {
  const st = b + HEADER;
  sampleTrigger(mem, st, x0, rate, offset, frames, voices, choke);
  voicesStereo(out, mem, st, rate, gain, voices, dt);
}

const SETUP = [{ fn: playbackRate, args: ["rate"], out: "r" }] as const;
const SOURCE = ["offset", "frames", "voices", "choke", "dt"] as const;

function warm(mem: Float64Array, b: number, pass: number): boolean {
  const slots = Math.floor((mem[b + STRIDE] - VOICES_AT) / VOICE_SLOTS);
  return warmVoices(mem, b + HEADER, slots, pass);
}

/** The four steps: mono or stereo, with a gain or exactly the stored values (× 1). */
function makeStep(stereo: boolean, gain: boolean): Step {
  const g = gain ? "gain" : 1;
  return stereo
    ? {
      setup: SETUP,
      outputs: {
        call: { fn: sampleStereo, args: ["out", "mem", "b", "x0", "r", g, ...SOURCE] },
        width: 2,
      },
      warm,
    }
    : {
      setup: SETUP,
      channel: { fn: sampleMono, args: ["mem", "st", "x", "r", g, ...SOURCE] },
      warm,
    };
}

const STEPS = [
  makeStep(false, false),
  makeStep(false, true),
  makeStep(true, false),
  makeStep(true, true),
];

function whole(lo: number, hi: number): (v: number) => string | undefined {
  return (v) =>
    Number.isInteger(v) && v >= lo && v <= hi ? undefined : `must be a whole number ${lo}..${hi}`;
}

const CONSTS: readonly ConstDef[] = [
  {
    name: "offset",
    unit: "number",
    doc: "bank index of the sample's first value (from storeData); 0 is the bank's test buffer",
    default: 0,
    option: true,
    range: [0, 256],
    check: whole(0, Number.MAX_SAFE_INTEGER),
  },
  {
    name: "frames",
    unit: "number",
    doc: "the sample's frames",
    default: 1024,
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
  {
    name: "voices",
    unit: "number",
    doc:
      `voices that may sound at once, 1..${MAX_VOICES}; a trigger when all sound fades the oldest out`,
    default: DEFAULT_VOICES,
    option: true,
    range: [1, 8],
    check: whole(1, MAX_VOICES),
  },
  {
    name: "choke",
    unit: "number",
    doc: "1: a trigger fades the sounding voice out in 2 ms instead of overlapping it",
    default: 0,
    option: true,
    range: [0, 1],
    check: whole(0, 1),
  },
];

/** Refuses a sample that does not lie in the bank (the bank never shrinks: checked once). */
function checkInBank(offset: number, frames: number, channels: number): void {
  const used = dataBankStats().used;
  if (offset + frames * channels > used) {
    throw new RangeError(
      `Cannot create samplePlayer: offset ${offset} + ${frames} frames × ${channels} channel(s) lies past the data bank's ${used} values; store the sample with storeData() and pass its offset`,
    );
  }
}

/**
 * Plays a sample stored in the data bank each time `trigger` rises through 0.5, from its first
 * frame at that very frame (the onset is exact to the sample). Use `sample()` to play a file;
 * this is the helper it builds, for samples already in the bank.
 *
 * - **Rate**: the position advances `rate` frames per output frame (1: the stored values, bit
 *   for bit; 2: an octave up; negative: backwards from the last frame; 0 holds the voice where
 *   it is), clamped to ±16, NaN → 0. Between frames it reads a 4-point Hermite interpolation
 *   (Niemitalo 2001) with silence outside the sample. Rates above 1 are not band-limited:
 *   partials above `sr / (2·rate)` fold back, audible beyond an octave or so up on bright sounds.
 * - **Voices**: up to `voices` sound at once (each with its own position); a trigger when all
 *   sound steals the oldest, which fades out over 2 ms (one extra voice slot holds the fade,
 *   so a steal never clicks). With `choke` 1 every trigger fades out the sounding voice(s)
 *   instead, like an open hat cut by the next hit.
 * - **Channels**: a mono sample gives one output per trigger channel (each with its own
 *   voices); a stereo sample gives two, started by the trigger's first channel.
 * - **Reloads** keep each voice's own sample: a voice started before a save that changed the
 *   file plays on to its end; the next trigger plays the new one.
 *
 * @param trigger Signal whose rises through 0.5 start a voice (a number ≥ 0.5: plays once).
 * @param rate Playback rate (number or signal), 1 = the stored pitch, clamped to −16..16.
 *   @default {1}
 * @param options `offset`, `frames`, `channels` (where the sample is), `voices` (default 4),
 *   `choke` (0/1), `gain` (number or signal), `key`.
 * @returns The sample's channels: mono, or stereo for `channels: 2`.
 * @throws {RangeError} When the sample does not lie in the bank, or a constant is out of range.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bankArray, renderSignal, type Signal, storeData } from "@lel/lel";
 * const { offset } = storeData([0.5, 0.25, 0.125], "doc:samplePlayer");
 * const trigger: Signal = (s) => (s.frame >= 2 ? 1 : 0);
 * const [y] = renderSignal(samplePlayer(trigger, 1, { offset, frames: 3 }), 6);
 * assert.deepEqual(Array.from(y), [0, 0, 0.5, 0.25, 0.125, 0]);
 * assert.equal(bankArray()[offset], 0.5);
 * ```
 */
export const samplePlayer: (trigger: Param, rate?: Param, options?: SamplePlayerOptions) => Signal =
  declareHelper({
    name: "samplePlayer",
    summary: "Plays a sample held in the data bank on each trigger (voices, choke, any rate)",
    input: "trigger",
    params: [
      {
        name: "rate",
        unit: "number",
        doc:
          `playback rate: 1 the stored pitch, 2 an octave up, negative backwards; clamped to ±${MAX_RATE}`,
        default: 1,
        range: [0.5, 2],
      },
      {
        name: "gain",
        unit: "gain",
        doc: "output gain, linear",
        optional: true,
        option: true,
        range: [0, 1],
      },
    ],
    consts: CONSTS,
    perChannel: ["prev", "serial"],
    // A stereo player's channel is one slot longer, so a reload that turns a mono player into
    // a stereo one (or back) never inherits the other's voices (their frames differ in width).
    buffer: (_sr, value) => (value("voices") + 1) * VOICE_SLOTS + value("channels") - 1,
    step: (c) => {
      const channels = c.value("channels");
      checkInBank(c.value("offset"), c.value("frames"), channels);
      return STEPS[(channels === 2 ? 2 : 0) + (c.has("gain") ? 1 : 0)];
    },
  });

/** The sample player's slot layout (for tests). */
export const SAMPLE_PLAYER_SLOTS = { RATE, GAIN, STRIDE, HEADER, VOICES_AT, VOICE_SLOTS } as const;
