/**
 * Equal-power stereo panning, exactly the W3C Web Audio `StereoPannerNode` algorithm.
 *
 * Reference: W3C Web Audio API 1.1, §1.31.4 "StereoPanner Algorithm".
 * @module
 */

import type { Context, Param, Signal } from "../../runtime/signal.ts";
import {
  channelsOf,
  createNode,
  type HelperOptions,
  type KernelSpec,
  type NodeLayout,
  readParam,
  tagSignal,
} from "../node.ts";
import { cosTurns, SIN_TURNS_BYTECODE, sinTurns } from "../fast_math.ts";

/** Header slot: the position parameter (no per-channel state). */
const POSITION = 0;
const HEADER = 1;

const LAYOUT: NodeLayout = { header: HEADER, perChannel: () => 0 };

function clampPosition(p: number): number {
  return p >= 1 ? 1 : p <= -1 ? -1 : p === p ? p : 0;
}

/**
 * Pans a mono sample into `out[0]`, `out[1]`: `x = (pan + 1)/2`, `L = in·cos(x·π/2)`,
 * `R = in·sin(x·π/2)`.
 *
 * @param out Two-channel output.
 * @param x Input sample.
 * @param position −1..1, clamped (NaN → 0).
 */
export function panMono(out: Float64Array, x: number, position: number): void {
  const t = (clampPosition(position) + 1) * 0.125; // x·π/2 radians, in turns
  out[0] = x * cosTurns(t);
  out[1] = x * sinTurns(t);
}

/**
 * Pans a stereo pair into `out[0]`, `out[1]` by the spec's stereo branch: for pan ≤ 0,
 * `x = pan + 1`, `L = inL + inR·cos(x·π/2)`, `R = inR·sin(x·π/2)`; for pan > 0, `x = pan`,
 * `L = inL·cos(x·π/2)`, `R = inR + inL·sin(x·π/2)`.
 *
 * @param out Two-channel output.
 * @param l Left input sample.
 * @param r Right input sample.
 * @param position −1..1, clamped (NaN → 0).
 */
export function panStereo(out: Float64Array, l: number, r: number, position: number): void {
  const p = clampPosition(position);
  if (p <= 0) {
    const t = (p + 1) * 0.25;
    out[0] = l + r * cosTurns(t);
    out[1] = r * sinTurns(t);
  } else {
    const t = p * 0.25;
    out[0] = l * cosTurns(t);
    out[1] = r + l * sinTurns(t);
  }
}

/**
 * A pan position clamped to −1..1 (NaN → 0), as both pan laws read it (for the chain
 * compiler's local form; the closures call the private clamp directly).
 *
 * @param position Position.
 * @returns The clamped position.
 */
export function panPosition(position: number): number {
  return clampPosition(position);
}

/**
 * The turn {@linkcode panMono} takes the cosine and sine of, `(pan + 1)/2 · π/2` in turns
 * (for the chain compiler's local form, which computes them once per block).
 *
 * @param position −1..1, clamped (NaN → 0).
 * @returns Turns, 0..0.25.
 */
export function panMonoTurns(position: number): number {
  return (clampPosition(position) + 1) * 0.125;
}

/**
 * Places a signal in the stereo field with the Web Audio `StereoPannerNode` law. A mono input
 * is spread with equal power (`L² + R² = in²`, each side −3 dB at the centre); a stereo input
 * is balanced instead: panning left folds the right channel into the left, never dropping it.
 * Inputs with more than two channels: channels 0 and 1 are panned as a stereo pair and the
 * rest are dropped. Sines are the fast polynomial ones (error < 1e-7).
 *
 * @param input Signal (or number): mono or stereo.
 * @param position −1 (left) .. 0 (centre) .. 1 (right) (number or signal), clamped, NaN → 0.
 * @param options `key` to pin identity.
 * @returns A stereo signal (always two channels).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pan, renderSignal } from "@lel/lel";
 * const [l, r] = renderSignal(pan(1, -1), 4, { channels: 2 });
 * assert.ok(Math.abs(l[3] - 1) < 1e-7 && Math.abs(r[3]) < 1e-7); // hard left
 * ```
 */
