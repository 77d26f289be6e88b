/**
 * A plain delay line: the delayed signal only, like a Web Audio `DelayNode`.
 * @module
 */

import type { Param, Signal } from "../../runtime/core/signal.ts";
import type { HelperOptions } from "../../runtime/core/node.ts";
import { declareHelper } from "../declare_helper.ts";
import type { Seconds } from "../units.ts";
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

/** Header: the time parameter, then the ring's slots. */
const TIME = 0;
const RB = 1;

/** Longest delay line the DSL's `delay` and `feedback` get by default, in seconds. */
export const DEFAULT_MAX_TIME = 2;

/**
 * `maxTime` in the DSL when left out: 2 s, or `ceil(time)` for a longer constant time, so
 * editing the time glides instead of starting a new (silent) delay line.
 *
 * @param time The delay time, when a plain number.
 * @returns The ring's length in seconds.
 */
export function dslMaxTime(time: Param | undefined): number {
  return typeof time === "number" && time > DEFAULT_MAX_TIME ? Math.ceil(time) : DEFAULT_MAX_TIME;
}

/**
 * One sample of a delay line on the channel whose ring is at `ring`: write, then read `d`
 * samples back (so `d` = 0 passes the input through).
 *
 * @param mem Pool memory.
 * @param rb Index of the ring's `write` slot.
 * @param ring Index of the channel's ring.
 * @param x Input sample.
 * @param d Delay in samples (from `delaySamples`).
 * @returns The delayed sample.
 */
export function delayTap(
  mem: Float64Array,
  rb: number,
  ring: number,
  x: number,
  d: number,
): number {
  ringWrite(mem, rb, ring, x);
  return ringRead(mem, rb, ring, d);
}

/**
 * Delays a signal by `time` seconds and outputs only the delayed copy (mix it with the dry
 * signal yourself, or use `feedback` for echoes). Stride-agnostic, one ring per channel.
 *
 * Write then read, so `time` 0 passes the input through. Fractional delays use linear
 * interpolation `y = (1 − f)·x[n − i] + f·x[n − i − 1]`, which dulls the highs slightly at
 * half-sample delays (f = 0.5 is −3 dB at half Nyquist: `|H| = cos(ω/2)`); sweeping `time`
 * bends the pitch like tape (a Doppler shift), and reloads glide a changed `time` the same way.
 *
 * @param input Signal (or number) to delay, any channel count.
 * @param maxTime Longest delay in seconds, > 0 and finite (sizes the ring at bind time: not a
 *   signal; changing it starts a fresh, silent ring).
 * @param time Delay in seconds (number or signal), clamped to 0..maxTime, NaN → 0.
 *   @default {maxTime}
 * @param options `key` to pin identity.
 * @returns The delayed signal, same channel count as `input`.
 * @throws {RangeError} When `maxTime` is not a positive finite number.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { delay, renderSignal } from "@lel/lel";
 * const click = (s: { frame: number }) => (s.frame === 0 ? 1 : 0);
 * const [y] = renderSignal(delay(click, 0.01, 0.001), 100, { sampleRate: 48000 });
 * assert.equal(y[48], 1); // 1 ms at 48 kHz is 48 samples
 * assert.equal(y[47], 0);
 * ```
 */
export const delay: (
  input: Param,
  maxTime: Seconds,
  time?: Param,
  options?: HelperOptions,
) => Signal = declareHelper({
  name: "delay",
  summary: "Delay line: the input delayed by time (only the delayed copy)",
  input: "audio",
  params: [{
    name: "time",
    unit: "s",
    doc: "delay in seconds, clamped to 0..maxTime",
    default: (a) => a.maxTime as number,
    range: [0, 0.02],
  }],
  consts: [{
    name: "maxTime",
    unit: "s",
    doc: "longest delay in seconds; sizes the ring (changing it starts a silent one)",
    range: [0.02, 0.03],
    check: checkMaxTime,
    dslDefault: (a) => dslMaxTime(a.time),
  }],
  order: ["maxTime", "time"],
  dslOrder: ["time", "maxTime"],
  slots: [...RING_SLOTS],
  buffer: (sr, value) => ringLength(value("maxTime"), sr),
  init: (c) => {
    c.mem[c.slot("maxD")] = c.value("maxTime") * c.sr;
  },
  step: {
    setup: [{ fn: delaySamples, args: ["mem", "@write", "time", "sr"], out: "d" }],
    channel: { fn: delayTap, args: ["mem", "@write", "st", "x", "d"] },
    after: [{ fn: ringAdvance, args: ["mem", "@write"] }],
    // The write index in a local through a steady loop (the ring stays in the pool): write,
    // then read, then advance, as the closure does.
    local: {
      calls: { setup: [delaySamples], frame: [ringNext], channel: [ringTap] },
      emit: (e, at) => {
        const ring = ringSetup(
          e,
          at,
          `${at.ref(delaySamples)}(mem, ${at.slot("write")}, ${at.param("time")}, sr)`,
          e.width(0),
        );
        const { i, f, len, w } = ring;
        const tap = at.ref(ringTap);
        return {
          setup: ring.setup,
          frame: e.channels(e.width(0), (ch) => {
            return `const ring = ${ring.ring(ch)};
              mem[(ring + ${w}) | 0] = ${e.input(0, ch)};
              ${e.output(ch)} = ${tap}(mem, ring, ${w}, ${len}, ${i}, ${f});`;
          }) + `${w} = ${at.ref(ringNext)}(${w}, ${len});`,
        };
      },
    },
    warm: ringWarm(RB, TIME),
  },
});
