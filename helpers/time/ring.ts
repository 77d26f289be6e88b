/**
 * Ring buffers in the helper pool: the read/write primitives a delay line, an echo or a
 * modulated delay share, and their local (state-in-locals) forms for the chain compiler.
 *
 * A ring's bookkeeping is three header slots in a row, `write`, `maxD`, `stride` (the ring's
 * length, which the definition's buffer makes the channel stride): functions take `rb`, the
 * index of `write`, so the rest of a helper's header can be laid out freely. Each channel
 * owns a ring of `ceil(maxTime·sr) + 2` doubles, so a reload keeps whatever is still ringing.
 * @module
 */

import type { KernelEmit, KernelSetup } from "../../runtime/core/kernel_spec.ts";
import type { LocalNames } from "../helper_definition.ts";
import type { Seconds } from "../units.ts";

/** Offsets from `rb`: the write index, the longest delay in samples, the ring length. */
const WRITE = 0;
const MAX_D = 1;
const LEN = 2;

/** The header slots a ring needs, in this order, last in `slots` (`stride` follows them). */
export const RING_SLOTS = ["write", "maxD"] as const;

/**
 * The doubles each channel's ring takes at `sr`.
 *
 * @param maxTime Longest delay in seconds.
 * @param sr Sample rate in Hz.
 * @returns `ceil(maxTime·sr) + 2`.
 */
export function ringLength(maxTime: Seconds, sr: number): number {
  return Math.ceil(maxTime * sr) + 2;
}

/**
 * The problem with a `maxTime`, for a constant's `check`.
 *
 * @param maxTime The value given.
 * @returns A problem, or undefined.
 */
export function checkMaxTime(maxTime: number): string | undefined {
  return maxTime > 0 && Number.isFinite(maxTime) ? undefined : "must be > 0 seconds";
}

/**
 * A delay time in samples, clamped to `lo`..the ring's longest delay (NaN → `lo`).
 *
 * @param mem Pool memory.
 * @param rb Index of the ring's `write` slot.
 * @param timeSeconds Delay in seconds.
 * @param sr Sample rate in Hz.
 * @param lo Shortest delay in samples.
 * @returns The delay in samples.
 */
export function delaySamples(
  mem: Float64Array,
  rb: number,
  timeSeconds: number,
  sr: number,
  lo = 0,
): number {
  const d = timeSeconds * sr;
  const max = mem[rb + MAX_D];
  return d > lo ? (d < max ? d : max) : lo;
}

/**
 * Reads a ring `d` samples behind the write index, interpolating linearly between the two
 * neighbouring samples (a fractional delay: at d = 10.5 it is the mean of 10 and 11 back).
 *
 * @param mem Pool memory.
 * @param rb Index of the ring's `write` slot.
 * @param ring Index of the channel's ring.
 * @param d Delay in samples, 0..`maxD`.
 * @returns The delayed sample.
 */
export function ringRead(mem: Float64Array, rb: number, ring: number, d: number): number {
  const len = mem[rb + LEN];
  const i = Math.floor(d);
  let r0 = mem[rb + WRITE] - i;
  if (r0 < 0) r0 += len;
  let r1 = r0 - 1;
  if (r1 < 0) r1 += len;
  const a = mem[ring + r0];
  return a + (d - i) * (mem[ring + r1] - a);
}

/**
 * Writes a sample at the ring's write index.
 *
 * @param mem Pool memory.
 * @param rb Index of the ring's `write` slot.
 * @param ring Index of the channel's ring.
 * @param x The sample.
 */
export function ringWrite(mem: Float64Array, rb: number, ring: number, x: number): void {
  mem[ring + mem[rb + WRITE]] = x;
}

/**
 * Moves the write index on by one frame (once per frame, after every channel).
 *
 * @param mem Pool memory.
 * @param rb Index of the ring's `write` slot.
 */
export function ringAdvance(mem: Float64Array, rb: number): void {
  const w = mem[rb + WRITE] + 1;
  mem[rb + WRITE] = w >= mem[rb + LEN] ? 0 : w;
}

