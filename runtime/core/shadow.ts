/**
 * The shadow render: before a transaction commits, each new generation of a signal is
 * rendered ahead for a short window on scratch copies of its state (its helpers' blocks, its
 * `s.state`), at the frames it is about to play. A signal that throws or produces NaN,
 * ±Infinity or a runaway value there is refused with the message a live fault gives, and the
 * previous version keeps playing; nothing it did in the shadow reaches the pool.
 *
 * The copies make the shadow exact for lel's helpers and `s.state`. State a hand-written
 * function keeps in its own variables does move on by the window (keep such state in
 * `s.state`). Helpers the signal's code plays for the first time are bound for real (as
 * they would be at the first block) and then shadowed too.
 * @module
 */

import { currentClaimScope, helperMemory, setClaimScope } from "./pool.ts";
import { type HelperNode, RENDERING } from "./node.ts";
import { type Binding, bindLate } from "./binding.ts";
import { setBuildLocked } from "./build_scope.ts";
import { userLocation } from "./diagnostics/location.ts";
import { describeBad, describeThrow } from "./fault.ts";
import type { BadFrame } from "./runner.ts";
import type { EngineContext, Frame } from "./signal.ts";
import { SignalRefusedError } from "./signal_refused_error.ts";
import { setBarBeats } from "./transport.ts";

/** What the engine lends the shadow: its context, its transport, its sample rate. */
export interface ShadowHost {
  readonly ctx: EngineContext;
  readonly sampleRate: number;
  readonly blockSize: number;
  /** Writes the transport's beats and tempos for frames `start…start+n` into the context. */
  fill(start: number, n: number): void;
}

/** What the shadow found wrong with a signal. */
export interface ShadowFailure {
  readonly signal: string;
  /** `produced NaN`, `threw RangeError: …` (a fault's reason). */
  readonly reason: string;
  /** What it threw, for its location. */
  readonly error: unknown;
  /** Frames into the window where it went wrong. */
  readonly frame: number;
}

/**
 * The scratch copies, kept from one shadow render to the next: a reload shadows every signal
 * it registers, and a fresh array per signal (a delay line's block is ~100k doubles) made a
 * 20-signal reload spend more time in the garbage collector than rendering. Shrunk back when
 * one signal needed more than {@linkcode SCRATCH_KEEP} doubles.
 */
let SCRATCH = new Float64Array(1 << 16);
/** Doubles of scratch kept between renders (32 MiB). */
const SCRATCH_KEEP = 1 << 22;
/** The shadow's output buffers, by block size. */
const BUFFERS = new Map<number, Float64Array[]>();

/** A node's real place while it renders on its copy. */
interface Moved {
  readonly node: HelperNode;
  readonly mem: Float64Array;
  readonly base: number;
}

/**
 * Renders `binding` for `frames` frames from engine frame `start` on copies of its state.
 *
 * @param host The engine's context and transport.
 * @param binding The new generation.
 * @param start The engine frame it will start playing at.
 * @param frames The window.
 * @param describe Names a bad frame (the engine's fault wording).
 * @returns The failure, or undefined when it played cleanly.
 */
export function shadowRender(
  host: ShadowHost,
  binding: Binding,
  start: number,
  frames: number,
  describe: (v: Frame) => string,
): ShadowFailure | undefined {
  const moved: Moved[] = [];
  const pool = helperMemory();
  // One scratch array for every block of the binding (and any it claims while shadowed).
  const need = binding.scope.blocks.reduce((n, b) => n + b.size, 0);
  if (SCRATCH.length < need) SCRATCH = new Float64Array(need);
  let scratch = SCRATCH;
  let used = 0;
  const shadow = (node: HelperNode) => {
    const block = node.block;
    if (block === undefined) return;
    if (used + block.size > scratch.length) {
      const grown = new Float64Array(Math.max(2 * scratch.length, used + block.size));
      grown.set(scratch.subarray(0, used));
      for (const m of moved) m.node.mem = grown;
      scratch = SCRATCH = grown;
    }
    scratch.set(pool.subarray(block.offset, block.offset + block.size), used);
    moved.push({ node, mem: node.mem, base: node.base });
    node.mem = scratch;
    node.base = used;
    used += block.size;
  };
  for (const node of binding.nodes) shadow(node);
  const s = host.ctx;
  const state = binding.slice.view.slice();
  let buf = BUFFERS.get(host.blockSize);
  if (buf === undefined) {
    buf = [new Float64Array(host.blockSize), new Float64Array(host.blockSize)];
    BUFFERS.set(host.blockSize, buf);
  }
  const bad: BadFrame = { value: 0, monoOk: true, mono: false };
  const owner = RENDERING.owner;
  const claim = RENDERING.claim;
  const signal = RENDERING.signal;
  const claims = currentClaimScope();
  setClaimScope(binding.scope);
  RENDERING.owner = binding;
  RENDERING.signal = binding.name;
  RENDERING.claim = (node) => {
    bindLate(binding, node, host.sampleRate);
    shadow(node);
  };
  try {
    for (let done = 0; done < frames; done += host.blockSize) {
      const n = Math.min(host.blockSize, frames - done);
      host.fill(start + done, n);
      s.name = binding.name;
      s.state = state;
      let got: number;
      try {
        got = binding.runner(binding.fn, s, buf, n, start + done, host.sampleRate, bad);
      } catch (error) {
        return { signal: binding.name, reason: "", error, frame: done };
      }
      if (got < n) {
        return {
          signal: binding.name,
          reason: describe(bad.value),
          error: undefined,
          frame: done + got,
        };
      }
    }
    return undefined;
  } finally {
    RENDERING.owner = owner;
    RENDERING.claim = claim;
    RENDERING.signal = signal;
    setClaimScope(claims);
    for (const m of moved) {
      m.node.mem = m.mem;
      m.node.base = m.base;
    }
    if (SCRATCH.length > SCRATCH_KEEP) SCRATCH = new Float64Array(1 << 16);
  }
}

/**
 * Renders each new generation of a commit ahead (building helpers is locked meanwhile, as
 * while the engine renders); the first that goes wrong refuses the whole commit.
 *
 * @param host The engine's context and transport.
 * @param bindings The transaction's new generations.
 * @param start The engine frame they will start playing at.
 * @param frames The window.
 * @param beatsPerBar The transport's bar length (what the beat helpers read).
 * @throws {SignalRefusedError} Naming the signal, what it did and where it was written.
 */
export function refuseBadSignals(
  host: ShadowHost,
  bindings: Iterable<Binding>,
  start: number,
  frames: number,
  beatsPerBar: number,
): void {
  let failure: ShadowFailure | undefined;
  let refused: Binding | undefined;
  setBuildLocked(true);
  try {
    setBarBeats(beatsPerBar);
    for (const binding of bindings) {
      failure = shadowRender(host, binding, start, frames, describeBad);
      if (failure !== undefined) {
        refused = binding;
        break;
      }
    }
  } finally {
    setBuildLocked(false);
  }
  if (failure === undefined || refused === undefined) return;
  const reason = failure.reason !== "" ? failure.reason : describeThrow(failure.error);
  const thrownAt = failure.error instanceof Error ? userLocation(failure.error.stack) : undefined;
  throw new SignalRefusedError(
    failure.signal,
    `${reason} within ${
      Math.round(1000 * frames / host.sampleRate)
    } ms of starting; not applied: what played before plays on`,
    thrownAt ?? refused.site,
    failure.error,
  );
}
