/**
 * Splits a chain into the functions its kernel is made of.
 *
 * A step calls its helper's step functions once per frame. Those calls allocate nothing only
 * when V8 inlines them: a call that is not inlined boxes every double it passes or returns.
 * V8 inlines into one optimised function at most `--max-inlined-bytecode-size-cumulative`
 * bytes of bytecode (920 by default), so a long chain in one loop leaves some calls out.
 *
 * The chain is cut into segments. A segment has a steady loop (every constant parameter at its
 * target: per-block work done by its prologue, a function of its own, before the loop), and
 * one or more general loops (parameters glide or are modulated: all work per frame, so it
 * needs more budget and may be cut further). Every function stays under V8's budget; loops
 * hand their outputs over per block through scratch Float64Arrays.
 * @module
 */

import type { KernelCost, KernelForm } from "../kernel_spec.ts";
import { type Chain, NotCompilable, type Step } from "./shape.ts";

/** V8's default cumulative inlining budget per optimised function, in bytecode bytes. */
export const V8_INLINE_BUDGET = 920;

/**
 * V8 takes a candidate only while the bytes inlined so far plus 1.2× its size fit the budget
 * (its size counting what its own optimised code inlined, if it has some), in an order of its
 * own; a function whose counted bytes plus 0.2× its largest call stay under this inlines
 * everything whatever that order. The small margin below 920 only covers rounding: the
 * declared costs are checked against V8's own figures by tests/runtime/core/chain/compile_test.ts.
 */
export const FUNCTION_BUDGET = 910;

/** Per-channel code up to this many bytes is unrolled; larger runs as a loop over channels. */
export const UNROLL_BYTES = 64;

/**
 * The same in steady loops, where a channel loop also costs a hand-over through scratch
 * arrays per frame: a stereo ring tap (84 bytes) unrolled made a stereo delay chain ~12%
 * faster. Unrolled bytes count against the budget like any others.
 */
export const STEADY_UNROLL_BYTES = 128;

/**
 * Whether a step's per-channel code is unrolled for `count` channels.
 *
 * @param cost The cost of the step's form.
 * @param count Channels.
 * @param steady Whether the code is for a steady loop. @default {false}
 * @returns True to unroll, false to loop (one inlined copy whatever the width).
 */
export function unrolls(cost: KernelCost, count: number, steady = false): boolean {
  return count <= 1 ||
    cost.channel * (count - 1) <= (steady ? STEADY_UNROLL_BYTES : UNROLL_BYTES);
}

/**
 * The form of a step a loop emits: steady loops keep scalar state in locals (the spec's
 * `local` form, when it has one), general loops keep it in the pool.
 *
 * @param step The step.
 * @param steady Whether the loop is a steady one (or its prologue).
 * @returns The form.
 */
export function formOf(step: Step, steady: boolean): KernelForm {
  return (steady ? step.spec.local : undefined) ?? step.spec;
}

/**
 * What a function needs from V8's budget in the worst order: its bytes, plus the 20% V8
 * reserves on the largest call when it comes last.
 *
 * @param cost Bytes counted.
 * @param largest Largest call with its callees.
 * @returns Bytes of budget needed.
 */
export function budgetNeeded(cost: number, largest: number): number {
  return cost + Math.ceil(0.2 * largest);
}

/** A run of steps (ids `from` to `to - 1`) in one function, and the budget it needs. */
export interface Run {
  readonly from: number;
  readonly to: number;
  readonly budget: number;
}

/** A segment: its steady loop, its prologue, and its general loops. */
export interface Segment extends Run {
  /** The prologue's budget (0 when its work calls nothing V8 counts). */
  readonly prologue: number;
  /** General loops covering `from` to `to` in order. */
  readonly general: readonly Run[];
}

/** Bytes of one frame of a step's per-frame and per-channel code in a form. */
function loopCost(step: Step, cost: KernelCost, steady: boolean): number {
  const channels = Math.max(1, step.width, ...step.inputs.map((op) => op.width));
  return cost.frame + cost.channel * (unrolls(cost, channels, steady) ? channels : 1);
}

/** Bytes a step adds to a steady loop (its setup stays in the loop if it may be modulated). */
function steadyCost(step: Step): number {
  const cost = formOf(step, true).cost;
  const modulated = step.params.some((p) => p.kind === "modulated");
  return loopCost(step, cost, true) + (modulated ? cost.setup : 0);
}

/** Bytes a step's setup adds to a steady segment's prologue. */
function prologueCost(step: Step): number {
  return formOf(step, true).cost.setup;
}

/** The largest call of a step's forms in a steady segment. */
function steadyLargest(step: Step): number {
  return formOf(step, true).cost.largest;
}

/** Bytes a step adds to a general loop. */
function generalCost(step: Step): number {
  return loopCost(step, step.spec.cost, false) + step.spec.cost.setup;
}

/** Greedy runs over steps `from..to` under the budget, by a cost per step. */
function runs(
  steps: readonly Step[],
  from: number,
  to: number,
  cost: (step: Step) => number,
): Run[] {
  const out: Run[] = [];
  let start = from;
  let sum = 0;
  let largest = 0;
  for (let id = from; id < to; id++) {
    const step = steps[id];
    const c = cost(step);
    const l = step.spec.cost.largest;
    if (id > start && budgetNeeded(sum + c, Math.max(largest, l)) > FUNCTION_BUDGET) {
      out.push({ from: start, to: id, budget: budgetNeeded(sum, largest) });
      start = id;
      sum = 0;
      largest = 0;
    }
    sum += c;
    largest = Math.max(largest, l);
  }
  out.push({ from: start, to, budget: budgetNeeded(sum, largest) });
  return out;
}

/**
 * Cuts a chain's steps (in evaluation order) into segments whose every function stays under
 * {@linkcode FUNCTION_BUDGET}.
 *
 * @param chain The chain.
 * @returns The segments, covering every step once, in order.
 * @throws {NotCompilable} When one step alone needs more than V8's budget.
 */
export function split(chain: Chain): Segment[] {
  const steps = chain.steps;
  for (const step of steps) {
    // The prologue is a function of its own: the steady loop and it each need their budget.
    const needs = Math.max(
      budgetNeeded(generalCost(step), step.spec.cost.largest),
      budgetNeeded(steadyCost(step), steadyLargest(step)),
      budgetNeeded(prologueCost(step), steadyLargest(step)),
    );
    if (needs > V8_INLINE_BUDGET) {
      throw new NotCompilable(
        `the ${step.spec.kind} step inlines ${needs} bytes, more than V8's budget allows`,
      );
    }
  }
  // A steady segment closes when either its loop or its prologue would go over the budget.
  const segments: Segment[] = [];
  let start = 0;
  let loop = 0;
  let setup = 0;
  let largest = 0;
  const close = (to: number) => {
    segments.push({
      from: start,
      to,
      budget: budgetNeeded(loop, largest),
      prologue: setup === 0 ? 0 : budgetNeeded(setup, largest),
      general: runs(steps, start, to, generalCost),
    });
  };
  for (const step of steps) {
    const l = Math.max(largest, steadyLargest(step));
    const over = budgetNeeded(loop + steadyCost(step), l) > FUNCTION_BUDGET ||
      budgetNeeded(setup + prologueCost(step), l) > FUNCTION_BUDGET;
    if (step.id > start && over) {
      close(step.id);
      start = step.id;
      loop = 0;
      setup = 0;
      largest = 0;
    }
    loop += steadyCost(step);
    setup += prologueCost(step);
    largest = Math.max(largest, steadyLargest(step));
  }
  close(steps.length);
  return segments;
}
