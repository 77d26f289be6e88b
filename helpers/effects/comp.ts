/**
 * Comp: a feed-forward compressor with level detection in dB, a static gain computer with an
 * optional soft knee, and a smooth branching peak detector on the gain reduction.
 *
 * Reference: D. Giannoulis, M. Massberg, J. D. Reiss, "Digital Dynamic Range Compressor
 * Design — A Tutorial and Analysis", J. Audio Eng. Soc. 60(6), 2012 (§2.2 the gain computer,
 * eq. 4; §3.2 the smooth branching peak detector, eq. 17, in the log domain after the gain
 * computer, their Fig. 7 arrangement).
 * @module
 */

import type { Param, Signal } from "../../runtime/core/signal.ts";
import type { HelperOptions } from "../../runtime/core/node.ts";
import { declareHelper } from "../declare_helper.ts";

/**
 * Header: six parameters, the time constants' memos, the smoothed gain reduction in dB and
 * the largest level of the frame so far.
 */
const ATTACK_FOR = 6;
const ATTACK_COEF = 7;
const RELEASE_FOR = 8;
const RELEASE_COEF = 9;
const REDUCTION = 10;
const LEVEL = 11;

const DB_PER_LOG = 20 / Math.LN10;
const LOG_PER_DB = Math.LN10 / 20;

/**
 * The attack coefficient `αA = e^(−1/(τA·sr))`, recomputed only when the attack moved.
 *
 * @param mem Pool memory.
 * @param b Block base.
 * @param attack Attack time constant in seconds (≤ 0 or NaN: instant).
 * @param sr Sample rate in Hz.
 * @returns αA, 0..1.
 */
export function compAttack(mem: Float64Array, b: number, attack: number, sr: number): number {
  if (attack === mem[b + ATTACK_FOR]) return mem[b + ATTACK_COEF];
  mem[b + ATTACK_FOR] = attack;
  // Math.exp inline, not through a shared function: a call that was rare while the attack
  // held still is not inlined once it is modulated, and would box its result.
  return (mem[b + ATTACK_COEF] = attack > 0 ? Math.exp(-1 / (attack * sr)) : 0);
}

/**
 * The release coefficient `αR = e^(−1/(τR·sr))`, recomputed only when the release moved.
 *
 * @param mem Pool memory.
 * @param b Block base.
 * @param release Release time constant in seconds (≤ 0 or NaN: instant).
 * @param sr Sample rate in Hz.
 * @returns αR, 0..1.
 */
export function compRelease(mem: Float64Array, b: number, release: number, sr: number): number {
  if (release === mem[b + RELEASE_FOR]) return mem[b + RELEASE_COEF];
  mem[b + RELEASE_FOR] = release;
  return (mem[b + RELEASE_COEF] = release > 0 ? Math.exp(-1 / (release * sr)) : 0);
}

/**
 * The slope of the gain reduction above the threshold, `1 − 1/ratio` (ratio clamped to ≥ 1,
 * NaN → 1: no compression; Infinity → 1: a limiter).
 *
 * @param ratio Compression ratio.
 * @returns 0..1.
 */
export function compSlope(ratio: number): number {
  return ratio > 1 ? 1 - 1 / ratio : 0;
}

/**
 * The knee width in dB, clamped to ≥ 0 (NaN → 0: a hard knee).
 *
 * @param knee Knee width in dB.
 * @returns The width.
 */
export function compKnee(knee: number): number {
  return knee > 0 ? knee : 0;
}

/**
 * The static gain computer as gain reduction (Giannoulis et al. eq. 4, `x_L = x_G − y_G`), for
 * a level `over = x_G − T` dB above the threshold: 0 below the knee (`2·over ≤ −W`),
 * `S·over` above it (`2·over ≥ W`), and `S·(over + W/2)² / (2W)` within it.
 *
 * @param over Level above the threshold in dB (−Infinity for silence).
 * @param slope `1 − 1/ratio` from {@linkcode compSlope}.
 * @param knee Knee width W in dB from {@linkcode compKnee}.
 * @returns Gain reduction in dB, ≥ 0.
 */
export function compCurve(over: number, slope: number, knee: number): number {
  if (2 * over <= -knee) return 0;
  if (2 * over >= knee) return slope * over;
  const t = over + 0.5 * knee;
  return (slope * t * t) / (2 * knee);
}

/**
 * The gain for this frame, `10^((makeup − y_L)/20)`, from the smoothed gain reduction the
 * detector left at the end of the previous frame.
 *
 * @param mem Pool memory.
 * @param b Block base.
 * @param makeup Makeup gain in dB.
 * @returns The linear gain.
 */
export function compFrameGain(mem: Float64Array, b: number, makeup: number): number {
  return Math.exp(LOG_PER_DB * (makeup - mem[b + REDUCTION]));
}

/**
 * One channel: the input times the frame's gain, its level `|x|` kept if it is the frame's
 * largest so far (the detector's input: linked over every channel).
 *
 * @param mem Pool memory.
 * @param b Block base.
 * @param x Input sample.
 * @param g The gain from {@linkcode compFrameGain}.
 * @returns The compressed sample.
 */
export function compApply(mem: Float64Array, b: number, x: number, g: number): number {
  const level = x < 0 ? -x : x;
  if (level > mem[b + LEVEL]) mem[b + LEVEL] = level;
  return g * x;
}

