/**
 * Tremolo: amplitude modulation by a sine LFO whose phase lives in the helper pool, so a
 * reload keeps the wobble in time.
 * @module
 */

import type { Param, Signal } from "../../runtime/core/signal.ts";
import type { HelperOptions } from "../../runtime/core/node.ts";
import { declareHelper } from "../declare_helper.ts";
import type { Step } from "../helper_definition.ts";
import { sinTurns } from "../fast_math.ts";

/** Header slots: parameters, then the LFO phase in turns (shared by every channel). */
const RATE = 0;
const DEPTH = 1;
const PHASE = 2;
const HEADER = 3;

/**
 * This frame's tremolo gain, `1 − depth·(0.5 + 0.5·sin(2π·φ))`, then advances the LFO phase
 * by `rate / sr` (call once per frame, not per channel).
 *
 * @param mem Pool memory.
 * @param b Block base.
 * @param rate LFO rate in Hz, clamped to ±sr/2 (NaN → 0: the LFO stops).
 * @param depth 0..1, clamped (NaN → 0).
 * @param sr Sample rate in Hz.
 * @returns The gain, 1 − depth..1.
 */
export function tremoloGain(
  mem: Float64Array,
  b: number,
  rate: number,
  depth: number,
  sr: number,
): number {
  const half = 0.5 * sr;
  const r = rate >= half ? half : rate <= -half ? -half : rate === rate ? rate : 0;
  const d = depth > 0 ? (depth < 1 ? depth : 1) : 0;
  const p = mem[b + PHASE];
  const next = p + r / sr;
  mem[b + PHASE] = next - Math.floor(next);
  return 1 - d * (0.5 + 0.5 * sinTurns(p));
}

/**
 * The LFO's phase increment per sample: {@linkcode tremoloGain}'s clamp of `rate`, over `sr`
 * (for the chain compiler's local form, which keeps the phase in a local).
 *
 * @param rate LFO rate in Hz.
 * @param sr Sample rate in Hz.
 * @returns Turns per sample.
 */
export function tremoloInc(rate: number, sr: number): number {
  const half = 0.5 * sr;
  const r = rate >= half ? half : rate <= -half ? -half : rate === rate ? rate : 0;
  return r / sr;
}

/**
 * {@linkcode tremoloGain}'s clamp of `depth` to 0..1 (NaN → 0).
 *
 * @param depth Modulation depth.
 * @returns The clamped depth.
 */
export function tremoloDepth(depth: number): number {
  return depth > 0 ? (depth < 1 ? depth : 1) : 0;
}

/**
 * The LFO phase one sample on: {@linkcode tremoloGain}'s wrap.
 *
 * @param p Phase in turns, 0..1.
 * @param inc From {@linkcode tremoloInc}.
 * @returns The next phase, 0..1.
 */
export function lfoNext(p: number, inc: number): number {
  const next = p + inc;
  return next - Math.floor(next);
}

/**
 * {@linkcode tremoloGain}'s gain for the LFO's sine `sine = sinTurns(φ)`:
 * `1 − d·(0.5 + 0.5·sine)`. (The kernel calls sinTurns itself: through a helper that imports
 * it, V8 re-checks the import on every frame.)
 *
 * @param sine The LFO's sine.
 * @param d From {@linkcode tremoloDepth}.
 * @returns The gain.
 */
export function lfoGain(sine: number, d: number): number {
  return 1 - d * (0.5 + 0.5 * sine);
}

/**
 * The tremolo's gain with its LFO locked to the transport: `1 − d·(0.5 + 0.5·sin(2π·φ))` with
 * `φ = frac(beat / periodBeats)`.
 *
 * @param beat The transport beat.
 * @param periodBeats Beats per LFO cycle.
 * @param depth 0..1, clamped (NaN → 0).
 * @returns The gain.
 */
export function tremoloLockedGain(beat: number, periodBeats: number, depth: number): number {
  const t = beat / periodBeats;
  return lfoGain(sinTurns(t - Math.floor(t)), tremoloDepth(depth));
}