export function pan(input: Param, position: Param, options?: HelperOptions): Signal {
  const node = createNode("pan", LAYOUT, options, [["position", POSITION, position]], 2);
  const x = typeof input === "function" ? input : () => input;
  const p = node.params[0];
  const fn = (s: Context) => {
    const v = x(s);
    const position = readParam(s, node, p);
    const out = node.out;
    if (typeof v === "number") panMono(out, v, position);
    else if (v.length === 1) panMono(out, v[0], position);
    else panStereo(out, v[0], v[1], position);
    return out;
  };
  const inputs = typeof input === "function" ? [input] : [];
  if (p.fn !== null) inputs.push(p.fn);
  const kernel = channelsOf(input) === 1 ? panKernel(false, input) : panKernel(true, input);
  return tagSignal(fn, node, inputs, 2, kernel);
}

/**
 * The chain compiler's form, step for step the closure's: `panMono` (or `panStereo` for a
 * wider input) into a pair, read back as the two output channels. Bytecode V8 counts
 * (`--print-bytecode`, Deno 2.9.6): panMono 58 or panStereo 120, with clampPosition 35,
 * cosTurns 15 and sinTurns twice.
 */
function panKernel(stereo: boolean, input: Param): KernelSpec {
  return {
    kind: stereo ? "pan:stereo" : "pan:mono",
    inputs: [input],
    refs: stereo
      ? { panStereo, panPosition, cosTurns, sinTurns }
      : { panMono, panMonoTurns, cosTurns, sinTurns },
    width: 2,
    cost: {
      setup: 0,
      frame: (stereo ? 120 : 58) + 35 + 15 + 2 * SIN_TURNS_BYTECODE,
      channel: 0,
      largest: (stereo ? 120 : 58) + 35 + 15 + 2 * SIN_TURNS_BYTECODE,
    },
    emit: (e) => {
      const pair = e.scratch(2);
      const call = stereo
        ? `${e.ref("panStereo")}(${pair}, ${e.input(0, 0)}, ${e.input(0, 1)}, ${e.params[0]});`
        : `${e.ref("panMono")}(${pair}, ${e.input(0, 0)}, ${e.params[0]});`;
      return {
        setup: [],
        frame: `${call}
          ${e.output(0)} = ${pair}[0];
          ${e.output(1)} = ${pair}[1];`,
      };
    },
    // No state: the local form computes the two gains once per block while the position
    // holds still (the same cosTurns and sinTurns of the same turn), then multiplies.
    local: {
      cost: {
        setup: 35 + 15 + 2 * SIN_TURNS_BYTECODE + 30,
        frame: 0,
        channel: 0,
        largest: 15 + SIN_TURNS_BYTECODE,
      },
      emit: (e) => {
        const [t, c, s] = ["t", "cg", "sg"].map((hint) => e.local(hint));
        const cos = e.ref("cosTurns");
        const sin = e.ref("sinTurns");
        if (!stereo) {
          return {
            setup: [{
              deps: [0],
              code: `const ${t} = ${e.ref("panMonoTurns")}(${e.params[0]});
                const ${c} = ${cos}(${t}), ${s} = ${sin}(${t});`,
              locals: [c, s],
            }],
            frame: `${e.output(0)} = ${e.input(0, 0)} * ${c};
              ${e.output(1)} = ${e.input(0, 0)} * ${s};`,
          };
        }
        const [p, fold] = [e.local("p"), e.local("fold")];
        const [l, r] = [e.input(0, 0), e.input(0, 1)];
        // panStereo's turn: (p + 1)/4 folding right into left (p <= 0), else p/4.
        return {
          setup: [{
            deps: [0],
            code: `const ${p} = ${e.ref("panPosition")}(${e.params[0]});
              const ${fold} = ${p} <= 0 ? 1 : 0;
              const ${t} = ${fold} === 1 ? (${p} + 1) * 0.25 : ${p} * 0.25;
              const ${c} = ${cos}(${t}), ${s} = ${sin}(${t});`,
            locals: [fold, c, s],
            ints: [fold],
          }],
          frame: `if (${fold} === 1) {
              ${e.output(0)} = ${l} + ${r} * ${c};
              ${e.output(1)} = ${r} * ${s};
            } else {
              ${e.output(0)} = ${l} * ${c};
              ${e.output(1)} = ${r} + ${l} * ${s};
            }`,
        };
      },
    },
  };
}

/** The pan slot layout (for tests and the chain compiler). */
export const PAN_SLOTS = { POSITION, HEADER } as const;
