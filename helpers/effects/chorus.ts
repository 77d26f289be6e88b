/**
 * Chorus: copies of the input through delays of 5 to 11 ms swept by a slow sine LFO, mixed
 * with the dry signal; stereo, with the right side's LFO a quarter turn ahead of the left's.
 *
 * Reference: J. Dattorro, "Effect Design, Part 2: Delay-Line Modulation and Chorus",
 * J. Audio Eng. Soc. 45(10), 1997.
 * @module
 */

import type { Param, Signal } from "../../runtime/core/signal.ts";
import type { HelperOptions } from "../../runtime/core/node.ts";
import { declareHelper } from "../declare_helper.ts";
import { sinTurns } from "../fast_math.ts";
import { RING_SLOTS, ringAdvance, ringLength, ringRead } from "../time/ring.ts";
import {
  sweepAmount,
  sweepLow,
  sweepPhase,
  sweepRing,
  sweepSpan,
  sweepWarm,
  sweepWrite,
} from "./_sweep.ts";

/** Header: rate, depth, mix, the LFO phase, then the ring's slots. */
const RB = 4;

/** Shortest delay in seconds. */
export const CHORUS_MIN_DELAY = 0.005;
/** Widest sweep in seconds (at depth 1 the delay reaches 11 ms). */
export const CHORUS_SWEEP = 0.006;

/**
 * One frame of the chorus into `out`: writes the left and right inputs into their rings,
 * reads each voice's tap on each side (voice k's LFO at `φ + k/voices`, the right side's a
 * quarter turn further), and mixes the mean of the taps with the dry input.
 *
 * @param out Two-channel output.
 * @param mem Pool memory.
 * @param rb Index of the ring's `write` slot.
 * @param l Left input sample.
 * @param r Right input sample (the left one for a mono input).
 * @param phase The LFO's phase in turns (from `sweepPhase`).
 * @param lo Shortest delay in samples.
 * @param span Half the sweep in samples.
 * @param mix Wet share 0..1.
 * @param voices Voices per side, 1..4.
 */
export function chorusTick(
  out: Float64Array,
  mem: Float64Array,
  rb: number,
  l: number,
  r: number,
  phase: number,
  lo: number,
  span: number,
  mix: number,
  voices: number,
): void {
  sweepWrite(mem, rb, l, r);
  const share = 1 / voices;
  let left = 0;
  let right = 0;
  for (let j = 0; j < 2 * voices; j++) {
    const side = j & 1;
    const p = phase + (j >> 1) * share + 0.25 * side;
    const tap = ringRead(mem, rb, sweepRing(mem, rb, side), lo + span * (1 + sinTurns(p)));
    if (side === 0) left += tap;
    else right += tap;
  }
  ringAdvance(mem, rb);
  out[0] = l + mix * (left * share - l);
  out[1] = r + mix * (right * share - r);
}

/** Options of {@linkcode chorus}. */
export interface ChorusOptions extends HelperOptions {
  /** Wet share 0..1 (number or signal), clamped: 0 is the dry input exactly. @default {0.5} */
  mix?: Param;
  /** Voices per side, a whole number 1..4 (fixed when built). @default {2} */
  voices?: number;
}

/**
 * A stereo chorus: the input plus `voices` copies per side, each delayed by
 * `d = 5 ms + depth·6 ms·(1 + sin(2π(φ + k/voices)))/2`, so every delay sweeps between 5 ms
 * and 5 + 6·depth ms, the voices spread evenly over the LFO's cycle; the right side's LFO is a
 * quarter turn ahead of the left's, so even a mono input comes out wide. The LFO's phase lives
 * in the helper's block: a reload keeps the sweep where it was.
 *
 * Output `(1 − mix)·x + mix·(mean of the taps)`, per side; a mono input feeds both sides,
 * a stereo one its own side each; channels beyond two are dropped. Taps are read with linear
 * interpolation (as `delay` does), whose slight dulling of the highs moves with the sweep
 * (at most −3 dB at half Nyquist on a half-sample fraction). The sweep bends the pitch by up to
 * `±π·rate·depth·6 ms` (±1.5%, 26 cents, at 0.8 Hz and depth 1).
 *
 * @param input Signal (or number): mono or stereo.
 * @param rate LFO rate in Hz (number or signal), clamped to 0..sample rate/2, NaN → 0.
 *   @default {0.8}
 * @param depth Sweep depth 0..1 (number or signal), clamped, NaN → 0. @default {0.5}
 * @param options `mix`, `voices`, `key` to pin identity.
 * @returns A stereo signal.
 * @throws {RangeError} When `voices` is not a whole number from 1 to 4.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { chorus, renderSignal } from "@lel/lel";
 * const click = (s: { frame: number }) => (s.frame === 0 ? 1 : 0);
 * const [l] = renderSignal(chorus(click, 0, 0, { mix: 1, voices: 1 }), 300, { channels: 2 });
 * assert.ok(Math.abs(l[240] - 1) < 1e-12); // depth 0: every tap at 5 ms (240 samples)
 * ```
 */
export const chorus: (
  input: Param,
  rate?: Param,
  depth?: Param,
  options?: ChorusOptions,
) => Signal = declareHelper({
  name: "chorus",
  summary: "Stereo chorus: voices delayed 5..5+6·depth ms, swept by a sine LFO at rate Hz",
  input: "audio",
  params: [
    {
      name: "rate",
      unit: "Hz",
      doc: "LFO rate in Hz, clamped to 0..sr/2",
      default: 0.8,
      range: [0.1, 3],
    },
    { name: "depth", unit: "0..1", doc: "sweep depth, clamped", default: 0.5, range: [0, 1] },
    {
      name: "mix",
      unit: "0..1",
      doc: "wet share, clamped (0: dry)",
      default: 0.5,
      option: true,
      range: [0, 1],
    },
  ],
  consts: [{
    name: "voices",
    unit: "number",
    doc: "voices per side, 1..4",
    default: 2,
    option: true,
    range: [1, 4],
    check: (
      v,
    ) => (Number.isInteger(v) && v >= 1 && v <= 4
      ? undefined
      : "must be a whole number from 1 to 4"),
  }],
  slots: ["phase", ...RING_SLOTS],
  buffer: (sr) => ringLength(CHORUS_MIN_DELAY + CHORUS_SWEEP, sr),
  init: (c) => {
    c.mem[c.slot("maxD")] = (CHORUS_MIN_DELAY + CHORUS_SWEEP) * c.sr;
  },
  step: {
    setup: [
      { fn: sweepLow, args: [CHORUS_MIN_DELAY, "sr"], out: "lo" },
      { fn: sweepSpan, args: ["depth", CHORUS_SWEEP, "sr"], out: "span" },
      { fn: sweepAmount, args: ["mix"], out: "wet" },
    ],
    frame: [{ fn: sweepPhase, args: ["mem", "@phase", "rate", "sr"], out: "phase" }],
    outputs: {
      call: {
        fn: chorusTick,
        args: ["out", "mem", "@write", "x0", "x1", "phase", "lo", "span", "wet", "voices"],
      },
      width: 2,
    },
    warm: sweepWarm(RB),
  },
});
