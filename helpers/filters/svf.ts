/**
 * The state-variable filter (12 dB/octave lowpass, highpass, bandpass, notch) in Andrew
 * Simper's trapezoidal form: stable under fast cutoff modulation, exact cutoff at any sample
 * rate, and one shared core for all four responses.
 *
 * Reference: A. Simper (Cytomic), "Linear Trapezoidal Integrated State Variable Filter"
 * (SvfLinearTrapOptimised2.pdf, 2013).
 * @module
 */

import type { Param, Signal } from "../../runtime/core/signal.ts";
import type { HelperOptions } from "../../runtime/core/node.ts";
import type { LocalForm } from "../helper_definition.ts";
import { declareHelper } from "../declare_helper.ts";

/** Header slots: parameters, the values the coefficients were made for, the coefficients. */
const CUTOFF = 0;
const RES = 1;
const CUT_FOR = 2;
const RES_FOR = 3;
const K = 4;
const A1 = 5;
const A2 = 6;
const A3 = 7;
const HEADER = 8;
/** Per channel: the two integrator states. */
const IC1EQ = 0;
const IC2EQ = 1;
const PER_CHANNEL = 2;

/** {@linkcode svfTick} response: lowpass (`v2`). */
export const SVF_LOW = 0;
/** {@linkcode svfTick} response: highpass (`x − k·v1 − v2`). */
export const SVF_HIGH = 1;
/** {@linkcode svfTick} response: unity-peak bandpass (`k·v1`). */
export const SVF_BAND = 2;
/** {@linkcode svfTick} response: notch (`x − k·v1`). */
export const SVF_NOTCH = 3;

/** Smallest damping: Q = 1/k tops out at 50 (rings for a long time but never self-oscillates). */
const MIN_K = 0.02;

/**
 * Updates the SVF coefficients when cutoff or resonance moved: `g = tan(π·fc/sr)`,
 * `k = √2·(1 − r)` (≥ 0.02), `a1 = 1/(1 + g(g + k))`, `a2 = g·a1`, `a3 = g·a2`.
 *
 * @param mem Pool memory.
 * @param b Block base.
 * @param cutoffHz Cutoff in Hz, clamped to 0..0.49·sr (NaN → 0).
 * @param resonance 0..1, clamped (NaN → 0).
 * @param sr Sample rate in Hz.
 */
export function svfCoefs(
  mem: Float64Array,
  b: number,
  cutoffHz: number,
  resonance: number,
  sr: number,
): void {
  const nyq = 0.49 * sr;
  const fc = cutoffHz > 0 ? (cutoffHz < nyq ? cutoffHz : nyq) : 0;
  const r = resonance > 0 ? (resonance < 1 ? resonance : 1) : 0;
  if (fc === mem[b + CUT_FOR] && r === mem[b + RES_FOR]) return;
  mem[b + CUT_FOR] = fc;
  mem[b + RES_FOR] = r;
  const g = Math.tan(Math.PI * fc / sr);
  const k = Math.max(MIN_K, Math.SQRT2 * (1 - r));
  const a1 = 1 / (1 + g * (g + k));
  mem[b + K] = k;
  mem[b + A1] = a1;
  mem[b + A2] = g * a1;
  mem[b + A3] = g * g * a1;
}

/**
 * One sample of the SVF on the channel whose state is at `st`.
 *
 * @param mem Pool memory.
 * @param b Block base (coefficients from {@linkcode svfCoefs}).
 * @param st Index of the channel's `ic1eq`.
 * @param x Input sample.
 * @param mode {@linkcode SVF_LOW}, {@linkcode SVF_HIGH}, {@linkcode SVF_BAND} or
 *   {@linkcode SVF_NOTCH}.
 * @returns The filtered sample.
 */
export function svfTick(mem: Float64Array, b: number, st: number, x: number, mode: number): number {
  const ic1 = mem[st + IC1EQ];
  const ic2 = mem[st + IC2EQ];
  const v3 = x - ic2;
  const v1 = mem[b + A1] * ic1 + mem[b + A2] * v3;
  const v2 = ic2 + mem[b + A2] * ic1 + mem[b + A3] * v3;
  mem[st + IC1EQ] = 2 * v1 - ic1;
  mem[st + IC2EQ] = 2 * v2 - ic2;
  const k = mem[b + K];
  switch (mode) {
    case SVF_LOW:
      return v2;
    case SVF_HIGH:
      return x - k * v1 - v2;
    case SVF_BAND:
      return k * v1;
    default:
      return x - k * v1;
  }
}