/**
 * The detector, once per frame after the channels: the frame's level in dB through the gain
 * computer ({@linkcode compCurve}), smoothed by the branching peak detector (eq. 17:
 * `y = α·y₁ + (1 − α)·x` with α the attack's while the reduction rises, the release's while it
 * falls); the level is then reset for the next frame. NaN levels leave the reduction at 0.
 *
 * @param mem Pool memory.
 * @param b Block base.
 * @param threshold Threshold T in dBFS.
 * @param slope From {@linkcode compSlope}.
 * @param knee From {@linkcode compKnee}.
 * @param aA From {@linkcode compAttack}.
 * @param aR From {@linkcode compRelease}.
 */
export function compDetect(
  mem: Float64Array,
  b: number,
  threshold: number,
  slope: number,
  knee: number,
  aA: number,
  aR: number,
): void {
  const target = compCurve(DB_PER_LOG * Math.log(mem[b + LEVEL]) - threshold, slope, knee);
  mem[b + LEVEL] = 0;
  const y1 = mem[b + REDUCTION];
  const a = target > y1 ? aA : aR;
  const y = a * y1 + (1 - a) * target;
  mem[b + REDUCTION] = y === y ? y : 0;
}

/** Options of {@linkcode comp}. */
export interface CompOptions extends HelperOptions {
  /** Attack time constant in seconds (number or signal), ≤ 0: instant. @default {0.01} */
  attack?: Param;
  /** Release time constant in seconds (number or signal), ≤ 0: instant. @default {0.1} */
  release?: Param;
  /** Soft knee width in dB (number or signal), ≥ 0; 0 is a hard knee. @default {0} */
  knee?: Param;
  /** Makeup gain in dB (number or signal), added after the compression. @default {0} */
  makeup?: Param;
}

/**
 * A feed-forward compressor: levels more than `threshold` dBFS are turned down so that above
 * it the output rises 1 dB per `ratio` dB of input. The detector follows each sample's peak
 * level (no RMS, no look-ahead): for a steady tone the curve applies to its peak level.
 *
 * Formula (Giannoulis, Massberg, Reiss 2012): level `x_G = 20·log10|x|`; gain reduction
 * `x_L = 0` for `2(x_G − T) ≤ −W`, `(1 − 1/R)(x_G − T)` for `2(x_G − T) ≥ W`, and
 * `(1 − 1/R)(x_G − T + W/2)²/(2W)` in the knee; smoothed by the branching peak detector
 * `y_L = α·y_L₁ + (1 − α)·x_L` with `α = e^(−1/(τ·sr))`, τ the attack while `x_L` rises above
 * `y_L₁` and the release otherwise (so a step in level reaches 63% of its reduction τ after
 * it); output `x · 10^((M − y_L)/20)`. Ratio 1 is exactly transparent (with makeup 0).
 *
 * Any channel count, linked: the detector takes the largest `|x|` over the channels, and one
 * gain applies to all of them, so a stereo image does not lean. That gain is the one the
 * detector reached by the previous frame (a one-sample sidechain delay, 21 µs at 48 kHz: the
 * channels are detected in the pass that applies it), so with an instant attack the first
 * sample of a jump passes unreduced.
 *
 * @param input Signal (or number), any channel count.
 * @param threshold Threshold T in dBFS (number or signal). @default {-20}
 * @param ratio Ratio R (number or signal), ≥ 1 (less or NaN: 1); Infinity limits. @default {4}
 * @param options `attack`, `release` (seconds), `knee`, `makeup` (dB), `key` to pin identity.
 * @returns The compressed signal, same channel count as `input`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { comp, renderSignal } from "@lel/lel";
 * // A 0 dBFS DC level, 20 dB over a -20 dB threshold at 4:1, settles 15 dB down.
 * const [y] = renderSignal(comp(1, -20, 4, { attack: 0.001 }), 4800);
 * assert.ok(Math.abs(20 * Math.log10(y[4799]) + 15) < 1e-6);
 * ```
 */
export const comp: (
  input: Param,
  threshold?: Param,
  ratio?: Param,
  options?: CompOptions,
) => Signal = declareHelper({
  name: "comp",
  summary: "Feed-forward compressor: threshold dB, ratio, attack/release, soft knee, makeup",
  input: "audio",
  params: [
    { name: "threshold", unit: "dB", doc: "threshold in dBFS", default: -20, range: [-40, -6] },
    { name: "ratio", unit: "number", doc: "ratio, at least 1", default: 4, range: [1.5, 8] },
    {
      name: "attack",
      unit: "s",
      doc: "attack time constant in seconds",
      default: 0.01,
      option: true,
      range: [0.001, 0.05],
    },
    {
      name: "release",
      unit: "s",
      doc: "release time constant in seconds",
      default: 0.1,
      option: true,
      range: [0.02, 0.5],
    },
    {
      name: "knee",
      unit: "dB",
      doc: "soft knee width in dB (0: hard)",
      default: 0,
      option: true,
      range: [0, 12],
    },
    {
      name: "makeup",
      unit: "dB",
      doc: "makeup gain in dB",
      default: 0,
      option: true,
      range: [0, 12],
    },
  ],
  slots: ["attackFor", "attackCoef", "releaseFor", "releaseCoef", "reduction", "level"],
  initial: { attackFor: NaN, releaseFor: NaN },
  step: {
    setup: [
      { fn: compSlope, args: ["ratio"], out: "slope" },
      { fn: compKnee, args: ["knee"], out: "w" },
      { fn: compAttack, args: ["mem", "b", "attack", "sr"], out: "aA" },
      { fn: compRelease, args: ["mem", "b", "release", "sr"], out: "aR" },
    ],
    frame: [{ fn: compFrameGain, args: ["mem", "b", "makeup"], out: "g" }],
    channel: { fn: compApply, args: ["mem", "b", "x", "g"] },
    after: [{ fn: compDetect, args: ["mem", "b", "threshold", "slope", "w", "aA", "aR"] }],
  },
});
