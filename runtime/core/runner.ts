/**
 * The per-frame loop that calls a signal, as a fresh function per binding.
 *
 * V8 keeps call feedback per function: one shared loop calling every signal would see many
 * targets, stop inlining them, and box every returned double into a new heap object (garbage
 * on every sample). Compiling the same loop text once per binding gives each signal a call
 * site of its own that stays monomorphic, so the signal inlines and nothing is allocated.
 * @module
 */

import type { EngineContext, Frame, Signal } from "./signal.ts";

/** A signal's output beyond this magnitude counts as runaway and mutes it. */
export const RUNAWAY_LIMIT = 1e6;

/** What a runner reports about a block besides the frames it completed (one reused object). */
export interface BadFrame {
  /** The frame that stopped the runner. */
  value: Frame;
  /**
   * Set by the caller: it reads a block the runner reports mono from channel 0 alone, so the
   * runner need not copy it to the other channels. @default {false}
   */
  monoOk?: boolean;
  /**
   * Set by the runner after a complete block: whether every frame was mono, so channel 0
   * holds the block (and, unless `monoOk`, every other channel holds a copy of it).
   */
  mono?: boolean;
}

/**
 * Renders `n` frames of `fn` into `buf` (mono frames copied to every channel, unless
 * `bad.monoOk` and the whole block is mono: then channel 0 alone may hold it).
 *
 * @returns Frames completed: `n`, or the index of the first frame that was NaN, infinite or
 *   beyond {@linkcode RUNAWAY_LIMIT} (its value is left in `bad.value`). Exceptions propagate.
 */
export type Runner = (
  fn: Signal,
  s: EngineContext,
  buf: Float64Array[],
  n: number,
  start: number,
  sr: number,
  bad: BadFrame,
) => number;

const LOOP = `
return function run(fn, s, buf, n, start, sr, bad) {
  const channels = buf.length;
  const b0 = buf[0];
  const beats = s.beats;
  const bpms = s.bpms;
  let mono = true;
  for (let i = 0; i < n; i++) {
    const frame = start + i;
    s.frame = frame;
    s.t = frame / sr;
    s.beat = beats[i];
    s.bpm = bpms[i];
    const v = fn(s);
    if (typeof v === "number") {
      if (!(v <= LIMIT && v >= -LIMIT)) { bad.value = v; return i; }
      b0[i] = v;
      for (let c = 1; c < channels; c++) buf[c][i] = v;
    } else if (v == null || typeof v.length !== "number") {
      bad.value = v;
      return i;
    } else {
      mono = false;
      if (!spread(v, buf, i)) {
        bad.value = v;
        return i;
      }
    }
  }
  bad.mono = mono;
  return n;
};`;

/**
 * A new copy of the frame loop (call once per binding, not per block).
 *
 * @returns The runner.
 */
export function makeRunner(): Runner {
  return new Function("spread", "LIMIT", LOOP)(spread, RUNAWAY_LIMIT) as Runner;
}

/**
 * Maps an N-channel frame onto the output buffers: 1 channel goes everywhere, channel k goes
 * to output k mod outputs.
 *
 * @returns False when a value is NaN, infinite or runaway.
 */
function spread(v: ArrayLike<number>, buf: Float64Array[], i: number): boolean {
  const channels = buf.length;
  const width = v.length;
  if (width === 1) {
    const x = v[0];
    if (!(x <= RUNAWAY_LIMIT && x >= -RUNAWAY_LIMIT)) return false;
    for (let c = 0; c < channels; c++) buf[c][i] = x;
    return true;
  }
  for (let c = 0; c < channels; c++) buf[c][i] = 0;
  for (let k = 0; k < width; k++) {
    const x = v[k];
    if (!(x <= RUNAWAY_LIMIT && x >= -RUNAWAY_LIMIT)) return false;
    buf[k % channels][i] += x;
  }
  return true;
}