type Mode = typeof SVF_LOW | typeof SVF_HIGH | typeof SVF_BAND | typeof SVF_NOTCH;

/**
 * Each channel's ic1eq and ic2eq in locals through a steady loop, the coefficients read once
 * per block while the parameters hold still: svfTick's arithmetic, line for line.
 */
function localForm(mode: Mode): LocalForm {
  return {
    calls: { setup: [svfCoefs] },
    emit: (e, at) => {
      const b = e.base;
      const [k, a1, a2, a3] = ["k", "a1", "a2", "a3"].map((hint) => e.local(hint));
      const coefs = `${at.ref(svfCoefs)}(mem, ${b}, ${at.param("cutoff")}, ${
        at.param("resonance")
      }, sr);`;
      return {
        setup: [
          { deps: [0, 1], code: coefs, locals: [] },
          {
            deps: [0, 1],
            code:
              `const ${k} = mem[${b} + ${K}], ${a1} = mem[${b} + ${A1}], ${a2} = mem[${b} + ${A2}], ${a3} = mem[${b} + ${A3}];`,
            locals: [k, a1, a2, a3],
          },
        ],
        frame: e.channels(e.width(0), (ch) => {
          const st = at.channel(ch);
          const ic1 = e.state(`${st} + ${IC1EQ}`, "ic1");
          const ic2 = e.state(`${st} + ${IC2EQ}`, "ic2");
          const x = e.local("x");
          const [v1, v2, v3] = ["v1", "v2", "v3"].map((hint) => e.local(hint));
          const out = mode === SVF_LOW
            ? v2
            : mode === SVF_HIGH
            ? `${x} - ${k} * ${v1} - ${v2}`
            : mode === SVF_BAND
            ? `${k} * ${v1}`
            : `${x} - ${k} * ${v1}`;
          return `const ${x} = ${e.input(0, ch)};
            const ${v3} = ${x} - ${ic2};
            const ${v1} = ${a1} * ${ic1} + ${a2} * ${v3};
            const ${v2} = ${ic2} + ${a2} * ${ic1} + ${a3} * ${v3};
            ${ic1} = 2 * ${v1} - ${ic1};
            ${ic2} = 2 * ${v2} - ${ic2};
            ${e.output(ch)} = ${out};`;
        }),
      };
    },
  };
}

/** The factory of one response: `(input, cutoff, resonance = 0, options)`. */
export type SvfFactory = (
  input: Param,
  cutoff: Param,
  resonance?: Param,
  options?: HelperOptions,
) => Signal;

function svf(name: string, mode: Mode, summary: string): SvfFactory {
  return declareHelper({
    name,
    summary,
    input: "audio",
    params: [
      {
        name: "cutoff",
        unit: "Hz",
        doc: "cutoff (centre) in Hz, clamped to 0..0.49·sample rate",
        range: [50, 5000],
      },
      {
        name: "resonance",
        unit: "0..1",
        doc: "0 is a Butterworth (Q 0.707), 1 is Q 50; clamped",
        default: 0,
        range: [0, 0.9],
      },
    ],
    slots: ["cutFor", "resFor", "k", "a1", "a2", "a3"],
    initial: { cutFor: NaN },
    perChannel: ["ic1eq", "ic2eq"],
    step: {
      setup: [{ fn: svfCoefs, args: ["mem", "b", "cutoff", "resonance", "sr"] }],
      channel: { fn: svfTick, args: ["mem", "b", "st", "x", mode] },
      local: localForm(mode),
    },
  });
}

