/**
 * `adsr`: the attack/decay/sustain/release envelope, driven by a gate (a pattern's `gate`,
 * `midigate()`, a `square`), with an optional trigger that restarts the attack while the gate
 * stays on (`retrigger`, for legato notes: `midiTrig()`).
 * @module
 */

import type { Param, Signal } from "../../runtime/core/signal.ts";
import type { HelperOptions } from "../../runtime/core/node.ts";
import type { Step } from "../helper_definition.ts";
import { declareHelper } from "../declare_helper.ts";
import { clamp01 } from "../time/reverb.ts";

/** Header slots: the parameters, both memoised multipliers, the retrigger's last value. */
const ATTACK = 0;
const DECAY = 1;
const SUSTAIN = 2;
const RELEASE = 3;
const RETRIGGER = 4;
const DECAY_FOR = 5;
const DECAY_MULT = 6;
const RELEASE_FOR = 7;
const RELEASE_MULT = 8;
const PREV_TRIGGER = 9;
const HEADER = 10;
/** Per channel: the gate's previous value, the level and the stage. */
const PREV = 0;
const LEVEL = 1;
const STAGE = 2;
const PER_CHANNEL = 3;

/** Stages. */
const IDLE = 0;
const ATTACKING = 1;
const DECAYING = 2;
const RELEASING = 3;

/** Within this of its target a segment snaps onto it (keeps subnormals out; −180 dB). */
const SNAP = 1e-9;
/** The attack ends at 1 once within {@linkcode SNAP} of it (sums of `1/n` land a hair low). */
const PEAK = 1 - SNAP;

/** Options for {@linkcode adsr}. */
export interface AdsrOptions extends HelperOptions {
  /**
   * While the gate is on, a rise of this signal through 0.5 restarts the attack from the
   * current level (legato notes: `midiTrig()`). Ignored while the gate is off.
   * @default {none}
   */
  retrigger?: Param;
}

/**
 * The attack's rise per sample, `1 / (attack·sr)`; attack ≤ 0 or NaN gives Infinity (the level
 * jumps to 1).
 *
 * @param attackSeconds Time for a rise of 1, in seconds.
 * @param sr Sample rate in Hz.
 * @returns The step per sample.
 */
export function adsrRate(attackSeconds: number, sr: number): number {
  return attackSeconds > 0 ? 1 / (attackSeconds * sr) : Infinity;
}

/**
 * The per-sample multiplier `10^(−3/(t·sr))` (a distance shrinks 60 dB in `t` seconds),
 * recomputed only when `t` moved; t ≤ 0 or NaN gives 0 (at once).
 *
 * @param mem Pool memory.
 * @param i Index of the pair (time it was made for, multiplier).
 * @param seconds The −60 dB time, in seconds.
 * @param sr Sample rate in Hz.
 * @returns The multiplier, 0..1.
 */
export function adsrMult(mem: Float64Array, i: number, seconds: number, sr: number): number {
  const t = seconds > 0 ? seconds : 0;
  if (t === mem[i]) return mem[i + 1];
  const m = t > 0 ? Math.pow(10, -3 / (t * sr)) : 0;
  mem[i] = t;
  mem[i + 1] = m;
  return m;
}

/**
 * Whether the retrigger rose through 0.5 since the last frame (shared by every channel).
 *
 * @param mem Pool memory.
 * @param i Index of the retrigger's last value.
 * @param trigger The retrigger now.
 * @returns 1 on the rise, else 0.
 */
export function adsrFire(mem: Float64Array, i: number, trigger: number): number {
  const fired = trigger >= 0.5 && !(mem[i] >= 0.5) ? 1 : 0;
  mem[i] = trigger;
  return fired;
}

/**
 * One sample of the envelope on the channel whose state is at `st`.
 *
 * @param mem Pool memory.
 * @param st Index of the channel's state.
 * @param gate The gate: on at ≥ 0.5.
 * @param fire 1 to restart the attack while the gate is on (from {@linkcode adsrFire}).
 * @param up Attack rise per sample (from {@linkcode adsrRate}).
 * @param dm Decay multiplier (from {@linkcode adsrMult}).
 * @param s Sustain level, 0..1.
 * @param rm Release multiplier.
 * @returns The level, 0..1.
 */
export function adsrTick(
  mem: Float64Array,
  st: number,
  gate: number,
  fire: number,
  up: number,
  dm: number,
  s: number,
  rm: number,
): number {
  let stage = mem[st + STAGE];
  if (gate >= 0.5) {
    if (fire === 1 || !(mem[st + PREV] >= 0.5)) stage = ATTACKING;
  } else if (stage !== IDLE) stage = RELEASING;
  mem[st + PREV] = gate;
  let level = mem[st + LEVEL];
  if (stage === ATTACKING) {
    level += up;
    if (level >= PEAK) {
      level = 1;
      stage = DECAYING;
    }
  } else if (stage === DECAYING) {
    level = s + (level - s) * dm;
    if (level - s < SNAP && s - level < SNAP) level = s;
  } else if (stage === RELEASING) {
    level *= rm;
    if (level < SNAP) {
      level = 0;
      stage = IDLE;
    }
  }
  mem[st + LEVEL] = level;
  mem[st + STAGE] = stage;
  return level;
}

