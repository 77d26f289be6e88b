/**
 * A plain delay line (the delayed signal only, like a Web Audio `DelayNode`), and the ring
 * buffer read/write primitives the feedback echo shares with it.
 *
 * Each channel owns a ring of `ceil(maxTime·sr) + 2` doubles in the helper pool, so a reload
 * keeps whatever is still ringing in it; changing `maxTime` changes the block size and starts
 * a fresh (silent) ring.
 * @module
 */

import type { Context, Param, Signal } from "../../runtime/signal.ts";
import {
  channelsOf,
  createNode,
  ensureChannels,
  type HelperNode,
  type HelperOptions,
  type KernelEmit,
  type KernelSetup,
  type KernelSpec,
  type NodeLayout,
  readParam,
  tagSignal,
} from "../node.ts";
import type { Seconds } from "../units.ts";

/** Header slots: the time parameter, the write index, ring length, longest delay in samples. */
const TIME = 0;
const WRITE = 1;
const LEN = 2;
const MAX_D = 3;
const HEADER = 4;

/**
 * A ring-buffer layout for delays up to `maxTime` seconds: one ring per channel, its length
 * and the longest delay stored in the header at bind time.
 *
 * @param maxTime Longest delay in seconds (validated by the caller).
 * @param header Header slots before the ring bookkeeping (≥ {@linkcode RING_HEADER}).
 * @returns The layout.
 */
export function ringLayout(maxTime: Seconds, header = RING_HEADER): NodeLayout {
  const perChannel = (sr: number) => Math.ceil(maxTime * sr) + 2;
  return {
    header,
    perChannel,
    init: (node, sr) => {
      node.mem[node.base + LEN] = perChannel(sr);
      node.mem[node.base + MAX_D] = maxTime * sr;
    },
  };
}

/** Header slots a ring layout needs: `TIME`, `WRITE`, `LEN`, `MAX_D`. */
export const RING_HEADER = HEADER;

/**
 * Checks a `maxTime` argument (it sizes the block, so it cannot be a signal).
 *
 * @param type Helper name, for the message.
 * @param maxTime The value given.
 * @throws {TypeError} When it is not a number.
 * @throws {RangeError} When it is not a positive finite number of seconds.
 */
export function checkMaxTime(type: string, maxTime: unknown): asserts maxTime is number {
  if (typeof maxTime !== "number") {
    throw new TypeError(
      `Cannot create ${type}: maxTime must be a number of seconds (it sizes the delay line; modulate time instead), got ${typeof maxTime}`,
    );
  }
  if (!(Number.isFinite(maxTime) && maxTime > 0)) {
    throw new RangeError(`Cannot create ${type}: maxTime must be > 0 seconds, got ${maxTime}`);
  }
}

/**
 * A delay time in samples, clamped to `lo`..the ring's longest delay (NaN → `lo`).
 *
 * @param mem Pool memory.
 * @param b Block base.
 * @param timeSeconds Delay in seconds.
 * @param sr Sample rate in Hz.
 * @param lo Shortest delay in samples.
 * @returns The delay in samples.
 */
export function delaySamples(
  mem: Float64Array,
  b: number,
  timeSeconds: number,
  sr: number,
  lo = 0,
): number {
  const d = timeSeconds * sr;
  const max = mem[b + MAX_D];
  return d > lo ? (d < max ? d : max) : lo;
}

/**
 * Reads a ring `d` samples behind the write index, interpolating linearly between the two
 * neighbouring samples (a fractional delay: at d = 10.5 it is the mean of 10 and 11 back).
 *
 * @param mem Pool memory.
 * @param b Block base (for the write index and ring length).
 * @param ring Index of the channel's ring.
 * @param d Delay in samples, 0..`MAX_D`.
 * @returns The delayed sample.
 */
