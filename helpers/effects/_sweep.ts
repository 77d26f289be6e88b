/**
 * What `chorus` and `flanger` share: a sine LFO whose phase lives in the block, the delay it
 * sweeps (in samples), and two rings, one per output side, read with linear interpolation
 * (`ringRead` of helpers/time/ring.ts).
 *
 * The delay law, for the LFO at φ turns: `d(φ) = lo + span·(1 + sin(2πφ))`, with
 * `lo = min·sr` and `span = depth·sweep·sr/2`, so it sweeps between `min` and
 * `min + depth·sweep` seconds. The right side's LFO runs a quarter turn ahead of the left's
 * (quadrature), so a mono input comes out wide.
 *
 * Layout: the definitions' header ends with the ring slots (`write`, `maxD`, then `stride`)
 * and they have no per-channel slots, so the left ring starts right after the header,
 * `rb + 3`, and the right ring one stride later.
 * @module
 */

import { ringWrite } from "../time/ring.ts";

/** Offset from the ring's `write` slot to its stride slot. */
const STRIDE = 2;
/** Offset from the ring's `write` slot to the left ring (the end of the header). */
const LEFT = 3;

/**
 * The LFO's phase this frame, then advances it by `rate / sr` turns (wrapped to 0..1).
 *
 * @param mem Pool memory.
 * @param i Index of the phase slot.
 * @param rate LFO rate in Hz, clamped to 0..sr/2 (NaN → 0: the sweep stops).
 * @param sr Sample rate in Hz.
 * @returns The phase in turns, 0..1.
 */
export function sweepPhase(mem: Float64Array, i: number, rate: number, sr: number): number {
  const half = 0.5 * sr;
  const r = rate > 0 ? (rate < half ? rate : half) : 0;
  const p = mem[i];
  const next = p + r / sr;
  mem[i] = next - Math.floor(next);
  return p;
}

/**
 * Half the swept range in samples, `depth·sweep·sr/2` (depth clamped to 0..1, NaN → 0).
 *
 * @param depth Sweep depth.
 * @param sweep Widest sweep in seconds.
 * @param sr Sample rate in Hz.
 * @returns The half range in samples.
 */
export function sweepSpan(depth: number, sweep: number, sr: number): number {
  const d = depth > 0 ? (depth < 1 ? depth : 1) : 0;
  return 0.5 * d * sweep * sr;
}

/**
 * The shortest delay in samples, `min·sr`.
 *
 * @param min Shortest delay in seconds.
 * @param sr Sample rate in Hz.
 * @returns Samples.
 */
export function sweepLow(min: number, sr: number): number {
  return min * sr;
}

/**
 * A 0..1 amount (mix), clamped (NaN → 0).
 *
 * @param v The amount.
 * @returns 0..1.
 */
export function sweepAmount(v: number): number {
  return v > 0 ? (v < 1 ? v : 1) : 0;
}

/**
 * Index of a side's ring (0 left, 1 right).
 *
 * @param mem Pool memory.
 * @param rb Index of the ring's `write` slot.
 * @param side 0 or 1.
 * @returns The ring's first index.
 */
export function sweepRing(mem: Float64Array, rb: number, side: number): number {
  return rb + LEFT + side * mem[rb + STRIDE];
}

/**
 * Writes a frame into both rings (left `l`, right `r`) at the write index.
 *
 * @param mem Pool memory.
 * @param rb Index of the ring's `write` slot.
 * @param l Left sample.
 * @param r Right sample.
 */
export function sweepWrite(mem: Float64Array, rb: number, l: number, r: number): void {
  ringWrite(mem, rb, rb + LEFT, l);
  ringWrite(mem, rb, rb + LEFT + mem[rb + STRIDE], r);
}

/**
 * The warm-up hook: the write index just before the wrap, then at 0 (every read wraps).
 *
 * @param rbSlot The `write` slot's index in the header.
 * @returns The hook.
 */
export function sweepWarm(
  rbSlot: number,
): (mem: Float64Array, b: number, pass: number) => boolean {
  return (mem, b, pass) => {
    const rb = b + rbSlot;
    if (pass === 0) mem[rb] = mem[rb + STRIDE] - 2;
    else if (pass === 1) mem[rb] = 0;
    else return false;
    return true;
  };
}
