/**
 * Crush: bit depth reduction (a PCM quantiser) and sample rate reduction (sample and hold),
 * the two halves of a classic bitcrusher.
 * @module
 */

import type { Param, Signal } from "../../runtime/core/signal.ts";
import type { HelperOptions } from "../../runtime/core/node.ts";
import type { Step } from "../helper_definition.ts";
import { declareHelper } from "../declare_helper.ts";

/** Header: bits, rate, the bits the scale was made for, the scale, the hold countdown. */
const BITS_FOR = 2;
const SCALE = 3;
const COUNT = 4;
/** Per channel: the held sample. */
const HELD = 0;

/** From this many bits on the quantiser is bypassed (finer than a float32 sample). */
export const CRUSH_BYPASS_BITS = 24;

/**
 * The quantiser's scale for a bit depth: `K = 2^(bits − 1)` levels per unit, for `bits`
 * rounded to a whole number and at least 1; 0 (bypass) from 24 bits on and for NaN.
 * Recomputed only when `bits` moved.
 *
 * @param mem Pool memory.
 * @param b Block base.
 * @param bits Bit depth.
 * @returns `K`, or 0 to bypass.
 */
export function crushScale(mem: Float64Array, b: number, bits: number): number {
  if (bits === mem[b + BITS_FOR]) return mem[b + SCALE];
  mem[b + BITS_FOR] = bits;
  const whole = Math.round(bits);
  const k = whole < CRUSH_BYPASS_BITS ? Math.pow(2, (whole > 1 ? whole : 1) - 1) : 0;
  mem[b + SCALE] = k;
  return k;
}

/**
 * Quantises a sample to the 2^bits levels of a bits-bit PCM word: `k/K` for the integer
 * `k = round(x·K)` (half up) clamped to −K..K − 1, so the levels are the multiples of
 * `1/K = 2^(1 − bits)` from −1 to 1 − 2^(1 − bits), with one at 0 (mid-tread). NaN → 0.
 *
 * @param x Input sample.
 * @param k The scale from {@linkcode crushScale} (0: `x` passes unchanged).
 * @returns The quantised sample.
 */
export function crushQuantize(x: number, k: number): number {
  if (k === 0) return x;
  const q = Math.round(x * k);
  return (q > k - 1 ? k - 1 : q < -k ? -k : q === q ? q : 0) / k;
}

/**
 * Samples per hold for a rate: `sr / rate`, the rate clamped to 1 Hz..sr (NaN → sr: no
 * reduction). A ratio within 1e-9 of a whole number is that whole number, so `sr/7` Hz holds
 * exactly 7 samples even though it is not exact in binary.
 *
 * @param rate Hold rate in Hz.
 * @param sr Sample rate in Hz.
 * @returns The hold length in samples, 1..sr.
 */
export function crushPeriod(rate: number, sr: number): number {
  const r = rate > 1 ? (rate < sr ? rate : sr) : rate === rate ? 1 : sr;
  const p = sr / r;
  const whole = Math.round(p);
  return Math.abs(p - whole) < 1e-9 * p ? whole : p;
}

/**
 * The sample-and-hold clock, once per frame: a countdown in samples that takes a new sample
 * when it reaches 0 and then adds the hold length, so fractional lengths average out exactly
 * (2.5 holds for 3, 2, 3, 2… samples) and whole ones are exact. It starts by taking a sample.
 *
 * @param mem Pool memory.
 * @param b Block base.
 * @param period Hold length from {@linkcode crushPeriod}.
 * @returns 1 when this frame takes a new sample, else 0.
 */
export function crushClock(mem: Float64Array, b: number, period: number): number {
  let count = mem[b + COUNT];
  let take = 0;
  if (count <= 0) {
    count += period;
    take = 1;
  }
  count -= 1;
  // A shorter period than the one counting down takes over at once.
  mem[b + COUNT] = count < period - 1 ? count : period - 1;
  return take;
}

/**
 * One sample of the sample-and-hold then the quantiser, on the channel whose state is at `st`.
 *
 * @param mem Pool memory.
 * @param st Index of the channel's held sample.
 * @param x Input sample.
 * @param take 1 to take `x` as the new held sample (from {@linkcode crushClock}).
 * @param k The quantiser's scale.
 * @returns The held sample, quantised.
 */