/**
 * A resonant 12 dB/octave lowpass (Simper SVF). At resonance 0 it is a Butterworth (Q = 0.707,
 * −3 dB at `cutoff`); resonance r gives Q = 1 / (√2·(1 − r)), up to Q = 50 at r = 1, which
 * rings loudly (a +34 dB peak at cutoff: lower the input first). Stride-agnostic.
 *
 * Formula: `v3 = x − ic2eq`, `v1 = a1·ic1eq + a2·v3`, `v2 = ic2eq + a2·ic1eq + a3·v3`,
 * `ic1eq = 2v1 − ic1eq`, `ic2eq = 2v2 − ic2eq`, output `v2` (Simper 2013).
 *
 * @param input Signal (or number) to filter, any channel count.
 * @param cutoff Cutoff in Hz (number or signal), clamped to 0..0.49·sample rate, NaN → 0.
 * @param resonance 0..1 (number or signal), clamped, NaN → 0. @default {0}
 * @param options `key` to pin identity.
 * @returns The filtered signal, same channel count as `input`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lpf, renderSignal } from "@lel/lel";
 * const [y] = renderSignal(lpf(1, 1000), 4800); // DC passes a lowpass
 * assert.ok(Math.abs(y[4799] - 1) < 1e-9);
 * ```
 */
export const lpf: SvfFactory = svf(
  "lpf",
  SVF_LOW,
  "Resonant 12 dB/octave lowpass (state-variable filter)",
);

/**
 * A resonant 12 dB/octave highpass (Simper SVF, `x − k·v1 − v2`): −3 dB at `cutoff` for
 * resonance 0 (Q = 0.707); resonance as in {@linkcode lpf}. Blocks DC.
 *
 * @param input Signal (or number) to filter, any channel count.
 * @param cutoff Cutoff in Hz (number or signal), clamped to 0..0.49·sample rate, NaN → 0.
 * @param resonance 0..1 (number or signal), clamped, NaN → 0. @default {0}
 * @param options `key` to pin identity.
 * @returns The filtered signal, same channel count as `input`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hpf, renderSignal } from "@lel/lel";
 * const [y] = renderSignal(hpf(1, 1000), 4800); // DC is blocked
 * assert.ok(Math.abs(y[4799]) < 1e-9);
 * ```
 */
export const hpf: SvfFactory = svf(
  "hpf",
  SVF_HIGH,
  "Resonant 12 dB/octave highpass (state-variable filter)",
);

/**
 * A 12 dB/octave bandpass with unity gain at its centre (`k·v1` of the Simper SVF), whatever
 * the resonance: higher resonance only narrows it (bandwidth ≈ cutoff / Q, Q = 1/(√2·(1 − r))).
 *
 * @param input Signal (or number) to filter, any channel count.
 * @param cutoff Centre frequency in Hz (number or signal), clamped to 0..0.49·sample rate.
 * @param resonance 0..1 (number or signal), clamped, NaN → 0. @default {0}
 * @param options `key` to pin identity.
 * @returns The filtered signal, same channel count as `input`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bpf, renderSignal } from "@lel/lel";
 * const [y] = renderSignal(bpf(1, 1000), 4800); // DC is blocked
 * assert.ok(Math.abs(y[4799]) < 1e-9);
 * ```
 */
export const bpf: SvfFactory = svf(
  "bpf",
  SVF_BAND,
  "Resonant bandpass with a unity peak (state-variable filter)",
);

/**
 * A notch (band-reject, `x − k·v1` of the Simper SVF): a null at `cutoff`, unity far from it;
 * higher resonance narrows the notch.
 *
 * @param input Signal (or number) to filter, any channel count.
 * @param cutoff Notch frequency in Hz (number or signal), clamped to 0..0.49·sample rate.
 * @param resonance 0..1 (number or signal), clamped, NaN → 0. @default {0}
 * @param options `key` to pin identity.
 * @returns The filtered signal, same channel count as `input`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { notch, renderSignal } from "@lel/lel";
 * const [y] = renderSignal(notch(1, 1000), 4800); // DC passes a notch
 * assert.ok(Math.abs(y[4799] - 1) < 1e-9);
 * ```
 */
export const notch: SvfFactory = svf(
  "notch",
  SVF_NOTCH,
  "Notch: removes a band around the cutoff (state-variable filter)",
);

/** The SVF slot layout (for tests and the chain compiler). */
export const SVF_SLOTS = {
  CUTOFF,
  RES,
  CUT_FOR,
  RES_FOR,
  K,
  A1,
  A2,
  A3,
  HEADER,
  IC1EQ,
  IC2EQ,
  PER_CHANNEL,
} as const;
