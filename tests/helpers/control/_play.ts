/**
 * Renders a little performance on a fresh engine: segments of frames with, before each, knob
 * moves and (re-)registrations, so a test can set the store between blocks the way OSC, MIDI
 * and the REPL do, reload a signal, and render the same thing compiled and as closures.
 * @module
 */

import { Engine } from "../../../runtime/core/engine.ts";
import { compileStats, setChainCompiler } from "../../../runtime/core/chain/mod.ts";
import type { Param } from "../../../runtime/core/signal.ts";

/** One segment: what happens before it, then `frames` frames. */
export interface Segment {
  readonly frames: number;
  /** Knob moves and the like, between blocks. */
  readonly before?: () => void;
  /** Signals to register (or re-register: a reload) before the segment, built now. */
  readonly register?: Readonly<Record<string, () => Param>>;
}

/** What {@linkcode play} rendered. */
export interface Played {
  /** The master output, channel 0 (every signal summed, no fade, no clip). */
  readonly out: Float64Array;
  /** Registrations the chain compiler compiled. */
  readonly compiled: number;
}

/**
 * Plays segments in order.
 *
 * @param segments What to do.
 * @param options `compile` (default true), `sampleRate` (48000), `blockSize` (128).
 * @returns The output and how many registrations compiled.
 */
export function play(
  segments: readonly Segment[],
  options: { compile?: boolean; sampleRate?: number; blockSize?: number } = {},
): Played {
  const previous = setChainCompiler(options.compile ?? true);
  const before = compileStats().compiled;
  const e = new Engine({
    sampleRate: options.sampleRate ?? 48000,
    blockSize: options.blockSize ?? 128,
    channels: 1,
    fadeTime: 0,
    softClip: false,
  });
  const total = segments.reduce((n, s) => n + s.frames, 0);
  const out = new Float64Array(total);
  try {
    let at = 0;
    for (const segment of segments) {
      segment.before?.();
      for (const [name, build] of Object.entries(segment.register ?? {})) {
        e.register(name, build());
      }
      e.process([out], segment.frames, at);
      at += segment.frames;
    }
    return { out, compiled: compileStats().compiled - before };
  } finally {
    e.dispose();
    setChainCompiler(previous);
  }
}

/**
 * Plays segments compiled and as closures, and returns both.
 *
 * @param segments What to do (their `before` runs twice: make it reset what it needs).
 * @returns Both renders.
 */
export function playBoth(segments: readonly Segment[]): { compiled: Played; closure: Played } {
  return {
    compiled: play(segments, { compile: true }),
    closure: play(segments, { compile: false }),
  };
}

/**
 * The first frame where two renders' bits differ.
 *
 * @param a One render.
 * @param b Another.
 * @returns The frame and values, or `undefined` when bit-identical.
 */
export function firstDifference(a: Float64Array, b: Float64Array): string | undefined {
  if (a.length !== b.length) return `lengths ${a.length} vs ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) return `frame ${i}: ${a[i]} vs ${b[i]}`;
  }
  return undefined;
}
