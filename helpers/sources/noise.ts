/**
 * White noise from a 32-bit PRNG (mulberry32) whose state lives in the helper pool: the same
 * session renders the same noise every time, and a reload continues the sequence.
 * @module
 */

import type { Context, Signal } from "../../runtime/signal.ts";
import {
  createNode,
  type HelperNode,
  type HelperOptions,
  nodeKey,
  type NodeLayout,
  tagSignal,
} from "../node.ts";

/** Header slot: the generator state, a uint32 held in a double. */
const STATE = 0;
const HEADER = 1;

/** Options for {@linkcode noise}. */
export interface NoiseOptions extends HelperOptions {
  /**
   * Seed (any finite number, used as a uint32). Two noises with the same seed play the same
   * sequence.
   * @default {a hash of the helper's identity: its signal name, type and index or key}
   */
  seed?: number;
}

/**
 * FNV-1a hash of a string, a uint32 (used once at bind time for the default seed).
 *
 * @param text The text.
 * @returns The hash.
 */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function layoutFor(seed: number | undefined): NodeLayout {
  return {
    header: HEADER,
    perChannel: () => 0,
    init: (node: HelperNode) => {
      node.mem[node.base + STATE] = seed ?? hash32(nodeKey(node.signal, node));
    },
  };
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
 * every render; without one the seed is a hash of the helper's identity (signal name, type
 * and index or `key`), so two noises in one session differ but each replays identically.
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
export function noise(options?: NoiseOptions): Signal {
  const seed = options?.seed;
  if (seed !== undefined && !(typeof seed === "number" && Number.isFinite(seed))) {
    throw new TypeError(
      `Cannot create noise: seed must be a finite number, got ${String(seed)}`,
    );
  }
  const node = createNode(
    "noise",
    layoutFor(seed === undefined ? undefined : seed >>> 0),
    options,
    [],
    1,
  );
  const fn = (_s: Context) => noiseTick(node.mem, node.base + STATE);
  return tagSignal(fn, node, [], 1);
}

/** The noise slot layout (for tests and the chain compiler). */
export const NOISE_SLOTS = { STATE, HEADER } as const;
