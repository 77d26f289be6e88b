/**
 * A Schroeder / Freeverb-style reverb: eight parallel lowpass-feedback combs into four series
 * allpasses per channel, with the comb feedback set from a decay time (RT60).
 *
 * Reference: Jezar at Dreampoint, Freeverb (public domain, 2000); J. O. Smith, "Physical Audio
 * Signal Processing", Freeverb. The comb and allpass lengths are Freeverb's 44.1 kHz values
 * scaled to the sample rate; odd channels add Freeverb's 23-sample stereo spread.
 * @module
 */

import type { Param, Signal } from "../../runtime/core/signal.ts";
import type { HelperOptions } from "../../runtime/core/node.ts";
import { declareHelper } from "../declare_helper.ts";

const COMB_TUNING = [1116, 1188, 1277, 1356, 1422, 1491, 1557, 1617] as const;
const ALLPASS_TUNING = [556, 441, 341, 225] as const;
const STEREO_SPREAD = 23;
const NC = COMB_TUNING.length;
const NA = ALLPASS_TUNING.length;
/** Freeverb's allpass feedback and damping scale. */
const ALLPASS_FEEDBACK = 0.5;
const DAMP_SCALE = 0.4;
/** Input gain into the combs (Freeverb uses 0.015 into eight combs; this sits ~8 dB higher). */
const INPUT_GAIN = 0.04;
/** Longest decay time; beyond it the combs would barely lose energy. */
const MAX_TIME = 60;

/** Header: parameters, the time the gains were made for, comb gains [parity][comb], layout. */
const TIME = 0;
const DAMP = 1;
const MIX = 2;
const TIME_FOR = 3;
const GAIN = 4; // 2·NC: per parity (even/odd channel), per comb
const CLEN = GAIN + 2 * NC; // comb lengths [parity][comb]
const ALEN = CLEN + 2 * NC; // allpass lengths [parity][allpass]
const COFF = ALEN + 2 * NA; // comb buffer offsets within a channel
const AOFF = COFF + NC; // allpass buffer offsets within a channel
const STRIDE = AOFF + NA; // slots per channel
const HEADER = STRIDE + 1;
/** Per channel: comb lowpass states, comb and allpass indices, then the buffers. */
const FILT = 0;
const CIDX = FILT + NC;
const AIDX = CIDX + NC;
const BUFFERS = AIDX + NA;

function scaled(samples: number, sr: number): number {
  return Math.max(1, Math.round(samples * sr / 44100));
}

function perChannel(sr: number): number {
  const spread = scaled(STEREO_SPREAD, sr);
  let n = BUFFERS;
  for (const len of COMB_TUNING) n += scaled(len, sr) + spread;
  for (const len of ALLPASS_TUNING) n += scaled(len, sr) + spread;
  return n;
}

/** Writes a fresh block's comb and allpass lengths and buffer offsets. */
function initReverb(mem: Float64Array, b: number, sr: number): void {
  const spread = scaled(STEREO_SPREAD, sr);
  let off = BUFFERS;
  for (let i = 0; i < NC; i++) {
    mem[b + CLEN + i] = scaled(COMB_TUNING[i], sr);
    mem[b + CLEN + NC + i] = scaled(COMB_TUNING[i], sr) + spread;
    mem[b + COFF + i] = off;
    off += scaled(COMB_TUNING[i], sr) + spread;
  }
  for (let j = 0; j < NA; j++) {
    mem[b + ALEN + j] = scaled(ALLPASS_TUNING[j], sr);
    mem[b + ALEN + NA + j] = scaled(ALLPASS_TUNING[j], sr) + spread;
    mem[b + AOFF + j] = off;
    off += scaled(ALLPASS_TUNING[j], sr) + spread;
  }
  mem[b + TIME_FOR] = NaN;
}

/**
 * Updates the comb gains when the decay time moved: `g = 10^(−3·len / (time·sr))`, so each
 * comb loses 60 dB in `time` seconds (at low frequencies; damping shortens the highs).
 *
 * @param mem Pool memory.
 * @param b Block base.
 * @param timeSeconds RT60 in seconds, clamped to 0..60 (NaN or ≤ 0: no tail).
 * @param sr Sample rate in Hz.
 */
export function reverbCoefs(mem: Float64Array, b: number, timeSeconds: number, sr: number): void {
  const t = timeSeconds > 0 ? (timeSeconds < MAX_TIME ? timeSeconds : MAX_TIME) : 0;
  if (t === mem[b + TIME_FOR]) return;
  mem[b + TIME_FOR] = t;
  for (let i = 0; i < 2 * NC; i++) {
    mem[b + GAIN + i] = t > 0 ? Math.pow(10, -3 * mem[b + CLEN + i] / (t * sr)) : 0;
  }
}

/**
 * One wet sample of the reverb on the channel whose state is at `st`.
 *
 * @param mem Pool memory.
 * @param b Block base (gains from {@linkcode reverbCoefs}).
 * @param st Index of the channel's state.
 * @param parity 0 for even channels, 1 for odd ones (the stereo spread).
 * @param x Input sample.
 * @param damp Comb lowpass coefficient, 0..0.4.
 * @returns The wet sample.
 */