export function crushHold(
  mem: Float64Array,
  st: number,
  x: number,
  take: number,
  k: number,
): number {
  if (take === 1) mem[st + HELD] = x;
  return crushQuantize(mem[st + HELD], k);
}

const QUANTIZE: Step = {
  setup: [{ fn: crushScale, args: ["mem", "b", "bits"], out: "k" }],
  channel: { fn: crushQuantize, args: ["x", "k"] },
};

const HOLD: Step = {
  setup: [
    { fn: crushScale, args: ["mem", "b", "bits"], out: "k" },
    { fn: crushPeriod, args: ["rate", "sr"], out: "period" },
  ],
  frame: [{ fn: crushClock, args: ["mem", "b", "period"], out: "take" }],
  channel: { fn: crushHold, args: ["mem", "st", "x", "take", "k"] },
  // A new kernel sees a sample taken (the countdown at 0) and one held.
  warm: (mem, b, pass) => {
    if (pass > 1) return false;
    mem[b + COUNT] = pass === 0 ? 0 : 2;
    return true;
  },
};

/** Options of {@linkcode crush}. */
export interface CrushOptions extends HelperOptions {
  /**
   * Sample-and-hold rate in Hz (number or signal), clamped to 1 Hz..the sample rate, NaN → no
   * reduction. @default {no reduction}
   */
  rate?: Param;
}

/**
 * A bitcrusher: the input held for `sr/rate` samples at a time (sample and hold, when `rate`
 * is given), then quantised to the 2^bits levels of a `bits`-bit PCM word. Stride-agnostic;
 * every channel is held on the same clock.
 *
 * Quantiser: mid-tread, round to nearest (half up), `y = k/K` for `k = round(x·K)` clamped to
 * −K..K − 1, `K = 2^(bits − 1)`: every output is a multiple of the step `2^(1 − bits)`, from −1
 * to 1 − step (inputs beyond are clipped there), 0 is a level. `bits` is rounded to a whole
 * number, at least 1 (two levels: −1 and 0); from 24 bits on the quantiser is bypassed (the
 * input passes unchanged). Both halves alias on purpose: that is the sound.
 *
 * Sample and hold: a countdown in samples (`sr/rate` per hold) takes a new sample when it runs
 * out, so whole ratios hold exactly that many samples and fractional ones alternate to the
 * right average (see {@linkcode crushClock}).
 *
 * @param input Signal (or number), any channel count.
 * @param bits Bit depth (number or signal), rounded, at least 1; ≥ 24 bypasses. @default {8}
 * @param options `rate` (sample-and-hold rate in Hz), `key` to pin identity.
 * @returns The crushed signal, same channel count as `input`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { crush, renderSignal } from "@lel/lel";
 * const [y] = renderSignal(crush(0.3, 2), 4); // 2 bits: levels -1, -0.5, 0, 0.5
 * assert.equal(y[3], 0.5);
 * const ramp = (s: { frame: number }) => s.frame / 100;
 * const [h] = renderSignal(crush(ramp, 24, { rate: 12000 }), 8, { sampleRate: 48000 });
 * assert.deepEqual([...h], [0, 0, 0, 0, 0.04, 0.04, 0.04, 0.04]); // held for 4 samples
 * ```
 */
export const crush: (input: Param, bits?: Param, options?: CrushOptions) => Signal = declareHelper({
  name: "crush",
  summary: "Bitcrusher: quantise to 2^bits levels, optionally sample-and-hold at rate Hz",
  input: "audio",
  params: [
    {
      name: "bits",
      unit: "number",
      doc: "bit depth, rounded, at least 1; 24 or more bypasses the quantiser",
      default: 8,
      range: [2, 12],
    },
    {
      name: "rate",
      unit: "Hz",
      doc: "sample-and-hold rate in Hz, clamped to 1 Hz..sample rate (left out: none)",
      optional: true,
      option: true,
      range: [2000, 16000],
    },
  ],
  slots: ["bitsFor", "scale", "count"],
  initial: { bitsFor: NaN },
  perChannel: ["held"],
  step: (c) => (c.has("rate") ? HOLD : QUANTIZE),
});
