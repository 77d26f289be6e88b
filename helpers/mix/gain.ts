/**
 * Level: linear gain, gain in decibels, and a dB → linear conversion for numbers.
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
  type NodeLayout,
  readParam,
  tagSignal,
} from "../node.ts";
import { dbToGain } from "../units.ts";
import type { Decibels, Gain } from "../units.ts";

/** Header slots: the parameter, then (gainDb only) the dB value converted and its gain. */
const AMOUNT = 0;
const DB_FOR = 1;
const LIN = 2;

/** Loudest `gainDb`: +60 dB (×1000); more is almost surely a typo. */
const MAX_DB = 60;

const GAIN_LAYOUT: NodeLayout = { header: 1, perChannel: () => 0 };
const DB_LAYOUT: NodeLayout = {
  header: 3,
  perChannel: () => 0,
  init: (node) => {
    node.mem[node.base + DB_FOR] = NaN;
  },
};

/**
 * A linear gain made safe: NaN and ±Infinity give 0 (silence).
 *
 * @param amount Linear gain.
 * @returns `amount` when finite, else 0.
 */
export function safeGain(amount: number): number {
  return amount - amount === 0 ? amount : 0;
}

/**
 * The linear gain for a level in dB, `10^(db/20)`, recomputed only when `db` moved. Clamped
 * to at most +60 dB; NaN and −Infinity give 0.
 *
 * @param mem Pool memory.
 * @param b Block base.
 * @param db Level in dB.
 * @returns The linear gain.
 */
export function dbCoef(mem: Float64Array, b: number, db: number): number {
  const d = db >= MAX_DB ? MAX_DB : db === db ? db : -Infinity;
  if (d === mem[b + DB_FOR]) return mem[b + LIN];
  const g = dbToGain(d);
  mem[b + DB_FOR] = d;
  mem[b + LIN] = g;
  return g;
}

function level(
  type: string,
  input: Param,
  value: Param,
  options: HelperOptions | undefined,
): Signal {
  const decibels = type === "gainDb";
  const channels = channelsOf(input);
  const layout = decibels ? DB_LAYOUT : GAIN_LAYOUT;
  const name = decibels ? "db" : "amount";
  const node = createNode(type, layout, options, [[name, AMOUNT, value]], channels);
  const x = typeof input === "function" ? input : () => input;
  const p = node.params[0];
  const fn = (s: Context) => {
    const v = x(s);
    const a = readParam(s, node, p);
    const g = decibels ? dbCoef(node.mem, node.base, a) : safeGain(a);
    if (typeof v === "number") return g * v;
    return multi(node, v, g);
  };
  const inputs = typeof input === "function" ? [input] : [];
  if (p.fn !== null) inputs.push(p.fn);
  return tagSignal(fn, node, inputs, channels, levelKernel(decibels, input, channels));
}

/**
 * The chain compiler's form, step for step the closure's: the gain once per frame (or per
 * block while the level holds still), times each channel. Bytecode V8 counts
 * (`--print-bytecode`, Deno 2.9.6): dbCoef 96 for gainDb, which calls dbToGain 25 (safeGain's
 * 18 are free).
 */
function levelKernel(decibels: boolean, input: Param, channels: number): KernelSpec {
  return {
    kind: decibels ? "gainDb" : "gain",
    inputs: [input],
    refs: decibels ? { dbCoef } : { safeGain },
    width: channels,
    cost: { setup: decibels ? 96 : 0, frame: 0, channel: 0, largest: decibels ? 96 + 25 : 0 },
    emit: (e) => {
      const g = e.local("g");
      const a = e.params[0];
      const code = decibels
        ? `const ${g} = ${e.ref("dbCoef")}(mem, ${e.base}, ${a});`
        : `const ${g} = ${e.ref("safeGain")}(${a});`;
      return {
        setup: [{ deps: [0], code, locals: [g] }],
        frame: e.channels(channels, (ch) => `${e.output(ch)} = ${g} * ${e.input(0, ch)};`),
      };
    },
  };
}

function multi(node: HelperNode, v: ArrayLike<number>, g: number): Float64Array {
  ensureChannels(node, v.length);
  const out = node.out;
  for (let ch = 0; ch < v.length; ch++) out[ch] = g * v[ch];
  return out;
}

/**
 * Multiplies a signal by a linear gain (1 = unchanged, 0.5 ≈ −6 dB, negative inverts). A
 * changed constant glides on reload, so turning a voice down does not click. Stride-agnostic.
 *
 * @param input Signal (or number), any channel count.
 * @param amount Linear gain (number or signal); NaN or ±Infinity give silence.
 * @param options `key` to pin identity.
 * @returns `amount · input`, same channel count as `input`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gain, renderSignal } from "@lel/lel";
 * const [y] = renderSignal(gain(0.8, 0.5), 4);
 * assert.equal(y[3], 0.4);
 * ```
 */
export function gain(input: Param, amount: Param, options?: HelperOptions): Signal {
  return level("gain", input, amount, options);
}

/**
 * Multiplies a signal by a gain given in decibels, `10^(db/20)` (0 dB unchanged, −6 dB ≈ 0.5,
 * +6 dB ≈ 2). The conversion runs only when the level changes. Stride-agnostic.
 *
 * @param input Signal (or number), any channel count.
 * @param db Level in dB (number or signal), at most +60; NaN gives silence.
 * @param options `key` to pin identity.
 * @returns The scaled signal, same channel count as `input`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gainDb, renderSignal } from "@lel/lel";
 * const [y] = renderSignal(gainDb(1, -6), 4);
 * assert.ok(Math.abs(y[3] - 0.501187) < 1e-6);
 * ```
 */
export function gainDb(input: Param, db: Decibels | Signal, options?: HelperOptions): Signal {
  return level("gainDb", input, db, options);
}

/**
 * Converts decibels to a linear gain number, `10^(value/20)`, for writing levels by ear:
 * `gain(x, db(-12))`. A plain number, computed once (use {@linkcode gainDb} to modulate).
 *
 * @param value Level in dB; −Infinity gives 0.
 * @returns The linear gain.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { db } from "@lel/lel";
 * assert.ok(Math.abs(db(-6) - 0.501187) < 1e-6);
 * assert.equal(db(0), 1);
 * ```
 */
export function db(value: Decibels): Gain {
  return dbToGain(value);
}

/** The gain slot layout (for tests and the chain compiler). */
export const GAIN_SLOTS = { AMOUNT, DB_FOR, LIN } as const;
