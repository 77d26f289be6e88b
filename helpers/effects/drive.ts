/**
 * Drive: soft saturation with its aliasing kept low by 2× oversampling and first-order
 * antiderivative anti-aliasing (ADAA) of the waveshaper at the oversampled rate.
 *
 * References: J. D. Parker, V. Zavalishin, E. Le Bivic, "Reducing the aliasing of nonlinear
 * waveshaping using continuous-time convolution", DAFx 2016; F. Esqueda, S. Bilbao,
 * V. Välimäki, "Antiderivative antialiasing for memoryless nonlinearities", IEEE SPL 2017.
 * @module
 */

import type { Param, Signal } from "../../runtime/core/signal.ts";
import type { HelperOptions } from "../../runtime/core/node.ts";
import { declareHelper } from "../declare_helper.ts";
import { HALFBAND_OUT, HALFBAND_SLOTS, halfbandPair } from "./_halfband.ts";

/** Header: the amount, the amount the gains were made for, input gain, output gain (×½). */
const AMOUNT_FOR = 1;
const IN_GAIN = 2;
const OUT_GAIN = 3;
/** Per channel: the upsampler's pair, the waveshaper's x₁ and F(x₁), the downsampler's pair. */
const UP = 0;
const X1 = HALFBAND_SLOTS;
const F1 = X1 + 1;
const DOWN = F1 + 1;
/** Names of a half-band pair's slots (its two paths' section memories). */
function pairSlots(prefix: string): string[] {
  return Array.from({ length: HALFBAND_SLOTS }, (_, i) => `${prefix}${i}`);
}

/** Input gain at amount 1: +24 dB. */
export const DRIVE_MAX_GAIN = 16;
/** The input level whose peak the output compensation holds: a −6 dBFS sine. */
const REFERENCE_LEVEL = 0.5;

/**
 * The waveshaper, the algebraic sigmoid `f(x) = x / √(1 + x²)`: odd, slope 1 at 0, tends to
 * ±1 (softer than tanh: f(3) = 0.95).
 *
 * @param x Input.
 * @returns `f(x)`, in −1..1.
 */
export function driveCurve(x: number): number {
  return x / Math.sqrt(1 + x * x);
}

/** Half of `f(½)`: the output gain's numerator, halved for the downsampler's sum. */
const HALF_REFERENCE = 0.5 * driveCurve(REFERENCE_LEVEL);

/**
 * The gains for an amount: input gain `g = 16^amount` (0..+24 dB, exponential in the amount)
 * and output gain `c = f(½)/f(½·g)`, so a −6 dBFS sine peaks at the same level at every
 * amount. Recomputed only when the amount moved; it is clamped to 0..1, NaN → 0.
 *
 * @param mem Pool memory.
 * @param b Block base.
 * @param amount Drive amount 0..1.
 * @returns The input gain `g` (the output gain, halved for the downsampler's sum, is in the
 *   block).
 */
export function driveGains(mem: Float64Array, b: number, amount: number): number {
  if (amount === mem[b + AMOUNT_FOR]) return mem[b + IN_GAIN];
  mem[b + AMOUNT_FOR] = amount;
  const g = Math.pow(DRIVE_MAX_GAIN, amount > 0 ? (amount < 1 ? amount : 1) : 0);
  // c = f(½)/f(½·g) with f written out: a call on this path (rare while the amount holds
  // still) would not be inlined once the amount is modulated, and would box its result.
  const r = REFERENCE_LEVEL * g;
  mem[b + OUT_GAIN] = HALF_REFERENCE * Math.sqrt(1 + r * r) / r;
  return (mem[b + IN_GAIN] = g);
}

/**
 * The waveshaper with first-order ADAA on the sample stream at `i`: the mean of `f` over the
 * line from the previous input `x₁` to `x`, `(F(x) − F(x₁)) / (x − x₁)` with the antiderivative
 * `F(x) = √(1 + x²) − 1`. Written as `(x + x₁) / (F(x) + F(x₁) + 2)` (the same quotient,
 * multiplied out), it needs no fallback for `x ≈ x₁`: nothing cancels and the denominator is
 * at least 2, so it is exact to rounding everywhere and equals `f(x)` when `x = x₁`.
 *
 * @param mem Pool memory.
 * @param i Index of the stream's `x₁` (its `F(x₁)` follows).
 * @param x Input sample.
 * @returns The anti-aliased output sample.
 */
