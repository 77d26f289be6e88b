/**
 * Kernel specs: how the chain compiler (runtime/core/chain) emits a helper instance as code,
 * next to the helper's closure form (the reference). A helper passes its spec to `tagSignal`;
 * chains made only of helpers with specs are compiled into one kernel per chain shape.
 * @module
 */

import type { Param } from "./signal.ts";

/**
 * What the chain compiler hands a helper's emitter: the names things have in the generated
 * code. The code also sees `mem` (the pool) and `sr` / `dt` (sample rate, its inverse).
 */
export interface KernelEmit {
  /** The node's block base this block (an integer local). */
  readonly base: string;
  /** This frame's transport beat (frame code only: setup code runs per block). */
  readonly beat: string;
  /** Each parameter's value this frame, in `node.params` order (gliding or modulated). */
  readonly params: readonly string[];
  /** The spec's `values`, as locals. */
  readonly values: readonly string[];
  /**
   * Channels of input `k`.
   *
   * @param k Index into the spec's `inputs`.
   */
  width(k: number): number;
  /**
   * Input `k` on channel `ch`.
   *
   * @param k Index into the spec's `inputs`.
   * @param ch A channel number, or the variable {@linkcode KernelEmit.channels} passes.
   */
  input(k: number, ch: number | string): string;
  /**
   * Where to write output channel `ch` (assign it exactly once per frame).
   *
   * @param ch A channel number, or the variable {@linkcode KernelEmit.channels} passes.
   */
  output(ch: number | string): string;
  /**
   * Code run once per channel: unrolled, or a loop when the per-channel step is large (so a
   * step is inlined once, whatever the width).
   *
   * @param count Channels.
   * @param body The code for one channel, given its index expression.
   */
  channels(count: number, body: (ch: string) => string): string;
  /**
   * A fresh local name.
   *
   * @param hint Readable part of the name.
   */
  local(hint: string): string;
  /**
   * The generated code's name for one of the spec's `refs`.
   *
   * @param name Key in `refs`.
   */
  ref(name: string): string;
  /**
   * A Float64Array private to this step (e.g. a pair a step function writes its output into).
   *
   * @param size Its length.
   */
  scratch(size: number): string;
  /**
   * A scalar state slot of the block, as something to read and assign: in a loop that keeps
   * state in locals, a local loaded from `mem[slot]` before the loop and stored back after it
   * (and before a fault exit); otherwise `mem[slot]` itself.
   *
   * @param slot Its index in `mem`, an expression invariant over the loop (the base, numbers
   *   and a channel number; a channel variable from {@linkcode KernelEmit.channels} makes it
   *   `mem[slot]`).
   * @param hint Readable part of the local's name.
   * @param int Whether the slot always holds an int32 (a ring's write index): the local is
   *   then an integer, so indices made from it need no conversion.
   */
  state(slot: string, hint: string, int?: boolean): string;
}

/** Per-block work of a step: see {@linkcode KernelStep.setup}. */
export interface KernelSetup {
  /** Parameters (indices into `node.params`) the code reads. */
  readonly deps: readonly number[];
  /** The statements, in the emitter's names: they declare `locals` and read parameters. */
  readonly code: string;
  /** Locals the code declares that `frame` reads (numbers). */
  readonly locals: readonly string[];
  /**
   * Those of `locals` that always hold an int32 (ring lengths, whole delays): read back as
   * integers when a prologue computed them.
   */
  readonly ints?: readonly string[];
  /**
   * Whether the code reads the block's base (a ring's index): in a steady loop it then runs
   * before the loop of every block, never in a prologue, whose results outlive a crossfade
   * moving the block to a copy. It has no `deps`, and reads locals of earlier parts without
   * `deps` only.
   */
  readonly perBlock?: boolean;
}

/**
 * Bytecode bytes V8 counts against its inlining budget (`--print-bytecode`): every function
 * the code calls, callees included, except those of at most 30 bytes that call nothing (V8
 * inlines them outside its budget). `setup` for the setup parts, `frame` for the rest of a
 * frame, `channel` per channel (once in all when the channels run as a loop), and `largest`
 * for the largest call with its callees (V8 reserves room for it). The compiler splits a
 * chain so that no function goes over V8's default budget.
 */
export interface KernelCost {
  readonly setup: number;
  readonly frame: number;
  readonly channel: number;
  readonly largest: number;
}

/** A form of a step: what it costs and how it is emitted. */
export interface KernelForm {
  readonly cost: KernelCost;
  /** Emits one frame of the step. */
  readonly emit: (e: KernelEmit) => KernelStep;
}

/** One frame of a helper's step, as code, split so per-block work can leave the loop. */
export interface KernelStep {
  /**
   * Code that depends only on its parameters and on block slots the step writes only when
   * those move (memoised coefficients). It runs before `frame` on every frame, or once per
   * block, in a function of its own, when those parameters are constant and already at their
   * target for the whole block; it must give the same result either way.
   */
  readonly setup: readonly KernelSetup[];
  /** The per-frame code: reads the inputs and writes every output channel. */
  readonly frame: string;
}

/**
 * How the chain compiler (runtime/core/chain) emits one helper instance, next to the helper's
 * closure form (the reference). The emitted code calls the helper's exported step functions,
 * passed in `refs`; the closure form and the kernel must compute the same doubles in the same
 * order, so both render bit-identically and read and write the same pool slots.
 */
export interface KernelSpec {
  /**
   * Names the code this spec emits (helper and variant, e.g. `"svf:low"`): part of the chain's
   * shape key, so two specs with one kind must emit the same code for the same input widths.
   */
  readonly kind: string;
  /** Audio inputs in order: signals, or numbers for constant inputs. */
  readonly inputs: readonly Param[];
  /** Per-instance numbers the code reads (weights, offsets): inputs to a shared kernel. */
  readonly values?: readonly number[];
  /** Functions the emitted code calls, by the name `emit` asks {@linkcode KernelEmit.ref} for. */
  readonly refs: Readonly<Record<string, unknown>>;
  /** Output channels. */
  readonly width: number;
  /** Bytecode V8 counts for {@linkcode KernelSpec.emit}'s code (see {@linkcode KernelCost}). */
  readonly cost: KernelCost;
  /** Emits one frame of the step. */
  readonly emit: (e: KernelEmit) => KernelStep;
  /**
   * The step with its scalar state in locals, for loops that keep state in locals (steady
   * loops): each state slot is read and assigned through {@linkcode KernelEmit.state}, and
   * the code computes the same doubles in the same order as `emit`'s (the closure form's),
   * so both render bit-identically. Without it, those loops use `emit` too.
   */
  readonly local?: KernelForm;
  /**
   * Moves a scratch copy of the block to where the step's rare branches run (a ring about to
   * wrap, a phase about to jump), so a new kernel is warmed through them before it goes live.
   *
   * @param mem The scratch memory (never the pool).
   * @param base The block's base in it.
   * @param pass 0, 1, 2…: a different position each pass (return false when out of ideas).
   * @param sr Sample rate the block was sized for.
   * @returns Whether this pass changed anything.
   */
  readonly warm?: (mem: Float64Array, base: number, pass: number, sr: number) => boolean;
}