/**
 * One channel of the tremolo: the input times this frame's gain.
 *
 * @param x Input sample.
 * @param g From {@linkcode tremoloGain}.
 * @returns `g · x`.
 */
export function tremoloApply(x: number, g: number): number {
  return g * x;
}

const FREE: Step = {
  frame: [{ fn: tremoloGain, args: ["mem", "b", "rate", "depth", "sr"], out: "g" }],
  channel: { fn: tremoloApply, args: ["x", "g"] },
  // The LFO phase in a local through a steady loop; the clamps (and `rate / sr`, the same
  // division) once per block while the parameters hold still.
  local: {
    calls: { setup: [tremoloInc, tremoloDepth], frame: [lfoNext, lfoGain, sinTurns] },
    emit: (e, at) => {
      const inc = e.local("inc");
      const d = e.local("d");
      const p = e.local("p");
      const g = e.local("g");
      const phase = e.state(at.slot("phase"), "lfo");
      return {
        setup: [
          {
            deps: [0],
            code: `const ${inc} = ${at.ref(tremoloInc)}(${at.param("rate")}, sr);`,
            locals: [inc],
          },
          {
            deps: [1],
            code: `const ${d} = ${at.ref(tremoloDepth)}(${at.param("depth")});`,
            locals: [d],
          },
        ],
        frame: `const ${p} = ${phase};
            ${phase} = ${at.ref(lfoNext)}(${p}, ${inc});
            const ${g} = ${at.ref(lfoGain)}(${at.ref(sinTurns)}(${p}), ${d});
            ${e.channels(e.width(0), (ch) => `${e.output(ch)} = ${g} * ${e.input(0, ch)};`)}`,
      };
    },
  },
};

/** The LFO's phase from the transport: no state to keep. */
const LOCKED: Step = {
  frame: [{ fn: tremoloLockedGain, args: ["beat", "rateBeats", "depth"], out: "g" }],
  channel: { fn: tremoloApply, args: ["x", "g"] },
};

/**
 * Tremolo: the input times `1 − depth·(0.5 + 0.5·sin(2π·φ))`, φ advancing `rate` turns per
 * second. The gain dips from 1 to 1 − depth, so depth 1 silences the troughs and depth 0
 * leaves the input untouched; the LFO starts at phase 0 (gain 1 − depth/2, falling). Above
 * ~20 Hz it turns into AM sidebands (`rate` Hz either side of every partial). All channels
 * share one LFO: a stereo input is modulated identically on both sides.
 *
 * @param input Signal (or number), any channel count.
 * @param rate LFO rate in Hz (number or signal), clamped to ±sample rate/2, NaN → 0.
 * @param depth Modulation depth 0..1 (number or signal), clamped, NaN → 0. @default {0.5}
 * @param options `key` to pin identity.
 * @returns The modulated signal, same channel count as `input`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderSignal, tremolo } from "@lel/lel";
 * const [y] = renderSignal(tremolo(1, 5, 1), 48000, { sampleRate: 48000 });
 * assert.ok(Math.abs(y[0] - 0.5) < 1e-7); // phase 0: halfway down
 * assert.ok(Math.abs(y[2400]) < 1e-7); // a quarter period later: the trough
 * ```
 */
export const tremolo: (
  input: Param,
  rate: Param,
  depth?: Param,
  options?: HelperOptions,
) => Signal = declareHelper({
  name: "tremolo",
  summary: "Amplitude modulation by a sine LFO (rate in Hz, depth 0..1)",
  input: "audio",
  params: [
    {
      name: "rate",
      unit: "Hz",
      doc: "LFO rate in Hz, clamped to ±sample rate/2; a beat rate locks the LFO to the beat",
      range: [0.5, 20],
      lockable: true,
    },
    { name: "depth", unit: "0..1", doc: "modulation depth, clamped", default: 0.5, range: [0, 1] },
  ],
  slots: ["phase"],
  step: (c) => (c.locked("rate") ? LOCKED : FREE),
});

/** The tremolo slot layout (for tests and the chain compiler). */
export const TREMOLO_SLOTS = { RATE, DEPTH, PHASE, HEADER } as const;