export function ringRead(mem: Float64Array, b: number, ring: number, d: number): number {
  const len = mem[b + LEN];
  const i = Math.floor(d);
  let r0 = mem[b + WRITE] - i;
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
 * @param b Block base.
 * @param ring Index of the channel's ring.
 * @param x The sample.
 */
export function ringWrite(mem: Float64Array, b: number, ring: number, x: number): void {
  mem[ring + mem[b + WRITE]] = x;
}

/**
 * Moves the write index on by one frame (once per frame, after every channel).
 *
 * @param mem Pool memory.
 * @param b Block base.
 */
export function ringAdvance(mem: Float64Array, b: number): void {
  const w = mem[b + WRITE] + 1;
  mem[b + WRITE] = w >= mem[b + LEN] ? 0 : w;
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
  /** Code for channel `ch`'s ring index (a local when `ch` is a number). */
  readonly ring: (ch: string) => string;
}

/**
 * The local form's per-block parts of a ring: the delay in samples split into its whole part
 * and fraction, the ring length and each channel's ring index (int32: rings fit the pool,
 * whose indices are int32).
 *
 * @param e The emitter.
 * @param delay Code for the delay in samples (the `delaySamples` call).
 * @param channels Channels (one ring each).
 * @param header The block's header slots (the first ring follows them).
 * @returns The setup parts and the names they declare.
 */
export function ringSetup(
  e: KernelEmit,
  delay: string,
  channels: number,
  header: number,
): RingLocals {
  const b = e.base;
  const d = e.local("d");
  const i = e.local("di");
  const f = e.local("df");
  const len = e.local("len");
  const rings = Array.from({ length: channels }, () => e.local("ring"));
  const at = (ch: string) => `(${b} + ${header} + ${ch} * ${len}) | 0`;
  return {
    setup: [
      {
        deps: [0],
        code: `const ${d} = ${delay}; const ${i} = Math.floor(${d}) | 0; const ${f} = ${d} - ${i};`,
        locals: [i, f],
        ints: [i],
      },
      { deps: [], code: `const ${len} = mem[${b} + ${LEN}] | 0;`, locals: [len], ints: [len] },
      {
        deps: [],
        code: `const ${rings.map((r, ch) => `${r} = ${at(String(ch))}`).join(", ")};`,
        locals: rings,
        ints: rings,
        perBlock: true,
      },
    ],
    i,
    f,
    len,
    ring: (ch) => (/^\d+$/.test(ch) ? rings[Number(ch)] : at(ch)),
  };
}

/** Bytecode of {@linkcode ringTap} (`--print-bytecode`, Deno 2.9.6). */
export const RING_TAP_BYTECODE = 84;

function multi(node: HelperNode, v: ArrayLike<number>, s: Context): Float64Array {
  ensureChannels(node, v.length);
  const time = readParam(s, node, node.params[0]);
  const mem = node.mem;
  const b = node.base;
  const d = delaySamples(mem, b, time, s.sr);
  const len = mem[b + LEN];
  const out = node.out;
  for (let ch = 0; ch < v.length; ch++) {
    const ring = b + HEADER + ch * len;
    ringWrite(mem, b, ring, v[ch]);
    out[ch] = ringRead(mem, b, ring, d);
  }
  ringAdvance(mem, b);
  return out;
}

/**
 * Delays a signal by `time` seconds and outputs only the delayed copy (mix it with the dry
 * signal yourself, or use `feedback` for echoes). Stride-agnostic, one ring per channel.
 *
 * Write then read, so `time` 0 passes the input through. Fractional delays use linear
 * interpolation `y = (1 − f)·x[n − i] + f·x[n − i − 1]`, which dulls the highs slightly at
 * half-sample delays (f = 0.5 is −3 dB at half Nyquist: `|H| = cos(ω/2)`); sweeping `time` bends the pitch like
 * tape (a Doppler shift), and reloads glide a changed `time` the same way.
 *
 * @param input Signal (or number) to delay, any channel count.
 * @param maxTime Longest delay in seconds, > 0 and finite (sizes the ring at bind time: not a
 *   signal; changing it starts a fresh, silent ring).
 * @param time Delay in seconds (number or signal), clamped to 0..maxTime, NaN → 0.
 *   @default {maxTime}
 * @param options `key` to pin identity.
 * @returns The delayed signal, same channel count as `input`.
 * @throws {RangeError} When `maxTime` is not a positive finite number.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { delay, renderSignal } from "@lel/lel";
 * const click = (s: { frame: number }) => (s.frame === 0 ? 1 : 0);
 * const [y] = renderSignal(delay(click, 0.01, 0.001), 100, { sampleRate: 48000 });
 * assert.equal(y[48], 1); // 1 ms at 48 kHz is 48 samples
 * assert.equal(y[47], 0);
 * ```
 */
export function delay(
  input: Param,
  maxTime: Seconds,
  time: Param = maxTime,
  options?: HelperOptions,
): Signal {
  checkMaxTime("delay", maxTime);
  const channels = channelsOf(input);
  const node = createNode("delay", ringLayout(maxTime), options, [["time", TIME, time]], channels);
  const x = typeof input === "function" ? input : () => input;
  const p = node.params[0];
  const fn = (s: Context) => {
    const v = x(s);
    if (typeof v !== "number") return multi(node, v, s);
    const mem = node.mem;
    const b = node.base;
    const d = delaySamples(mem, b, readParam(s, node, p), s.sr);
    ringWrite(mem, b, b + HEADER, v);
    const y = ringRead(mem, b, b + HEADER, d);
    ringAdvance(mem, b);
    return y;
  };
  const inputs = typeof input === "function" ? [input] : [];
  if (p.fn !== null) inputs.push(p.fn);
  return tagSignal(fn, node, inputs, channels, delayKernel(input, channels));
}

/**
 * The chain compiler's form, step for step the closure's: the delay in samples once per frame
 * (or per block while `time` holds still), then write and read each channel's ring, then
 * advance. Bytecode V8 counts (`--print-bytecode`, Deno 2.9.6): delaySamples 64, ringAdvance
 * 49, and per channel ringRead 115 (ringWrite's 22 are free).
 */
function delayKernel(input: Param, channels: number): KernelSpec {
  return {
    kind: "delay",
    inputs: [input],
    refs: { delaySamples, ringWrite, ringRead, ringAdvance, ringTap, ringNext },
    width: channels,
    cost: { setup: 64, frame: 49, channel: 115, largest: 115 },
    emit: (e) => {
      const b = e.base;
      const d = e.local("d");
      const len = e.local("len");
      const setup = [{
        deps: [0],
        code: `const ${d} = ${e.ref("delaySamples")}(mem, ${b}, ${e.params[0]}, sr);`,
        locals: [d],
      }];
      if (channels > 1) {
        setup.push({ deps: [], code: `const ${len} = mem[${b} + ${LEN}];`, locals: [len] });
      }
      const write = e.ref("ringWrite");
      const read = e.ref("ringRead");
      return {
        setup,
        frame: e.channels(channels, (ch) => {
          const ring = channels > 1 ? `${b} + ${HEADER} + ${ch} * ${len}` : `${b} + ${HEADER}`;
          return `const ring = ${ring};
            ${write}(mem, ${b}, ring, ${e.input(0, ch)});
            ${e.output(ch)} = ${read}(mem, ${b}, ring, ${d});`;
        }) + `${e.ref("ringAdvance")}(mem, ${b});`,
      };
    },
    // The write index in a local through a steady loop (the ring stays in the pool): write,
    // then read, then advance, as the closure does.
    local: {
      cost: { setup: 64, frame: 0, channel: RING_TAP_BYTECODE, largest: RING_TAP_BYTECODE },
      emit: (e) => {
        const b = e.base;
        const ring = ringSetup(
          e,
          `${e.ref("delaySamples")}(mem, ${b}, ${e.params[0]}, sr)`,
          channels,
          HEADER,
        );
        const { i, f, len } = ring;
        const w = e.state(`${b} + ${WRITE}`, "w", true);
        const tap = e.ref("ringTap");
        return {
          setup: ring.setup,
          frame: e.channels(channels, (ch) => {
            return `const ring = ${ring.ring(ch)};
              mem[(ring + ${w}) | 0] = ${e.input(0, ch)};
              ${e.output(ch)} = ${tap}(mem, ring, ${w}, ${len}, ${i}, ${f});`;
          }) + `${w} = ${e.ref("ringNext")}(${w}, ${len});`,
        };
      },
    },
    warm: warmRing,
  };
}

/**
 * Puts a scratch ring where its rare branches run: the write index just before the wrap,
 * then on the read position (the read wraps), then at 0 (reads behind it wrap).
 *
 * @param mem Scratch memory.
 * @param b Block base.
 * @param pass Which position.
 * @param sr Sample rate the ring was sized for.
 * @returns Whether the pass applies.
 */
export function warmRing(mem: Float64Array, b: number, pass: number, sr: number): boolean {
  const len = mem[b + LEN];
  if (pass === 0) mem[b + WRITE] = len - 2;
  else if (pass === 1) mem[b + WRITE] = Math.floor(delaySamples(mem, b, mem[b + TIME], sr));
  else if (pass === 2) mem[b + WRITE] = 0;
  else return false;
  return true;
}

/** The delay slot layout (for tests, `feedback` and the chain compiler). */
export const DELAY_SLOTS = { TIME, WRITE, LEN, MAX_D, HEADER } as const;
