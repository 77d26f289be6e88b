/**
 * Kernels: one generated set of segment loops per chain shape, built once, warmed on scratch
 * memory, and cached by shape key.
 * @module
 */

import { emitKernel } from "./emit.ts";
import { split } from "./segment.ts";
import type { Chain } from "./shape.ts";
import { warmKernel } from "./warm.ts";

/** A segment loop: `(mem, B, V, S, O, n) => frames done` (see emit.ts). */
export type SegmentFn = (
  mem: Float64Array,
  B: Int32Array,
  V: Float64Array,
  S: readonly Float64Array[],
  O: readonly Float64Array[],
  n: number,
) => number;

/** One segment's functions. */
export interface KernelSegment {
  /** Per-block work of the steady loop, or undefined when there is none. */
  readonly prologue: SegmentFn | undefined;
  readonly steady: SegmentFn;
  /** The general loops, run in order. */
  readonly general: readonly SegmentFn[];
  /** Triples (node, slot, target's V slot): steady when every slot holds its target. */
  readonly checks: Int32Array;
}

/** The compiled form of one chain shape. */
export interface Kernel {
  readonly key: string;
  readonly segments: readonly KernelSegment[];
  /** Arrays in `S` (leaves and hand-overs). */
  readonly scratchCount: number;
  /** Length of each voice's `V` (the chain's values, then the prologues' results). */
  readonly valueCount: number;
  /** Output channels. */
  readonly width: number;
  /** The generated source (for tests and curious readers). */
  readonly source: string;
  /** Milliseconds spent generating, compiling and warming it. */
  readonly buildMs: number;
}

/** Kernels kept; past this the oldest is forgotten (bindings using it keep it alive). */
const CACHE_LIMIT = 1000;

const cache = new Map<string, Kernel>();
let built = 0;

/**
 * The kernel for a chain's shape: from the cache, or generated, compiled and warmed now (the
 * warm-up runs on a scratch copy of the chain's blocks, never on live state).
 *
 * @param chain The chain (its nodes are bound).
 * @returns The kernel.
 * @throws {NotCompilable} When a step is too large to inline.
 */
export function kernelFor(chain: Chain): Kernel {
  const cached = cache.get(chain.key);
  if (cached !== undefined) return cached;
  const started = performance.now();
  const segments = split(chain);
  const emitted = emitKernel(chain, segments, ++built);
  const make = new Function(...emitted.names, emitted.source);
  const fns = make(...emitted.bindings) as SegmentFn[];
  const kernel: Kernel = {
    key: chain.key,
    segments: emitted.segments.map((s) => ({
      prologue: s.prologue < 0 ? undefined : fns[s.prologue],
      steady: fns[s.steady],
      general: s.general.map((g) => fns[g]),
      checks: s.checks,
    })),
    scratchCount: emitted.scratchCount,
    valueCount: emitted.valueCount,
    width: emitted.width,
    source: emitted.source,
    buildMs: 0,
  };
  warmKernel(kernel, chain);
  const done = { ...kernel, buildMs: performance.now() - started };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(chain.key, done);
  return done;
}

/** How many kernels were built so far, and how many are cached. */
export function kernelCount(): { built: number; cached: number } {
  return { built, cached: cache.size };
}
