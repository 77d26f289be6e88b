/**
 * A feedback comb / echo: the dry signal plus echoes every `time` seconds, each `amount` times
 * the previous one.
 *
 * Reference: J. O. Smith, "Physical Audio Signal Processing", Feedback Comb Filters.
 * @module
 */

import type { Param, Signal } from "../../runtime/core/signal.ts";
import type { HelperOptions } from "../../runtime/core/node.ts";
import { declareHelper } from "../declare_helper.ts";
import { clampSigned } from "../_clamp.ts";
import type { Seconds } from "../units.ts";
import { dslMaxTime } from "./delay.ts";
import {
  checkMaxTime,
  delaySamples,
  RING_SLOTS,
  ringAdvance,
  ringLength,
  ringNext,
  ringRead,
  ringSetup,
  ringTap,
  ringWarm,
  ringWrite,
} from "./ring.ts";

/** Header: the parameters (time, amount), then the ring's slots. */
const TIME = 0;
const RB = 2;

/** Largest |amount| (a gain of 4 per round trip is a runaway in a few echoes anyway). */
export const FEEDBACK_MAX_AMOUNT = 4;

/**
 * One sample of the feedback comb on the channel whose ring is at `ring`: read `y[n − d]`,
 * output `x + a·y[n − d]`, write it back (advance the ring after every channel).
 *
 * @param mem Pool memory.
 * @param rb Index of the ring's `write` slot.
 * @param ring Index of the channel's ring.
 * @param x Input sample.
 * @param d Delay in samples, 1..`maxD` (from `delaySamples(…, 1)`).
 * @param a Feedback gain, clamped to ±4 (NaN → 0) by the setup step.
 * @returns The output sample.
 */
export function feedbackTick(
  mem: Float64Array,
  rb: number,
  ring: number,
  x: number,
  d: number,
  a: number,
): number {
  const y = x + a * ringRead(mem, rb, ring, d);
  ringWrite(mem, rb, ring, y);
  return y;
}

/**
 * Echoes: `y[n] = x[n] + amount·y[n − T]`, the dry signal then copies at T, 2T, 3T… with
 * gains amount, amount², amount³… (a feedback comb; short T gives a metallic pitch at 1/T Hz).
 * Stride-agnostic, one ring per channel.
 *
 * T is at least one sample; fractional T is read with linear interpolation, which also
 * lowpasses each round trip slightly. `amount` is not limited below 1: at |amount| ≥ 1 the
 * echoes grow until the engine mutes the signal as a runaway.
 *
 * @param input Signal (or number) to echo, any channel count.
 * @param maxTime Longest echo time in seconds, > 0 and finite (sizes the ring at bind time).
 * @param time Echo time T in seconds (number or signal), clamped to 1 sample..maxTime, NaN → 1
 *   sample. @default {maxTime}
 * @param amount Feedback gain (number or signal), clamped to −4..4, NaN → 0. @default {0.5}
 * @param options `key` to pin identity.
 * @returns The dry signal plus its echoes, same channel count as `input`.
 * @throws {RangeError} When `maxTime` is not a positive finite number.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { feedback, renderSignal } from "@lel/lel";
 * const click = (s: { frame: number }) => (s.frame === 0 ? 1 : 0);
 * const [y] = renderSignal(feedback(click, 0.001, 0.0005, 0.5), 100, { sampleRate: 48000 });
 * assert.deepEqual([y[0], y[24], y[48], y[72]], [1, 0.5, 0.25, 0.125]);
 * ```
 */
export const feedback: (
  input: Param,
  maxTime: Seconds,
  time?: Param,
  amount?: Param,
  options?: HelperOptions,
) => Signal = declareHelper({
  name: "feedback",
  summary: "Echoes: the input plus copies every time seconds, each amount times the last",
  input: "audio",
  params: [
    {
      name: "time",
      unit: "s",
      doc: "echo time in seconds, clamped to 1 sample..maxTime",
      default: (a) => a.maxTime as number,
      range: [0.0005, 0.01],
    },
    {
      name: "amount",
      unit: "gain",
      doc: "feedback gain per echo, clamped to -4..4",
      default: 0.5,
      range: [-0.9, 0.9],
    },
  ],
  consts: [{
    name: "maxTime",
    unit: "s",
    doc: "longest echo time in seconds; sizes the ring",
    range: [0.01, 0.02],
    check: checkMaxTime,
    dslDefault: (a) => dslMaxTime(a.time),
  }],
  order: ["maxTime", "time", "amount"],
  dslOrder: ["time", "amount", "maxTime"],
  slots: [...RING_SLOTS],
  buffer: (sr, value) => ringLength(value("maxTime"), sr),
  init: (c) => {
    c.mem[c.slot("maxD")] = c.value("maxTime") * c.sr;
  },
  step: {
    setup: [
      { fn: clampSigned, args: ["amount", FEEDBACK_MAX_AMOUNT], out: "a" },
      { fn: delaySamples, args: ["mem", "@write", "time", "sr", 1], out: "d" },
    ],
    channel: { fn: feedbackTick, args: ["mem", "@write", "st", "x", "d", "a"] },
    after: [{ fn: ringAdvance, args: ["mem", "@write"] }],
    // The write index in a local through a steady loop (the ring stays in the pool):
    // feedbackTick's read, sum and write per channel, then the advance.
    local: {
      calls: { setup: [clampSigned, delaySamples], frame: [ringNext], channel: [ringTap] },
      emit: (e, at) => {
        const a = e.local("a");
        const ring = ringSetup(
          e,
          at,
          `${at.ref(delaySamples)}(mem, ${at.slot("write")}, ${at.param("time")}, sr, 1)`,
          e.width(0),
        );
        const { i, f, len, w } = ring;
        const tap = at.ref(ringTap);
        return {
          setup: [
            {
              deps: [1],
              code: `const ${a} = ${at.ref(clampSigned)}(${
                at.param("amount")
              }, ${FEEDBACK_MAX_AMOUNT});`,
              locals: [a],
            },
            ...ring.setup,
          ],
          frame: e.channels(e.width(0), (ch) => {
            const y = e.local("y");
            return `const ring = ${ring.ring(ch)};
              const ${y} = ${e.input(0, ch)} + ${a} * ${tap}(mem, ring, ${w}, ${len}, ${i}, ${f});
              mem[(ring + ${w}) | 0] = ${y};
              ${e.output(ch)} = ${y};`;
          }) + `${w} = ${at.ref(ringNext)}(${w}, ${len});`,
        };
      },
    },
    warm: ringWarm(RB, TIME),
  },
});