export function driveShape(mem: Float64Array, i: number, x: number): number {
  const f = Math.sqrt(1 + x * x) - 1;
  const y = (x + mem[i]) / (f + mem[i + 1] + 2);
  mem[i] = x;
  mem[i + 1] = f;
  return y;
}

/**
 * One sample of the drive on the channel whose state is at `st`: gain, 2× upsampling by the
 * half-band, the ADAA waveshaper on both new samples, 2× downsampling, output gain.
 *
 * @param mem Pool memory.
 * @param b Block base (the output gain from {@linkcode driveGains}).
 * @param st Index of the channel's state.
 * @param x Input sample.
 * @param g Input gain from {@linkcode driveGains}.
 * @returns The driven sample.
 */
export function driveTick(mem: Float64Array, b: number, st: number, x: number, g: number): number {
  const u = g * x;
  halfbandPair(mem, st + UP, u, u);
  const first = driveShape(mem, st + X1, mem[st + UP + HALFBAND_OUT]);
  const second = driveShape(mem, st + X1, mem[st + UP + HALFBAND_OUT + 1]);
  return mem[b + OUT_GAIN] * halfbandPair(mem, st + DOWN, second, first);
}

/**
 * Soft saturation: the input times a gain of 0..+24 dB, through the algebraic sigmoid
 * `f(x) = x/√(1 + x²)`, times an output gain `c` that holds a −6 dBFS sine's peak level at
 * every amount (so full drive squares a sound off without getting much louder; quiet inputs do
 * get louder, as with any drive). Odd symmetric: no DC, odd harmonics only. Stride-agnostic.
 *
 * Formula (static, at DC): `y = c·f(g·x)`, `g = 16^amount`, `c = f(½)/f(½·g)`.
 *
 * Anti-aliasing: 2× oversampling through an elliptic polyphase IIR half-band (6 allpass
 * sections, 80 dB stopband from 26.4 kHz at 48 kHz, passband flat to 21.6 kHz), and ADAA of
 * the sigmoid at the oversampled rate (Parker et al. 2016). For a full-scale 5 kHz sine at
 * 48 kHz at full drive, the largest alias below 20 kHz is −47.8 dB relative to the
 * fundamental (a naive waveshaper: −18.4 dB); for a −6 dBFS sine −55 dB, for −12 dBFS −71 dB.
 * Between 20 and 24 kHz the half-band's transition lets aliases through at up to −39 dB.
 * ADAA averages over half a sample of the 2× rate, which dulls the top octave: quiet sounds
 * pass as `cos(π·f/2sr)`, −0.5 dB at 10 kHz, −2 dB at 20 kHz. The filters delay the sound by
 * about 2.6 samples.
 *
 * @param input Signal (or number), any channel count.
 * @param amount Drive 0..1 (number or signal), clamped, NaN → 0: the input gain `16^amount`
 *   (0, +12, +24 dB at 0, 0.5, 1). @default {0.5}
 * @param options `key` to pin identity.
 * @returns The driven signal, same channel count as `input`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { drive, renderSignal } from "@lel/lel";
 * const [y] = renderSignal(drive(0.25, 1), 4800); // DC: c·f(16·0.25)
 * const f = (x: number) => x / Math.sqrt(1 + x * x);
 * assert.ok(Math.abs(y[4799] - (f(0.5) / f(8)) * f(4)) < 1e-9);
 * ```
 */
export const drive: (input: Param, amount?: Param, options?: HelperOptions) => Signal =
  declareHelper({
    name: "drive",
    summary: "Soft saturation, 0..+24 dB of drive, 2× oversampled and anti-aliased",
    input: "audio",
    params: [{
      name: "amount",
      unit: "0..1",
      doc: "drive: input gain 16^amount (0..+24 dB), clamped",
      default: 0.5,
      range: [0, 1],
    }],
    slots: ["amountFor", "inGain", "outGain"],
    initial: { amountFor: NaN },
    perChannel: [...pairSlots("up"), "x1", "F1", ...pairSlots("down")],
    step: {
      setup: [{ fn: driveGains, args: ["mem", "b", "amount"], out: "g" }],
      channel: { fn: driveTick, args: ["mem", "b", "st", "x", "g"] },
    },
  });