/**
 * Reads a ring `i + f` samples behind write index `w`: {@linkcode ringRead}'s arithmetic, for
 * the chain compiler's local form (the write index in a local, the delay split once per
 * block while it holds still). The indices are int32 (`| 0`): whole numbers below the pool's
 * size, so the same values ringRead computes in doubles, without V8's overflow checks.
 *
 * @param mem Pool memory.
 * @param ring Index of the channel's ring.
 * @param w The write index.
 * @param len The ring's length.
 * @param i Whole samples of the delay, `Math.floor(d)`.
 * @param f Its fraction, `d − i`.
 * @returns The delayed sample.
 */
export function ringTap(
  mem: Float64Array,
  ring: number,
  w: number,
  len: number,
  i: number,
  f: number,
): number {
  let r0 = (w - i) | 0;
  if (r0 < 0) r0 = (r0 + len) | 0;
  let r1 = (r0 - 1) | 0;
  if (r1 < 0) r1 = (r1 + len) | 0;
  const a = mem[(ring + r0) | 0];
  return a + f * (mem[(ring + r1) | 0] - a);
}

/**
 * The write index one frame on: {@linkcode ringAdvance}'s arithmetic, for an index in a local.
 *
 * @param w The write index.
 * @param len The ring's length.
 * @returns The next write index.
 */
export function ringNext(w: number, len: number): number {
  const next = (w + 1) | 0;
  return next >= len ? 0 : next;
}

/** The local form's per-block names of a ring (see {@linkcode ringSetup}). */
export interface RingLocals {
  readonly setup: KernelSetup[];
  /** Whole samples of the delay. */
  readonly i: string;
  /** Its fraction. */
  readonly f: string;
  /** The ring length. */
  readonly len: string;
  /** The write index, in a local through the loop. */
  readonly w: string;
  /** Code for channel `ch`'s ring index (a local when `ch` is a number). */
  readonly ring: (ch: string) => string;
}

/**
 * The local form's per-block parts of a ring: the delay in samples split into its whole part
 * and fraction, the ring length and each channel's ring index (int32: rings fit the pool,
 * whose indices are int32), and the write index as state in a local.
 *
 * @param e The emitter.
 * @param at The definition's names.
 * @param delay Code for the delay in samples (the `delaySamples` call).
 * @param channels Channels (one ring each).
 * @returns The setup parts and the names they declare.
 */
export function ringSetup(
  e: KernelEmit,
  at: LocalNames,
  delay: string,
  channels: number,
): RingLocals {
  const d = e.local("d");
  const i = e.local("di");
  const f = e.local("df");
  const len = e.local("len");
  const rings = Array.from({ length: channels }, () => e.local("ring"));
  const at0 = (ch: string) => `(${at.channel(ch, len)}) | 0`;
  return {
    setup: [
      {
        deps: [0],
        code: `const ${d} = ${delay}; const ${i} = Math.floor(${d}) | 0; const ${f} = ${d} - ${i};`,
        locals: [i, f],
        ints: [i],
      },
      {
        deps: [],
        code: `const ${len} = mem[${at.slot("stride")}] | 0;`,
        locals: [len],
        ints: [len],
      },
      {
        deps: [],
        code: `const ${rings.map((r, ch) => `${r} = ${at0(String(ch))}`).join(", ")};`,
        locals: rings,
        ints: rings,
        perBlock: true,
      },
    ],
    i,
    f,
    len,
    w: e.state(at.slot("write"), "w", true),
    ring: (ch) => (/^\d+$/.test(ch) ? rings[Number(ch)] : at0(ch)),
  };
}

/**
 * A warm-up hook that puts a scratch ring where its rare branches run: the write index just
 * before the wrap, then on the read position (the read wraps), then at 0 (reads behind it
 * wrap).
 *
 * @param rbSlot The `write` slot's index in the header.
 * @param timeSlot The delay time parameter's slot.
 * @returns The hook.
 */
export function ringWarm(
  rbSlot: number,
  timeSlot: number,
): (mem: Float64Array, b: number, pass: number, sr: number) => boolean {
  return (mem, b, pass, sr) => {
    const rb = b + rbSlot;
    const len = mem[rb + LEN];
    if (pass === 0) mem[rb + WRITE] = len - 2;
    else if (pass === 1) mem[rb + WRITE] = Math.floor(delaySamples(mem, rb, mem[b + timeSlot], sr));
    else if (pass === 2) mem[rb + WRITE] = 0;
    else return false;
    return true;
  };
}
