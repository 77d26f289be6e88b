/**
 * A feedback comb / echo: the dry signal plus echoes every `time` seconds, each `amount` times
 * the previous one.
 *
 * Reference: J. O. Smith, "Physical Audio Signal Processing", Feedback Comb Filters.
 * @module
 */

import type { Context, Param, Signal } from "../../runtime/signal.ts";
import {
  channelsOf,
  createNode,
  ensureChannels,
  type HelperNode,
  type HelperOptions,
  type KernelSpec,
  readParam,
  tagSignal,
} from "../node.ts";
import type { Seconds } from "../units.ts";
import {
  checkMaxTime,
  DELAY_SLOTS,
  delaySamples,
  RING_HEADER,
  RING_TAP_BYTECODE,
  ringAdvance,
  ringLayout,
  ringNext,
  ringRead,
  ringSetup,
  ringTap,
  ringWrite,
  warmRing,
} from "./delay.ts";

/** Header: the ring's slots (`TIME`, `WRITE`, `LEN`, `MAX_D`), then the amount parameter. */
const TIME = DELAY_SLOTS.TIME;
const WRITE = DELAY_SLOTS.WRITE;
const LEN = DELAY_SLOTS.LEN;
const AMOUNT = RING_HEADER;
const HEADER = RING_HEADER + 1;

/** Largest feedback magnitude: above 1 it runs away on purpose (the engine mutes it). */
const MAX_AMOUNT = 4;

/**
 * Clamps a feedback amount to ±4 (NaN → 0). Values at or above 1 grow without bound; that is
 * left possible so a runaway is heard as a fault, not silently limited.
 *
 * @param amount Feedback gain.
 * @returns The clamped gain.
 */
export function feedbackAmount(amount: number): number {
  if (amount >= MAX_AMOUNT) return MAX_AMOUNT;
  if (amount <= -MAX_AMOUNT) return -MAX_AMOUNT;
  return amount === amount ? amount : 0;
}

/**
 * One sample of the feedback comb on the channel whose ring is at `ring`: read `y[n − d]`,
 * output `x + a·y[n − d]`, write it back (advance the ring after every channel).
 *
 * @param mem Pool memory.
 * @param b Block base.
 * @param ring Index of the channel's ring.
 * @param x Input sample.
 * @param d Delay in samples, 1..`MAX_D` (from `delaySamples(…, 1)`).
 * @param a Feedback gain (from {@linkcode feedbackAmount}).
 * @returns The output sample.
 */
export function feedbackTick(
  mem: Float64Array,
  b: number,
  ring: number,
  x: number,
  d: number,
  a: number,
): number {
  const y = x + a * ringRead(mem, b, ring, d);
  ringWrite(mem, b, ring, y);
  return y;
}

