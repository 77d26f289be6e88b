/**
 * Equal-power stereo panning, exactly the W3C Web Audio `StereoPannerNode` algorithm.
 *
 * Reference: W3C Web Audio API 1.1, §1.31.4 "StereoPanner Algorithm".
 * @module
 */

import type { Param, Signal } from "../../runtime/core/signal.ts";
import type { HelperOptions } from "../../runtime/core/node.ts";
import type { LocalForm, Step } from "../helper_definition.ts";
import { declareHelper } from "../declare_helper.ts";
import { cosTurns, sinTurns } from "../fast_math.ts";

/** Header slot: the position parameter (no per-channel state). */
const POSITION = 0;
const HEADER = 1;

/** A pan position clamped to −1..1 (NaN → 0, the centre). */
export function clampPosition(p: number): number {
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
 * No state: the local form computes the two gains once per block while the position holds
 * still (the same cosTurns and sinTurns of the same turn), then multiplies.
 */
function localForm(stereo: boolean): LocalForm {
  return {
    calls: {
      setup: stereo ? [panPosition, cosTurns, sinTurns] : [panMonoTurns, cosTurns, sinTurns],
    },
    emit: (e, at) => {
      const [t, c, s] = ["t", "cg", "sg"].map((hint) => e.local(hint));
      const cos = at.ref(cosTurns);
      const sin = at.ref(sinTurns);
      const position = at.param("position");
      if (!stereo) {
        return {
          setup: [{
            deps: [0],
            code: `const ${t} = ${at.ref(panMonoTurns)}(${position});
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
          code: `const ${p} = ${at.ref(panPosition)}(${position});
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
  };
}

const MONO: Step = {
  outputs: { call: { fn: panMono, args: ["out", "x0", "position"] }, width: 2 },
  local: localForm(false),
};

const STEREO: Step = {
  outputs: { call: { fn: panStereo, args: ["out", "x0", "x1", "position"] }, width: 2 },
  local: localForm(true),
};

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
export const pan: (input: Param, position: Param, options?: HelperOptions) => Signal =
  declareHelper({
    name: "pan",
    summary: "Equal-power pan of a mono input, balance of a stereo one (-1 left .. 1 right)",
    input: "audio",
    params: [{
      name: "position",
      unit: "-1..1",
      doc: "-1 left, 0 centre, 1 right; clamped",
      range: [-1, 1],
    }],
    step: (c) => (c.width === 1 ? MONO : STEREO),
  });

/** The pan slot layout (for tests and the chain compiler). */
export const PAN_SLOTS = { POSITION, HEADER } as const;
