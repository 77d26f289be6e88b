/**
 * Envelopes: `perc`, a percussive attack/decay fired by the rising edge of a trigger signal,
 * for rhythmic sessions: `mul(saw(110), perc(pulse(4), 0.2))`, or `gain` with the envelope as
 * its amount.
 * @module
 */

import type { Param, Signal } from "../../runtime/core/signal.ts";
import type { HelperOptions } from "../../runtime/core/node.ts";
import { declareHelper } from "../declare_helper.ts";

/** Header slots: parameters, the decay the coefficient was made for, the coefficient. */
const DECAY = 0;
const ATTACK = 1;
const THRESHOLD = 2;
const DECAY_FOR = 3;
const MULT = 4;
const HEADER = 5;
/** Per channel: the trigger's previous value, the level, and 1 while attacking. */
const PREV = 0;
const LEVEL = 1;
const RISING = 2;
const PER_CHANNEL = 3;

/** Below this level (−180 dB) the envelope snaps to 0, keeping subnormals out. */
const FLOOR = 1e-9;

/** Options for {@linkcode perc}. */
export interface PercOptions extends HelperOptions {
  /** Attack time in seconds, 0 to 1 (number or signal), clamped, NaN → 0. @default {0.001} */
  attack?: Param;
  /** The trigger fires when it rises through this value (number or signal). @default {0.5} */
  threshold?: Param;
}

/**
 * The per-sample decay multiplier `10^(−3 / (decay·sr))` (−60 dB after `decay` seconds),
 * recomputed only when `decay` moved; decay ≤ 0 or NaN gives 0 (an instant drop).
 *
 * @param mem Pool memory.
 * @param b Block base.
 * @param decaySeconds Time to fall 60 dB, in seconds.
 * @param sr Sample rate in Hz.
 * @returns The multiplier, 0..1.
 */
export function percCoef(mem: Float64Array, b: number, decaySeconds: number, sr: number): number {
  const d = decaySeconds > 0 ? decaySeconds : 0;
  if (d === mem[b + DECAY_FOR]) return mem[b + MULT];
  const m = d > 0 ? Math.pow(10, -3 / (d * sr)) : 0;
  mem[b + DECAY_FOR] = d;
  mem[b + MULT] = m;
  return m;
}

/**
 * One sample of the envelope on the channel whose state is at `st`: a rising edge through
 * `threshold` starts the attack (from the current level), which climbs `up` per sample to 1,
 * then the level is multiplied by `mult` every sample.
 *
 * @param mem Pool memory.
 * @param st Index of the channel's state.
 * @param trig Trigger sample.
 * @param threshold Trigger threshold.
 * @param up Attack step per sample (`1 / (attack·sr)`, Infinity for no attack).
 * @param mult Decay multiplier from {@linkcode percCoef}.
 * @returns The envelope, 0..1.
 */
export function percTick(
  mem: Float64Array,
  st: number,
  trig: number,
  threshold: number,
  up: number,
  mult: number,
): number {
  if (trig >= threshold && !(mem[st + PREV] >= threshold)) mem[st + RISING] = 1;
  mem[st + PREV] = trig;
  let level = mem[st + LEVEL];
  if (mem[st + RISING] === 1) {
    level += up;
    if (level >= 1) {
      level = 1;
      mem[st + RISING] = 0;
    }
  } else {
    level *= mult;
    if (level < FLOOR) level = 0;
  }
  mem[st + LEVEL] = level;
  return level;
}

/**
 * The attack's rise per sample: `1 / (attack·sr)` with attack clamped to 0..1 s; 0 or NaN
 * give Infinity (the level jumps to 1).
 *
 * @param attack Attack time in seconds.
 * @param sr Sample rate in Hz.
 * @returns The step per sample.
 */
export function attackStep(attack: number, sr: number): number {
  const a = attack > 0 ? (attack < 1 ? attack : 1) : 0;
  return a > 0 ? 1 / (a * sr) : Infinity;
}