function multi(node: HelperNode, v: ArrayLike<number>, s: Context): Float64Array {
  ensureChannels(node, v.length);
  const time = readParam(s, node, node.params[0]);
  const a = feedbackAmount(readParam(s, node, node.params[1]));
  const mem = node.mem;
  const b = node.base;
  const d = delaySamples(mem, b, time, s.sr, 1);
  const len = mem[b + LEN];
  const out = node.out;
  for (let ch = 0; ch < v.length; ch++) {
    out[ch] = feedbackTick(mem, b, b + HEADER + ch * len, v[ch], d, a);
  }
  ringAdvance(mem, b);
  return out;
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
export function feedback(
  input: Param,
  maxTime: Seconds,
  time: Param = maxTime,
  amount: Param = 0.5,
  options?: HelperOptions,
): Signal {
  checkMaxTime("feedback", maxTime);
  const channels = channelsOf(input);
  const node = createNode("feedback", ringLayout(maxTime, HEADER), options, [
    ["time", TIME, time],
    ["amount", AMOUNT, amount],
  ], channels);
  const x = typeof input === "function" ? input : () => input;
  const [pt, pa] = node.params;
  const fn = (s: Context) => {
    const v = x(s);
    if (typeof v !== "number") return multi(node, v, s);
    const time = readParam(s, node, pt);
    const a = feedbackAmount(readParam(s, node, pa));
    const mem = node.mem;
    const b = node.base;
    const y = feedbackTick(mem, b, b + HEADER, v, delaySamples(mem, b, time, s.sr, 1), a);
    ringAdvance(mem, b);
    return y;
  };
  const inputs = typeof input === "function" ? [input] : [];
  for (const p of node.params) if (p.fn !== null) inputs.push(p.fn);
  return tagSignal(fn, node, inputs, channels, feedbackKernel(input, channels));
}

/**
 * The chain compiler's form, step for step the closure's: amount and delay once per frame
 * (or per block while they hold still), one `feedbackTick` per channel, then advance.
 * Bytecode V8 counts (`--print-bytecode`, Deno 2.9.6): feedbackAmount 39, delaySamples 64,
 * ringAdvance 49, and per channel feedbackTick 56 + ringRead 115 (ringWrite's 22 are free).
 */
function feedbackKernel(input: Param, channels: number): KernelSpec {
  return {
    kind: "feedback",
    inputs: [input],
    refs: { feedbackAmount, delaySamples, feedbackTick, ringAdvance, ringTap, ringNext },
    width: channels,
    cost: { setup: 39 + 64, frame: 49, channel: 56 + 115, largest: 56 + 115 + 22 },
    emit: (e) => {
      const b = e.base;
      const a = e.local("a");
      const d = e.local("d");
      const len = e.local("len");
      const setup = [
        {
          deps: [1],
          code: `const ${a} = ${e.ref("feedbackAmount")}(${e.params[1]});`,
          locals: [a],
        },
        {
          deps: [0],
          code: `const ${d} = ${e.ref("delaySamples")}(mem, ${b}, ${e.params[0]}, sr, 1);`,
          locals: [d],
        },
      ];
      if (channels > 1) {
        setup.push({ deps: [], code: `const ${len} = mem[${b} + ${LEN}];`, locals: [len] });
      }
      const tick = e.ref("feedbackTick");
      return {
        setup,
        frame: e.channels(channels, (ch) => {
          const ring = channels > 1 ? `${b} + ${HEADER} + ${ch} * ${len}` : `${b} + ${HEADER}`;
          return `${e.output(ch)} = ${tick}(mem, ${b}, ${ring}, ${e.input(0, ch)}, ${d}, ${a});`;
        }) + `${e.ref("ringAdvance")}(mem, ${b});`,
      };
    },
    // The write index in a local through a steady loop (the ring stays in the pool):
    // feedbackTick's read, sum and write per channel, then the advance.
    local: {
      cost: {
        setup: 39 + 64,
        frame: 0,
        channel: RING_TAP_BYTECODE,
        largest: RING_TAP_BYTECODE,
      },
      emit: (e) => {
        const b = e.base;
        const a = e.local("a");
        const ring = ringSetup(
          e,
          `${e.ref("delaySamples")}(mem, ${b}, ${e.params[0]}, sr, 1)`,
          channels,
          HEADER,
        );
        const { i, f, len } = ring;
        const w = e.state(`${b} + ${WRITE}`, "w", true);
        const tap = e.ref("ringTap");
        return {
          setup: [
            {
              deps: [1],
              code: `const ${a} = ${e.ref("feedbackAmount")}(${e.params[1]});`,
              locals: [a],
            },
            ...ring.setup,
          ],
          frame: e.channels(channels, (ch) => {
            const y = e.local("y");
            return `const ring = ${ring.ring(ch)};
              const ${y} = ${e.input(0, ch)} + ${a} * ${tap}(mem, ring, ${w}, ${len}, ${i}, ${f});
              mem[(ring + ${w}) | 0] = ${y};
              ${e.output(ch)} = ${y};`;
          }) + `${w} = ${e.ref("ringNext")}(${w}, ${len});`,
        };
      },
    },
    warm: warmRing,
  };
}

/** The feedback slot layout (for tests and the chain compiler). */
export const FEEDBACK_SLOTS = { ...DELAY_SLOTS, AMOUNT, HEADER } as const;