export function reverbTick(
  mem: Float64Array,
  b: number,
  st: number,
  parity: number,
  x: number,
  damp: number,
): number {
  const inp = x * INPUT_GAIN;
  const keep = 1 - damp;
  const gains = b + GAIN + parity * NC;
  const clens = b + CLEN + parity * NC;
  let acc = 0;
  for (let i = 0; i < NC; i++) {
    const buf = st + mem[b + COFF + i];
    let k = mem[st + CIDX + i];
    const y = mem[buf + k];
    let f = y * keep + mem[st + FILT + i] * damp;
    if (f < 1e-30 && f > -1e-30) f = 0; // keep a dying tail out of slow subnormals
    mem[st + FILT + i] = f;
    mem[buf + k] = inp + f * mem[gains + i];
    if (++k >= mem[clens + i]) k = 0;
    mem[st + CIDX + i] = k;
    acc += y;
  }
  const alens = b + ALEN + parity * NA;
  for (let j = 0; j < NA; j++) {
    const buf = st + mem[b + AOFF + j];
    let k = mem[st + AIDX + j];
    const bo = mem[buf + k];
    mem[buf + k] = acc + bo * ALLPASS_FEEDBACK;
    acc = bo - acc;
    if (++k >= mem[alens + j]) k = 0;
    mem[st + AIDX + j] = k;
  }
  return acc;
}

/**
 * Clamps to 0..1 (NaN → 0), as the reverb's damping and mix.
 *
 * @param v A value.
 * @returns It, clamped.
 */
export function clamp01(v: number): number {
  return v > 0 ? (v < 1 ? v : 1) : 0;
}

/**
 * The comb lowpass coefficient for a damping amount: `0.4 · clamp01(damping)`.
 *
 * @param damping 0..1, clamped (NaN → 0).
 * @returns 0..0.4.
 */
export function reverbDamp(damping: number): number {
  return clamp01(damping) * DAMP_SCALE;
}

/**
 * One output sample of the reverb on channel `ch`: the wet sample mixed with the dry one,
 * `(1 − mix)·x + mix·wet` (exactly `x` at mix 0). A function of its own, so reverbTick stays
 * under the 460 bytes V8 inlines at most.
 *
 * @param mem Pool memory.
 * @param b Block base.
 * @param st Index of the channel's state.
 * @param ch Channel number (its parity picks the stereo spread).
 * @param x Input sample.
 * @param damp From {@linkcode reverbDamp}.
 * @param mix Dry/wet, 0..1.
 * @returns The output sample.
 */
export function reverbChannel(
  mem: Float64Array,
  b: number,
  st: number,
  ch: number,
  x: number,
  damp: number,
  mix: number,
): number {
  const wet = reverbTick(mem, b, st, ch & 1, x, damp);
  return mix === 0 ? x : (1 - mix) * x + mix * wet;
}

/**
 * Reverb: eight lowpass-feedback combs in parallel, then four allpasses in series (Freeverb's
 * structure and lengths, scaled to the sample rate), mixed with the dry signal.
 * Stride-agnostic: each channel has its own network; odd channels' delays are 23 samples
 * (at 44.1 kHz) longer, so a stereo input comes out decorrelated (a mono input stays mono).
 *
 * Comb gain `g = 10^(−3·len/(time·sr))`: the tail falls 60 dB in `time` at low frequencies;
 * `damping` lowpasses each comb's loop (`f = (1−d)·y + d·f`, d = 0.4·damping), so highs die
 * sooner. The wet level grows with `time` (a longer tail holds more energy). Output is
 * `(1 − mix)·x + mix·wet`; at mix 0 exactly the dry input.
 *
 * @param input Signal (or number), any channel count.
 * @param time Decay time RT60 in seconds (number or signal), clamped to 0..60, NaN → 0.
 * @param damping High-frequency damping 0..1 (number or signal), clamped, NaN → 0.
 *   @default {0.5}
 * @param mix Dry/wet 0..1 (number or signal), clamped, NaN → 0 (dry). @default {0.3}
 * @param options `key` to pin identity.
 * @returns The reverberated signal, same channel count as `input`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderSignal, reverb } from "@lel/lel";
 * const click = (s: { frame: number }) => (s.frame === 0 ? 1 : 0);
 * const [y] = renderSignal(reverb(click, 1, 0.5, 1), 4800);
 * assert.equal(y[0], 0); // fully wet: nothing until the shortest comb comes round
 * assert.ok(y.some((v) => Math.abs(v) > 1e-3));
 * ```
 */
export const reverb: (
  input: Param,
  time: Param,
  damping?: Param,
  mix?: Param,
  options?: HelperOptions,
) => Signal = declareHelper({
  name: "reverb",
  summary: "Freeverb-style reverb: eight damped combs into four allpasses, RT60 time",
  input: "audio",
  params: [
    {
      name: "time",
      unit: "s",
      doc: "decay time RT60 in seconds, clamped to 0..60",
      range: [0.1, 3],
    },
    {
      name: "damping",
      unit: "0..1",
      doc: "high-frequency damping, clamped",
      default: 0.5,
      range: [0, 1],
    },
    { name: "mix", unit: "0..1", doc: "dry/wet, clamped (0 is dry)", default: 0.3, range: [0, 1] },
  ],
  slots: ["timeFor", ["gain", 2 * NC], ["clen", 2 * NC], ["alen", 2 * NA], ["coff", NC], [
    "aoff",
    NA,
  ]],
  buffer: (sr) => perChannel(sr),
  init: (c) => initReverb(c.mem, c.b, c.sr),
  step: {
    setup: [
      { fn: reverbDamp, args: ["damping"], out: "damp" },
      { fn: clamp01, args: ["mix"], out: "wet" },
      { fn: reverbCoefs, args: ["mem", "b", "time", "sr"] },
    ],
    channel: { fn: reverbChannel, args: ["mem", "b", "st", "ch", "x", "damp", "wet"] },
  },
});

/** The reverb slot layout (for tests and the chain compiler). */
export const REVERB_SLOTS = {
  TIME,
  DAMP,
  MIX,
  TIME_FOR,
  GAIN,
  CLEN,
  ALEN,
  COFF,
  AOFF,
  STRIDE,
  HEADER,
  FILT,
  CIDX,
  AIDX,
  BUFFERS,
} as const;
