/**
 * What `samplePlayer` and `sample` share: the block layout, the steps (mono or stereo, with a
 * gain or without), the voice and choke constants, and the check that a sample lies in the
 * data bank. Both are one player; they differ in where the sample comes from.
 * @module
 */

import { DATA_BANK_TEST_OFFSET, dataBankStats } from "../../runtime/core/data_bank.ts";
import type {
  ConstDef,
  HelperDefinition,
  ParamDef,
  Step,
  StepContext,
} from "../helper_definition.ts";
import { sampleTrigger, VOICE_LAYOUT, voicesMono, voicesStereo, warmVoices } from "./voices.ts";
import { SAMPLE_PAD_FRAMES } from "./store_frames.ts";

/** Header slots: the parameters (rate, gain), then the stride of the per-channel part. */
const RATE = 0;
const GAIN = 1;
const STRIDE = 2;
const HEADER = 3;

/** The player's header layout (for tests): the voices' state starts at `b + HEADER`. */
export const PLAYER_SLOTS = { RATE, GAIN, STRIDE, HEADER } as const;

/** Voices a player has when not told. */
export const DEFAULT_VOICES = 4;
/** The most voices a player may have. */
export const MAX_VOICES = 32;

function warm(mem: Float64Array, b: number, pass: number): boolean {
  const slots = Math.floor((mem[b + STRIDE] - VOICE_LAYOUT.FIRST) / VOICE_LAYOUT.SLOTS);
  return warmVoices(mem, b + HEADER, slots, DATA_BANK_TEST_OFFSET, pass);
}

/** One step: mono or stereo, with a gain or exactly the stored values (× 1). */
function makeStep(stereo: boolean, gain: boolean): Step {
  const g = gain ? "gain" : 1;
  return {
    frame: [{
      fn: sampleTrigger,
      args: ["mem", "b", HEADER, "x0", "rate", "offset", "frames", "voices", "choke", "dt"],
    }],
    outputs: {
      call: {
        fn: stereo ? voicesStereo : voicesMono,
        args: ["out", "mem", "b", HEADER, "rate", g, "voices", "dt"],
      },
      width: stereo ? 2 : 1,
    },
    warm,
  };
}

const STEPS = [
  makeStep(false, false),
  makeStep(false, true),
  makeStep(true, false),
  makeStep(true, true),
];

/**
 * Refuses a sample whose frames, with the two frames either side the interpolator reads, do
 * not lie in the bank (the bank never shrinks, so a player that passed plays safely).
 */
function checkInBank(name: string, offset: number, frames: number, channels: number): void {
  const used = dataBankStats().used;
  const pad = SAMPLE_PAD_FRAMES * channels;
  if (offset - pad < 0 || offset + frames * channels + pad > used) {
    throw new RangeError(
      `Cannot create ${name}: ${frames} frame(s) of ${channels} channel(s) at offset ${offset}, with ${SAMPLE_PAD_FRAMES} frames either side, do not lie in the data bank's ${used} values; store the sample with storeFrames() and pass what it returns`,
    );
  }
}

/**
 * A check for a whole-number constant.
 *
 * @param lo Smallest allowed.
 * @param hi Largest allowed.
 * @returns The check.
 */
export function whole(lo: number, hi: number): (v: number) => string | undefined {
  return (v) =>
    Number.isInteger(v) && v >= lo && v <= hi ? undefined : `must be a whole number ${lo}..${hi}`;
}

/**
 * The playback parameters, `rate` then `gain`.
 *
 * @param rateIsOption Whether `rate` goes in the options object (as in `sample`).
 * @returns The two definitions.
 */
export function playerParams(rateIsOption: boolean): ParamDef[] {
  return [
    {
      name: "rate",
      unit: "number",
      doc: "playback rate: 1 as stored, 2 an octave up, negative backwards",
      default: 1,
      range: [0.5, 2],
      ...(rateIsOption ? { option: true } : {}),
    },
    {
      name: "gain",
      unit: "gain",
      doc: "output gain, linear",
      optional: true,
      option: true,
      range: [0, 1],
    },
  ];
}

/** The `voices` and `choke` constants. */
export const VOICE_CONSTS: readonly ConstDef[] = [
  {
    name: "voices",
    unit: "number",
    doc: `voices that may sound at once, 1..${MAX_VOICES}`,
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

/**
 * The parts of a player's definition that do not depend on where its sample comes from: the
 * layout and the step, which reads the `offset`, `frames` and `channels` constants.
 *
 * @param name The helper's name (for messages).
 * @param stepConsts The constants the step is chosen by: `channels`, and `offset` and
 *   `frames` too where the bank check must run for each placement given.
 * @returns Those parts of the definition.
 */
export function playerParts(
  name: string,
  stepConsts: readonly string[],
): Pick<HelperDefinition, "perChannel" | "buffer" | "step" | "stepConsts"> {
  return {
    stepConsts,
    perChannel: ["prev", "next"],
    // The voices' state, after the header (a stereo player's block holds it twice, so a reload
    // that turns a mono player into a stereo one never inherits the other's voices).
    buffer: (_sr, value) => (value("voices") + 1) * VOICE_LAYOUT.SLOTS,
    step: (c: StepContext) => {
      const channels = c.value("channels");
      checkInBank(name, c.value("offset"), c.value("frames"), channels);
      return STEPS[(channels === 2 ? 2 : 0) + (c.has("gain") ? 1 : 0)];
    },
  };
}
