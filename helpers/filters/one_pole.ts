/**
 * One-pole lowpass and highpass (6 dB/octave), in the topology-preserving (trapezoidal) form,
 * so the cutoff is exact: −3 dB at the given frequency at any sample rate.
 *
 * Reference: V. Zavalishin, "The Art of VA Filter Design", ch. 3 (the TPT one-pole).
 * @module
 */

import type { Param, Signal } from "../../runtime/core/signal.ts";
import type { HelperOptions } from "../../runtime/core/node.ts";
import type { HelperDefinition, LocalForm, ParamDef } from "../helper_definition.ts";
import { declareHelper } from "../declare_helper.ts";

/** Slots: the cutoff parameter, the cutoff the coefficient was made for, the coefficient. */
const CUTOFF = 0;
const COEF_FOR = 1;
const COEF = 2;
const HEADER = 3;
/** Per channel: the integrator state `s1`. */
const S1 = 0;

/**
 * Updates the one-pole coefficient `G = g / (1 + g)`, `g = tan(π · fc / sr)`, when the cutoff
 * moved. The cutoff is clamped to 0..0.49·sr; NaN counts as 0.
 *
 * @param mem Pool memory.
 * @param b Block base.
 * @param cutoffHz Cutoff in Hz.
 * @param sr Sample rate in Hz.
 * @returns The coefficient.
 */
export function onePoleCoef(mem: Float64Array, b: number, cutoffHz: number, sr: number): number {
  if (cutoffHz === mem[b + COEF_FOR]) return mem[b + COEF];
  mem[b + COEF_FOR] = cutoffHz;
  const nyq = 0.49 * sr;
  const fc = cutoffHz > 0 ? (cutoffHz < nyq ? cutoffHz : nyq) : 0;
  const g = Math.tan(Math.PI * fc / sr);
  const coef = g / (1 + g);
  mem[b + COEF] = coef;
  return coef;
}

/**
 * One sample of the one-pole lowpass on the channel whose state is at `st`.
 *
 * @param mem Pool memory.
 * @param st Index of the channel's `s1`.
 * @param x Input sample.
 * @param coef Coefficient from {@linkcode onePoleCoef}.
 * @returns The lowpassed sample.
 */
export function onePoleLow(mem: Float64Array, st: number, x: number, coef: number): number {
  const s1 = mem[st + S1];
  const v = (x - s1) * coef;
  const y = v + s1;
  mem[st + S1] = y + v;
  return y;
}

/**
 * One sample of the one-pole highpass: the input minus {@linkcode onePoleLow}.
 *
 * @param mem Pool memory.
 * @param st Index of the channel's `s1`.
 * @param x Input sample.
 * @param coef Coefficient from {@linkcode onePoleCoef}.
 * @returns The highpassed sample.
 */
export function onePoleHigh(mem: Float64Array, st: number, x: number, coef: number): number {
  return x - onePoleLow(mem, st, x, coef);
}

const cutoff: ParamDef = {
  name: "cutoff",
  unit: "Hz",
  doc: "cutoff in Hz, clamped to 0..0.49·sample rate",
  range: [50, 5000],
};

/** Each channel's `s1` in a local through a steady loop: onePoleLow's three lines. */
function localForm(high: boolean): LocalForm {
  return {
    calls: { setup: [onePoleCoef] },
    emit: (e, at) => {
      const coef = e.local("coef");
      return {
        setup: [{
          deps: [0],
          code: `const ${coef} = ${at.ref(onePoleCoef)}(mem, ${e.base}, ${
            at.param("cutoff")
          }, sr);`,
          locals: [coef],
        }],
        frame: e.channels(e.width(0), (ch) => {
          const x = e.input(0, ch);
          const s1 = e.state(`${at.channel(ch)} + ${S1}`, "s1");
          const v = e.local("v");
          const y = e.local("y");
          return `const ${v} = (${x} - ${s1}) * ${coef};
            const ${y} = ${v} + ${s1};
            ${s1} = ${y} + ${v};
            ${e.output(ch)} = ${high ? `${x} - ${y}` : y};`;
        }),
      };
    },
  };
}

function definition(high: boolean): HelperDefinition {
  return {
    name: high ? "highpass" : "lowpass",
    summary: high
      ? "One-pole highpass, −3 dB at the cutoff, −6 dB/octave below"
      : "One-pole lowpass, −3 dB at the cutoff, −6 dB/octave above",
    input: "audio",
    params: [cutoff],
    slots: ["coefFor", "coef"],
    perChannel: ["s1"],
    step: {
      setup: [{ fn: onePoleCoef, args: ["mem", "b", "cutoff", "sr"], out: "coef" }],
      channel: { fn: high ? onePoleHigh : onePoleLow, args: ["mem", "st", "x", "coef"] },
      local: localForm(high),
    },
  };
}

/**
 * A one-pole lowpass: −3 dB at `cutoff`, then −6 dB per octave. Gentle; good for taming a saw
 * or smoothing a control signal. Stride-agnostic: N channels in, N out, each with its own state.
 *
 * Formula (TPT one-pole): `g = tan(π·fc/sr)`, `v = (x − s)·g/(1+g)`, `y = v + s`, `s = y + v`.
 *
 * @param input Signal (or number) to filter.
 * @param cutoff Cutoff in Hz (number or signal), clamped to 0..0.49·sample rate.
 * @param options `key` to pin identity.
 * @returns The filtered signal.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lowpass, renderSignal } from "@lel/lel";
 * const [y] = renderSignal(lowpass(1, 100), 48000, { sampleRate: 48000 });
 * assert.ok(Math.abs(y[47999] - 1) < 1e-9); // DC passes
 * ```
 */
export const lowpass: (input: Param, cutoff: Param, options?: HelperOptions) => Signal =
  declareHelper(definition(false));

/**
 * A one-pole highpass (input minus the lowpass): −3 dB at `cutoff`, −6 dB per octave below.
 * Useful to remove DC and rumble.
 *
 * @param input Signal (or number) to filter.
 * @param cutoff Cutoff in Hz (number or signal), clamped to 0..0.49·sample rate.
 * @param options `key` to pin identity.
 * @returns The filtered signal.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { highpass, renderSignal } from "@lel/lel";
 * const [y] = renderSignal(highpass(1, 100), 48000, { sampleRate: 48000 });
 * assert.ok(Math.abs(y[47999]) < 1e-9); // DC is removed
 * ```
 */
export const highpass: (input: Param, cutoff: Param, options?: HelperOptions) => Signal =
  declareHelper(definition(true));

/** The one-pole slot layout (for tests and the chain compiler). */
export const ONE_POLE_SLOTS = { CUTOFF, COEF_FOR, COEF, HEADER, S1 } as const;