/**
 * A percussive envelope 0..1: each time `trigger` rises through `threshold` it ramps linearly
 * up to 1 in `attack` seconds, then decays exponentially, reaching −60 dB (0.001) `decay`
 * seconds after the peak. A retrigger mid-decay ramps up from the current level, so it never
 * clicks. Fires on `pulse`/`square` at the start of each period and on a `phasor` halfway
 * through; a trigger already high when the envelope starts fires once at once.
 * Stride-agnostic: an N-channel trigger gives N independent envelopes.
 *
 * Formula: attack `e += 1/(attack·sr)` to 1; decay `e *= 10^(−3/(decay·sr))`.
 *
 * @param trigger Signal whose rising edges fire the envelope (or a number: fires once).
 * @param decay Time from the peak to −60 dB in seconds (number or signal); ≤ 0 or NaN: instant.
 * @param options `attack` in seconds (default 0.001, clamped 0..1), `threshold` (default 0.5),
 *   `key`.
 * @returns The envelope, same channel count as `trigger`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { perc, renderSignal } from "@lel/lel";
 * const [e] = renderSignal(perc(1, 0.1, { attack: 0 }), 4801, { sampleRate: 48000 });
 * assert.equal(e[0], 1); // fires at once, no attack
 * assert.ok(Math.abs(e[4800] - 0.001) < 1e-9); // −60 dB after 0.1 s
 * ```
 */
export const perc: (trigger: Param, decay: Param, options?: PercOptions) => Signal = declareHelper({
  name: "perc",
  summary: "Percussive envelope: linear attack to 1 on each trigger, exponential decay",
  input: "trigger",
  params: [
    { name: "decay", unit: "s", doc: "seconds from the peak to -60 dB", range: [0.01, 0.3] },
    {
      name: "attack",
      unit: "s",
      doc: "attack time in seconds, clamped to 0..1",
      default: 0.001,
      option: true,
      range: [0, 0.005],
    },
    {
      name: "threshold",
      unit: "number",
      doc: "the trigger fires when it rises through this value",
      default: 0.5,
      option: true,
      range: [0, 0.6],
    },
  ],
  slots: ["decayFor", "mult"],
  initial: { decayFor: NaN },
  perChannel: ["prev", "level", "rising"],
  step: {
    setup: [
      { fn: percCoef, args: ["mem", "b", "decay", "sr"], out: "mult" },
      { fn: attackStep, args: ["attack", "sr"], out: "up" },
    ],
    channel: { fn: percTick, args: ["mem", "st", "x", "threshold", "up", "mult"] },
    // Each channel's trigger memory, level and stage in locals through a steady loop:
    // percTick's logic, line for line.
    local: {
      calls: { setup: [percCoef, attackStep] },
      emit: (e, at) => {
        const threshold = at.param("threshold");
        const mult = e.local("mult");
        const up = e.local("up");
        return {
          setup: [
            {
              deps: [0],
              code: `const ${mult} = ${at.ref(percCoef)}(mem, ${e.base}, ${
                at.param("decay")
              }, sr);`,
              locals: [mult],
            },
            {
              deps: [1],
              code: `const ${up} = ${at.ref(attackStep)}(${at.param("attack")}, sr);`,
              locals: [up],
            },
          ],
          frame: e.channels(e.width(0), (ch) => {
            const st = at.channel(ch);
            const prev = e.state(`${st} + ${PREV}`, "prev");
            const level = e.state(`${st} + ${LEVEL}`, "level");
            const rising = e.state(`${st} + ${RISING}`, "rising");
            const trig = e.local("trig");
            return `const ${trig} = ${e.input(0, ch)};
              if (${trig} >= ${threshold} && !(${prev} >= ${threshold})) ${rising} = 1;
              ${prev} = ${trig};
              if (${rising} === 1) {
                ${level} += ${up};
                if (${level} >= 1) {
                  ${level} = 1;
                  ${rising} = 0;
                }
              } else {
                ${level} *= ${mult};
                if (${level} < ${FLOOR}) ${level} = 0;
              }
              ${e.output(ch)} = ${level};`;
          }),
        };
      },
    },
    // Attacking just below the top (the level clamps to 1), then decaying just above the floor.
    warm: (mem, base, pass) => {
      if (pass > 1) return false;
      const st = base + HEADER;
      mem[st + PREV] = -Infinity;
      mem[st + RISING] = pass === 0 ? 1 : 0;
      mem[st + LEVEL] = pass === 0 ? 1 - 1e-9 : FLOOR * 1.0000001;
      return true;
    },
  },
});

/** The perc slot layout (for tests and the chain compiler). */
export const PERC_SLOTS = {
  DECAY,
  ATTACK,
  THRESHOLD,
  DECAY_FOR,
  MULT,
  HEADER,
  PREV,
  LEVEL,
  RISING,
  PER_CHANNEL,
} as const;
