/**
 * One-pole lowpass and highpass (6 dB/octave), in the topology-preserving (trapezoidal) form,
 * so the cutoff is exact: −3 dB at the given frequency at any sample rate.
 *
 * Reference: V. Zavalishin, "The Art of VA Filter Design", ch. 3 (the TPT one-pole).
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

/** Slots: the cutoff parameter, the cutoff the coefficient was made for, the coefficient. */
const CUTOFF = 0;
const COEF_FOR = 1;
const COEF = 2;
const HEADER = 3;
/** Per channel: the integrator state `s1`. */
const S1 = 0;

const LAYOUT: NodeLayout = { header: HEADER, perChannel: () => 1 };

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

function onePole(
  type: "lowpass" | "highpass",
  input: Param,
  cutoff: Param,
  options?: HelperOptions,
): Signal {
  const channels = channelsOf(input);
  const node = createNode(type, LAYOUT, options, [["cutoff", CUTOFF, cutoff]], channels);
  const x = typeof input === "function" ? input : () => input;
  const p = node.params[0];
  const high = type === "highpass";
  const fn = (s: Context) => {
    const v = x(s);
    if (typeof v !== "number") return multi(node, v, s, high);
    const coef = onePoleCoef(node.mem, node.base, readParam(s, node, p), s.sr);
    const y = onePoleLow(node.mem, node.base + HEADER, v, coef);
    return high ? v - y : y;
  };
  const inputs = typeof input === "function" ? [input] : [];
  if (p.fn !== null) inputs.push(p.fn);
  return tagSignal(fn, node, inputs, channels, onePoleKernel(high, input, channels));
}

/**
 * The chain compiler's form, step for step the closure's: the coefficient once per frame (or
 * per block while the cutoff holds still), then one `onePoleLow` per channel. Bytecode V8 counts
 * (`--print-bytecode`, Deno 2.9.6): onePoleCoef 135, onePoleLow 47 per channel.
 */
function onePoleKernel(high: boolean, input: Param, channels: number): KernelSpec {
  return {
    kind: high ? "onePole:high" : "onePole:low",
    inputs: [input],
    refs: { onePoleCoef, onePoleLow },
    width: channels,
    cost: { setup: 135, frame: 0, channel: 47, largest: 135 },
    emit: (e) => {
      const coef = e.local("coef");
      const low = e.ref("onePoleLow");
      return {
        setup: [{
          deps: [0],
          code: `const ${coef} = ${e.ref("onePoleCoef")}(mem, ${e.base}, ${e.params[0]}, sr);`,
          locals: [coef],
        }],
        frame: e.channels(channels, (ch) => {
          const x = e.input(0, ch);
          const y = `${low}(mem, ${e.base} + ${HEADER} + ${ch}, ${x}, ${coef})`;
          return `${e.output(ch)} = ${high ? `${x} - ${y}` : y};`;
        }),
      };
    },
    // Each channel's `s1` in a local through a steady loop: onePoleLow's three lines.
    local: {
      cost: { setup: 135, frame: 0, channel: 0, largest: 135 },
      emit: (e) => {
        const coef = e.local("coef");
        return {
          setup: [{
            deps: [0],
            code: `const ${coef} = ${e.ref("onePoleCoef")}(mem, ${e.base}, ${e.params[0]}, sr);`,
            locals: [coef],
          }],
          frame: e.channels(channels, (ch) => {
            const x = e.input(0, ch);
            const s1 = e.state(`${e.base} + ${HEADER} + ${ch}`, "s1");
            const v = e.local("v");
            const y = e.local("y");
            return `const ${v} = (${x} - ${s1}) * ${coef};
              const ${y} = ${v} + ${s1};
              ${s1} = ${y} + ${v};
              ${e.output(ch)} = ${high ? `${x} - ${y}` : y};`;
          }),
        };
      },
    },
  };
}

function multi(node: HelperNode, v: ArrayLike<number>, s: Context, high: boolean): Float64Array {
  ensureChannels(node, v.length);
  const mem = node.mem;
  const coef = onePoleCoef(mem, node.base, readParam(s, node, node.params[0]), s.sr);
  const out = node.out;
  for (let ch = 0; ch < v.length; ch++) {
    const xc = v[ch];
    const y = onePoleLow(mem, node.base + HEADER + ch, xc, coef);
    out[ch] = high ? xc - y : y;
  }
  return out;
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
 */
export function lowpass(input: Param, cutoff: Param, options?: HelperOptions): Signal {
  return onePole("lowpass", input, cutoff, options);
}

/**
 * A one-pole highpass (input minus the lowpass): −3 dB at `cutoff`, −6 dB per octave below.
 * Useful to remove DC and rumble.
 *
 * @param input Signal (or number) to filter.
 * @param cutoff Cutoff in Hz (number or signal), clamped to 0..0.49·sample rate.
 * @param options `key` to pin identity.
 * @returns The filtered signal.
 */
export function highpass(input: Param, cutoff: Param, options?: HelperOptions): Signal {
  return onePole("highpass", input, cutoff, options);
}

/** The one-pole slot layout (for tests and the chain compiler). */
export const ONE_POLE_SLOTS = { CUTOFF, COEF_FOR, COEF, HEADER, S1 } as const;
