/**
 * Flanger: the input through a short delay (0.25 to 4.25 ms) swept by a slow sine LFO, fed
 * back into itself, mixed with the dry signal: a comb filter whose teeth sweep up and down.
 * Stereo, with the right side's LFO a quarter turn ahead of the left's.
 *
 * Reference: J. Dattorro, "Effect Design, Part 2: Delay-Line Modulation and Chorus",
 * J. Audio Eng. Soc. 45(10), 1997; J. O. Smith, "Physical Audio Signal Processing",
 * Feedback Comb Filters.
 * @module
 */

import type { Param, Signal } from "../../runtime/core/signal.ts";
import type { HelperOptions } from "../../runtime/core/node.ts";
import { declareHelper } from "../declare_helper.ts";
import { clampSigned } from "../_clamp.ts";
import { sinTurns } from "../fast_math.ts";
import { RING_SLOTS, ringAdvance, ringLength, ringRead, ringWrite } from "../time/ring.ts";
import { sweepAmount, sweepLow, sweepPhase, sweepRing, sweepSpan, sweepWarm } from "./_sweep.ts";

/** Header: rate, depth, feedback, mix, the LFO phase, then the ring's slots. */
const RB = 5;

/** Shortest delay in seconds. */
export const FLANGER_MIN_DELAY = 0.00025;
/** Widest sweep in seconds (at depth 1 the delay reaches 4.25 ms). */
export const FLANGER_SWEEP = 0.004;
/** Largest |feedback|: the comb's peaks reach 1/(1 − 0.98), +34 dB. */
export const FLANGER_MAX_FEEDBACK = 0.98;

/**
 * One frame of the flanger into `out`, per side: the tap `d` samples back, the input plus
 * `feedback` times the tap written into the ring, and the tap mixed with the dry input.
 *
 * @param out Two-channel output.
 * @param mem Pool memory.
 * @param rb Index of the ring's `write` slot.
 * @param l Left input sample.
 * @param r Right input sample (the left one for a mono input).
 * @param phase The LFO's phase in turns (from `sweepPhase`).
 * @param lo Shortest delay in samples.
 * @param span Half the sweep in samples.
 * @param feedback Feedback gain, clamped to ±0.98 (NaN → 0) by the setup step.
 * @param mix Wet share 0..1.
 */
export function flangerTick(
  out: Float64Array,
  mem: Float64Array,
  rb: number,
  l: number,
  r: number,
  phase: number,
  lo: number,
  span: number,
  feedback: number,
  mix: number,
): void {
  for (let side = 0; side < 2; side++) {
    const x = side === 0 ? l : r;
    const ring = sweepRing(mem, rb, side);
    const tap = ringRead(mem, rb, ring, lo + span * (1 + sinTurns(phase + 0.25 * side)));
    ringWrite(mem, rb, ring, x + feedback * tap);
    out[side] = x + mix * (tap - x);
  }
  ringAdvance(mem, rb);
}

/** Options of {@linkcode flanger}. */
export interface FlangerOptions extends HelperOptions {
  /**
   * Feedback gain (number or signal), clamped to ±0.98, NaN → 0: positive puts the comb's
   * peaks at multiples of 1/d, negative halfway between. @default {0.5}
   */
  feedback?: Param;
  /** Wet share 0..1 (number or signal), clamped: 0 is the dry input exactly. @default {0.5} */
  mix?: Param;
}

/**
 * A stereo flanger: per side, the tap `w = ring(n − d)` of a ring fed `x + feedback·w`, with
 * `d = 0.25 ms + depth·4 ms·(1 + sin(2πφ))/2` (sweeping between 0.25 and 0.25 + 4·depth ms);
 * output `(1 − mix)·x + mix·w`. The wet path is the feedback comb
 * `W(z) = z^−d / (1 − feedback·z^−d)`: peaks of `1/(1 − feedback)` at multiples of `1/d` Hz
 * (for negative feedback, halfway between), which the LFO sweeps. The right side's LFO is a
 * quarter turn ahead of the left's, so even a mono input comes out wide; a stereo input feeds
 * each side its own channel; channels beyond two are dropped. The phase lives in the helper's
 * block: a reload keeps the sweep where it was. Taps are read with linear interpolation.
 *
 * @param input Signal (or number): mono or stereo.
 * @param rate LFO rate in Hz (number or signal), clamped to 0..sample rate/2, NaN → 0.
 *   @default {0.2}
 * @param depth Sweep depth 0..1 (number or signal), clamped, NaN → 0. @default {0.5}
 * @param options `feedback`, `mix`, `key` to pin identity.
 * @returns A stereo signal.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { flanger, renderSignal } from "@lel/lel";
 * const click = (s: { frame: number }) => (s.frame === 0 ? 1 : 0);
 * // Frozen at 1 ms (48 samples): the echoes of a feedback comb, 0.5 times each.
 * const [l] = renderSignal(flanger(click, 0, 0.375, { mix: 1 }), 200, { channels: 2 });
 * assert.ok(Math.abs(l[48] - 1) < 1e-9 && Math.abs(l[96] - 0.5) < 1e-9);
 * ```
 */
export const flanger: (
  input: Param,
  rate?: Param,
  depth?: Param,
  options?: FlangerOptions,
) => Signal = declareHelper({
  name: "flanger",
  summary: "Stereo flanger: a feedback comb at 0.25..0.25+4·depth ms swept by a sine LFO",
  input: "audio",
  params: [
    {
      name: "rate",
      unit: "Hz",
      doc: "LFO rate in Hz, clamped to 0..sr/2",
      default: 0.2,
      range: [0.05, 2],
    },
    { name: "depth", unit: "0..1", doc: "sweep depth, clamped", default: 0.5, range: [0, 1] },
    {
      name: "feedback",
      unit: "number",
      doc: "feedback gain, clamped to ±0.98",
      default: 0.5,
      option: true,
      range: [-0.9, 0.9],
    },
    {
      name: "mix",
      unit: "0..1",
      doc: "wet share, clamped (0: dry)",
      default: 0.5,
      option: true,
      range: [0, 1],
    },
  ],
  slots: ["phase", ...RING_SLOTS],
  buffer: (sr) => ringLength(FLANGER_MIN_DELAY + FLANGER_SWEEP, sr),
  init: (c) => {
    c.mem[c.slot("maxD")] = (FLANGER_MIN_DELAY + FLANGER_SWEEP) * c.sr;
  },
  step: {
    setup: [
      { fn: sweepLow, args: [FLANGER_MIN_DELAY, "sr"], out: "lo" },
      { fn: sweepSpan, args: ["depth", FLANGER_SWEEP, "sr"], out: "span" },
      { fn: clampSigned, args: ["feedback", FLANGER_MAX_FEEDBACK], out: "fb" },
      { fn: sweepAmount, args: ["mix"], out: "wet" },
    ],
    frame: [{ fn: sweepPhase, args: ["mem", "@phase", "rate", "sr"], out: "phase" }],
    outputs: {
      call: {
        fn: flangerTick,
        args: ["out", "mem", "@write", "x0", "x1", "phase", "lo", "span", "fb", "wet"],
      },
      width: 2,
    },
    warm: sweepWarm(RB),
  },
});