const SETUP = [
  { fn: adsrRate, args: ["attack", "sr"], out: "up" },
  { fn: adsrMult, args: ["mem", "@decayFor", "decay", "sr"], out: "dm" },
  { fn: clamp01, args: ["sustain"], out: "s" },
  { fn: adsrMult, args: ["mem", "@releaseFor", "release", "sr"], out: "rm" },
] as const;

const GATED: Step = {
  setup: SETUP,
  channel: { fn: adsrTick, args: ["mem", "st", "x", 0, "up", "dm", "s", "rm"] },
};

const TRIGGERED: Step = {
  setup: SETUP,
  frame: [{ fn: adsrFire, args: ["mem", "@prevTrigger", "retrigger"], out: "fire" }],
  channel: { fn: adsrTick, args: ["mem", "st", "x", "fire", "up", "dm", "s", "rm"] },
};

/**
 * An ADSR envelope 0..1 driven by a gate (on at ≥ 0.5). Segments, at sample rate `sr`:
 * - **attack**, linear: on the gate's rise the level climbs `1/(attack·sr)` per sample from
 *   where it is to 1 (so from 0 it takes `attack` seconds, from 0.4 it takes 0.6·attack);
 * - **decay**, exponential toward the sustain level `S`: `e ← S + (e − S)·10^(−3/(decay·sr))`,
 *   so from the peak `e(t) = S + (1 − S)·10^(−3t/decay)`: the distance to `S` is 60 dB
 *   smaller after `decay` seconds;
 * - **sustain**: the decay goes on toward `S` while the gate is on (a moving `S` is followed
 *   at the decay's speed), and snaps onto it within 1e-9;
 * - **release**, exponential toward 0 from wherever the level is when the gate falls (mid-
 *   attack too): `e ← e·10^(−3/(release·sr))`, −60 dB after `release` seconds, 0 below 1e-9.
 *
 * A new gate, or a rise of `retrigger` through 0.5 while the gate is on, restarts the attack
 * from the current level: no segment ever jumps, so a retrigger never clicks (a time of 0
 * does jump, as asked). The attack ends at 1 once within 1e-9 of it. Stride-agnostic: an
 * N-channel gate gives N envelopes (the retrigger is shared).
 *
 * @param gate Gate signal (or a number: ≥ 0.5 holds the envelope on).
 * @param attack Seconds to rise from 0 to 1 (number or signal); ≤ 0 or NaN: at once.
 *   @default {0.01}
 * @param decay Seconds for the distance to the sustain level to fall 60 dB; ≤ 0: at once.
 *   @default {0.1}
 * @param sustain Sustain level 0..1 (number or signal), clamped, NaN → 0. @default {0.7}
 * @param release Seconds to fall 60 dB after the gate falls; ≤ 0: at once. @default {0.3}
 * @param options `retrigger` (restarts the attack on its rises while the gate is on), `key`.
 * @returns The envelope, same channel count as `gate`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { adsr, renderSignal } from "@lel/lel";
 * const [e] = renderSignal(adsr(1, 0.001, 0.1, 0.5, 0.2), 4849, { sampleRate: 48000 });
 * assert.ok(Math.abs(e[23] - 0.5) < 1e-9); // halfway up the 48-sample attack
 * assert.equal(e[47], 1); // the peak
 * assert.ok(Math.abs(e[47 + 4800] - (0.5 + 0.5 * 0.001)) < 1e-9); // decay: −60 dB to S
 * ```
 */
export const adsr: (
  gate: Param,
  attack?: Param,
  decay?: Param,
  sustain?: Param,
  release?: Param,
  options?: AdsrOptions,
) => Signal = declareHelper({
  name: "adsr",
  summary: "ADSR envelope on a gate: linear attack, exponential decay and release",
  input: "trigger",
  params: [
    {
      name: "attack",
      unit: "s",
      doc: "seconds from 0 to 1",
      default: 0.01,
      range: [0.001, 0.02],
    },
    {
      name: "decay",
      unit: "s",
      doc: "seconds for the distance to the sustain level to fall 60 dB",
      default: 0.1,
      range: [0.01, 0.3],
    },
    {
      name: "sustain",
      unit: "0..1",
      doc: "sustain level, clamped to 0..1",
      default: 0.7,
      range: [0.2, 0.9],
    },
    {
      name: "release",
      unit: "s",
      doc: "seconds to fall 60 dB after the gate falls",
      default: 0.3,
      range: [0.01, 0.3],
    },
    {
      name: "retrigger",
      unit: "number",
      doc: "while the gate is on, a rise through 0.5 restarts the attack",
      optional: true,
      option: true,
      range: [0, 0.6],
    },
  ],
  slots: ["decayFor", "decayMult", "releaseFor", "releaseMult", "prevTrigger"],
  initial: { decayFor: NaN, releaseFor: NaN },
  perChannel: ["prev", "level", "stage"],
  step: (c) => c.has("retrigger") ? TRIGGERED : GATED,
});

/** The adsr slot layout (for tests). */
export const ADSR_SLOTS = {
  ATTACK,
  DECAY,
  SUSTAIN,
  RELEASE,
  RETRIGGER,
  DECAY_FOR,
  DECAY_MULT,
  RELEASE_FOR,
  RELEASE_MULT,
  PREV_TRIGGER,
  HEADER,
  PREV,
  LEVEL,
  STAGE,
  PER_CHANNEL,
} as const;
