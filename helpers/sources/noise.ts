/**
 * White noise from a 32-bit PRNG (mulberry32) whose state lives in the helper pool: the same
 * session renders the same noise every time, and a reload continues the sequence.
 * @module
 */

import type { Signal } from "../../runtime/core/signal.ts";
import type { HelperOptions } from "../../runtime/core/node.ts";
import { declareHelper } from "../declare_helper.ts";

/** Header slot: the generator state, a uint32 held in a double. */
const STATE = 0;
const HEADER = 1;

/** Options for {@linkcode noise}. */
export interface NoiseOptions extends HelperOptions {
  /**
   * Seed (any finite number, used as a uint32). Two noises with the same seed play the same
   * sequence.
   * @default {a fixed seed mixed with the helper's index (or key)}
   */
  seed?: number;
}

/** Default seed, mixed with the helper's index or key so unseeded noises differ. */
const DEFAULT_SEED = 0x5eed1e1;

/** FNV-1a hash of a string, a uint32 (runs once, at bind time). */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Murmur3's finaliser: spreads nearby integers (indices 0, 1, 2) far apart. */
function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The generator's state one step on: {@linkcode noiseTick}'s first line, for a state kept in
 * a local (the chain compiler's steady loops).
 *
 * @param state The state, a uint32.
 * @returns The next state.
 */
export function noiseNext(state: number): number {
  return (state + 0x6d2b79f5) >>> 0;
}

/**
 * The sample for a state from {@linkcode noiseNext}: {@linkcode noiseTick}'s hash.
 *
 * @param a The state.
 * @returns A sample in -1..1.
 */
export function noiseValue(a: number): number {
  let t = Math.imul(a ^ (a >>> 15), a | 1);
  t = (t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 2147483648 - 1;
}

/**
 * One mulberry32 step: advances the state in `mem[slot]` and returns a uniform value in
 * −1..1 (exclusive of 1).
 *
 * Reference: T. Ettinger, mulberry32 (public domain), a 32-bit-state generator that passes
 * gjrand and PractRand to 2^32 outputs.
 *
 * @param mem Pool memory.
 * @param slot Index of the state.
 * @returns The next sample.
 */
export function noiseTick(mem: Float64Array, slot: number): number {
  const a = (mem[slot] + 0x6d2b79f5) >>> 0;
  mem[slot] = a;
  let t = Math.imul(a ^ (a >>> 15), a | 1);
  t = (t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 2147483648 - 1;
}

/**
 * White noise: independent uniform samples in −1..1 (flat spectrum, RMS ≈ 0.577, mean 0),
 * from mulberry32 with its state in the pool. Deterministic: a seed gives the same sequence
 * every render; without one it is a fixed default mixed with the helper's index among the
 * noises of its signal (or its `key`), so two noises in one chain differ and each replays
 * identically. Caveat: unseeded noises at the same index in two signals play the same
 * sequence (sample-aligned when registered together); give them seeds to decorrelate.
 *
 * @param options `seed` (uint32, any finite number), `key`.
 * @returns A mono signal in −1..1.
 * @throws {TypeError} When `seed` is not a finite number.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { noise, renderSignal } from "@lel/lel";
 * const [a] = renderSignal(noise({ seed: 7 }), 64);
 * const [b] = renderSignal(noise({ seed: 7 }), 64);
 * assert.deepEqual(a, b);
 * assert.ok(a.every((v) => v >= -1 && v < 1));
 * ```
 */
export const noise: (options?: NoiseOptions) => Signal = declareHelper({
  name: "noise",
  summary: "White noise in -1..1 (seeded, reproducible)",
  consts: [{
    name: "seed",
    unit: "number",
    doc: "any finite number, used as a uint32",
    optional: true,
    option: true,
  }],
  slots: ["state"],
  init: (c) => {
    c.mem[c.slot("state")] = c.has("seed")
      ? c.value("seed") >>> 0
      : c.key !== undefined
      ? mix32(DEFAULT_SEED ^ hash32(c.key))
      : mix32(DEFAULT_SEED + c.index);
  },
  step: {
    output: { fn: noiseTick, args: ["mem", "@state"] },
    // The state in a local through a steady loop.
    local: {
      calls: { frame: [noiseNext, noiseValue] },
      emit: (e, at) => {
        const state = e.state(at.slot("state"), "rng");
        return {
          setup: [],
          frame: `${state} = ${at.ref(noiseNext)}(${state});
            ${e.output(0)} = ${at.ref(noiseValue)}(${state});`,
        };
      },
    },
  },
});

/** The noise slot layout (for tests and the chain compiler). */
export const NOISE_SLOTS = { STATE, HEADER } as const;
