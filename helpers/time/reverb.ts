/**
 * A Schroeder / Freeverb-style reverb: eight parallel lowpass-feedback combs into four series
 * allpasses per channel, with the comb feedback set from a decay time (RT60).
 *
 * Reference: Jezar at Dreampoint, Freeverb (public domain, 2000); J. O. Smith, "Physical Audio
 * Signal Processing", Freeverb. The comb and allpass lengths are Freeverb's 44.1 kHz values
 * scaled to the sample rate; odd channels add Freeverb's 23-sample stereo spread.
 * @module
 */

import type { Context, Param, Signal } from "../../runtime/signal.ts";
import {
  channelsOf,
  createNode,
  ensureChannels,
  type HelperNode,
  type HelperOptions,
  type KernelSpec,
  type NodeLayout,
  readParam,
  tagSignal,
} from "../node.ts";

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

const LAYOUT: NodeLayout = {
  header: HEADER,
  perChannel,
  init: (node, sr) => {
    const mem = node.mem;
    const b = node.base;
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
    mem[b + STRIDE] = perChannel(sr);
    mem[b + TIME_FOR] = NaN;
  },
};

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

function multi(node: HelperNode, v: ArrayLike<number>, s: Context): Float64Array {
  ensureChannels(node, v.length);
  const params = node.params;
  const time = readParam(s, node, params[0]);
  const damp = clamp01(readParam(s, node, params[1])) * DAMP_SCALE;
  const mix = clamp01(readParam(s, node, params[2]));
  const mem = node.mem;
  const b = node.base;
  reverbCoefs(mem, b, time, s.sr);
  const size = mem[b + STRIDE];
  const out = node.out;
  for (let ch = 0; ch < v.length; ch++) {
    const x = v[ch];
    const wet = reverbTick(mem, b, b + HEADER + ch * size, ch & 1, x, damp);
    out[ch] = mix === 0 ? x : (1 - mix) * x + mix * wet;
  }
  return out;
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
export function reverb(
  input: Param,
  time: Param,
  damping: Param = 0.5,
  mix: Param = 0.3,
  options?: HelperOptions,
): Signal {
  const channels = channelsOf(input);
  const node = createNode("reverb", LAYOUT, options, [
    ["time", TIME, time],
    ["damping", DAMP, damping],
    ["mix", MIX, mix],
  ], channels);
  const x = typeof input === "function" ? input : () => input;
  const [pt, pd, pm] = node.params;
  const fn = (s: Context) => {
    const v = x(s);
    if (typeof v !== "number") return multi(node, v, s);
    const time = readParam(s, node, pt);
    const damp = clamp01(readParam(s, node, pd)) * DAMP_SCALE;
    const mix = clamp01(readParam(s, node, pm));
    const mem = node.mem;
    const b = node.base;
    reverbCoefs(mem, b, time, s.sr);
    const wet = reverbTick(mem, b, b + HEADER, 0, v, damp);
    return mix === 0 ? v : (1 - mix) * v + mix * wet;
  };
  const inputs = typeof input === "function" ? [input] : [];
  for (const p of node.params) if (p.fn !== null) inputs.push(p.fn);
  return tagSignal(fn, node, inputs, channels, reverbKernel(input, channels));
}

/**
 * The chain compiler's form, step for step the closure's: damping, mix and the comb gains once
 * per frame (or per block while they hold still), then one `reverbTick` per channel, looped
 * so it is inlined once. Bytecode V8 counts (`--print-bytecode`, Deno 2.9.6): reverbCoefs 156
 * and reverbTick 420 (clamp01's 23 are free).
 */
function reverbKernel(input: Param, channels: number): KernelSpec {
  return {
    kind: "reverb",
    inputs: [input],
    refs: { clamp01, reverbCoefs, reverbTick },
    width: channels,
    cost: { setup: 156, frame: 0, channel: 420, largest: 420 },
    emit: (e) => {
      const b = e.base;
      const [time, damping, mixing] = e.params;
      const damp = e.local("damp");
      const mix = e.local("mix");
      const size = e.local("size");
      const clamp = e.ref("clamp01");
      const setup = [
        {
          deps: [1],
          code: `const ${damp} = ${clamp}(${damping}) * ${DAMP_SCALE};`,
          locals: [damp],
        },
        { deps: [2], code: `const ${mix} = ${clamp}(${mixing});`, locals: [mix] },
        { deps: [0], code: `${e.ref("reverbCoefs")}(mem, ${b}, ${time}, sr);`, locals: [] },
      ];
      if (channels > 1) {
        setup.push({ deps: [], code: `const ${size} = mem[${b} + ${STRIDE}];`, locals: [size] });
      }
      const tick = e.ref("reverbTick");
      return {
        setup,
        frame: e.channels(channels, (ch) => {
          const st = channels > 1 ? `${b} + ${HEADER} + ${ch} * ${size}` : `${b} + ${HEADER}`;
          const parity = channels > 1 ? `${ch} & 1` : "0";
          return `const x = ${e.input(0, ch)};
            const wet = ${tick}(mem, ${b}, ${st}, ${parity}, x, ${damp});
            ${e.output(ch)} = ${mix} === 0 ? x : (1 - ${mix}) * x + ${mix} * wet;`;
        }),
      };
    },
  };
}

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
