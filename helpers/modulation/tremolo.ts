/**
 * Tremolo: amplitude modulation by a sine LFO whose phase lives in the helper pool, so a
 * reload keeps the wobble in time.
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
import { SIN_TURNS_BYTECODE, sinTurns } from "../fast_math.ts";

/** Header slots: parameters, then the LFO phase in turns (shared by every channel). */
const RATE = 0;
const DEPTH = 1;
const PHASE = 2;
const HEADER = 3;

const LAYOUT: NodeLayout = { header: HEADER, perChannel: () => 0 };

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

function multi(node: HelperNode, v: ArrayLike<number>, s: Context): Float64Array {
  ensureChannels(node, v.length);
  const rate = readParam(s, node, node.params[0]);
  const depth = readParam(s, node, node.params[1]);
  const g = tremoloGain(node.mem, node.base, rate, depth, s.sr);
  const out = node.out;
  for (let ch = 0; ch < v.length; ch++) out[ch] = g * v[ch];
  return out;
}

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
export function tremolo(
  input: Param,
  rate: Param,
  depth: Param = 0.5,
  options?: HelperOptions,
): Signal {
  const channels = channelsOf(input);
  const node = createNode("tremolo", LAYOUT, options, [
    ["rate", RATE, rate],
    ["depth", DEPTH, depth],
  ], channels);
  const x = typeof input === "function" ? input : () => input;
  const [pr, pd] = node.params;
  const fn = (s: Context) => {
    const v = x(s);
    if (typeof v !== "number") return multi(node, v, s);
    const rate = readParam(s, node, pr);
    const depth = readParam(s, node, pd);
    return tremoloGain(node.mem, node.base, rate, depth, s.sr) * v;
  };
  const inputs = typeof input === "function" ? [input] : [];
  for (const p of node.params) if (p.fn !== null) inputs.push(p.fn);
  return tagSignal(fn, node, inputs, channels, tremoloKernel(input, channels));
}

/**
 * The chain compiler's form, step for step the closure's: `tremoloGain` once per frame (it
 * advances the LFO), times each channel. Bytecode V8 counts (`--print-bytecode`, Deno 2.9.6):
 * tremoloGain 150 + sinTurns.
 */
function tremoloKernel(input: Param, channels: number): KernelSpec {
  return {
    kind: "tremolo",
    inputs: [input],
    refs: { tremoloGain, tremoloInc, tremoloDepth, lfoNext, lfoGain, sinTurns },
    width: channels,
    cost: {
      setup: 0,
      frame: 150 + SIN_TURNS_BYTECODE,
      channel: 0,
      largest: 150 + SIN_TURNS_BYTECODE,
    },
    emit: (e) => {
      const g = e.local("g");
      const [rate, depth] = e.params;
      return {
        setup: [],
        frame: `const ${g} = ${e.ref("tremoloGain")}(mem, ${e.base}, ${rate}, ${depth}, sr);
          ${e.channels(channels, (ch) => `${e.output(ch)} = ${g} * ${e.input(0, ch)};`)}`,
      };
    },
    // The LFO phase in a local through a steady loop; the clamps (and `rate / sr`, the same
    // division) once per block while the parameters hold still.
    local: {
      cost: {
        setup: TREMOLO_INC_BYTECODE,
        frame: LFO_NEXT_BYTECODE + LFO_GAIN_BYTECODE + SIN_TURNS_BYTECODE,
        channel: 0,
        largest: SIN_TURNS_BYTECODE,
      },
      emit: (e) => {
        const [rate, depth] = e.params;
        const inc = e.local("inc");
        const d = e.local("d");
        const p = e.local("p");
        const g = e.local("g");
        const phase = e.state(`${e.base} + ${PHASE}`, "lfo");
        return {
          setup: [
            {
              deps: [0],
              code: `const ${inc} = ${e.ref("tremoloInc")}(${rate}, sr);`,
              locals: [inc],
            },
            { deps: [1], code: `const ${d} = ${e.ref("tremoloDepth")}(${depth});`, locals: [d] },
          ],
          frame: `const ${p} = ${phase};
            ${phase} = ${e.ref("lfoNext")}(${p}, ${inc});
            const ${g} = ${e.ref("lfoGain")}(${e.ref("sinTurns")}(${p}), ${d});
            ${e.channels(channels, (ch) => `${e.output(ch)} = ${g} * ${e.input(0, ch)};`)}`,
        };
      },
    },
  };
}

/** Bytecode of the local form's functions (`--print-bytecode`, Deno 2.9.6). */
const TREMOLO_INC_BYTECODE = 54;
const LFO_NEXT_BYTECODE = 24;
const LFO_GAIN_BYTECODE = 24;

/** The tremolo slot layout (for tests and the chain compiler). */
export const TREMOLO_SLOTS = { RATE, DEPTH, PHASE, HEADER } as const;
