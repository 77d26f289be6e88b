/**
 * Splits a chain into segments: runs of steps that share one frame loop.
 *
 * A step calls its helper's step functions once per frame. Those calls allocate nothing only
 * when V8 inlines them: a call that is not inlined boxes every double it passes or returns.
 * V8 inlines into one optimised function at most `--max-inlined-bytecode-size-cumulative`
 * bytes of bytecode (920 by default), so a long chain in one loop leaves its last calls out.
 * Each segment is its own function and stays under that budget; segments hand their outputs
 * over per block through scratch Float64Arrays.
 * @module
 */

import type { KernelSpec } from "../../helpers/node.ts";
import { type Chain, NotCompilable, type Step } from "./shape.ts";

/** V8's default cumulative inlining budget per optimised function, in bytecode bytes. */
export const V8_INLINE_BUDGET = 920;

/**
 * What one segment may inline. V8 takes a candidate only while the bytes inlined so far plus
 * 1.2× its size fit the budget; with at most 700 in all, every candidate function (460 bytes
 * at most, V8's single-inline limit) still fits, whatever order V8 takes them in. A step
 * larger than this, up to {@linkcode STEP_LIMIT}, gets a segment of its own.
 */
export const SEGMENT_BUDGET = 700;

/** Largest step cost that fits the budget alone (920 / 1.2); larger ones are not compiled. */
export const STEP_LIMIT = Math.floor(V8_INLINE_BUDGET / 1.2);

/** Per-channel code up to this many bytes is unrolled; larger runs as a loop over channels. */
export const UNROLL_BYTES = 64;

/**
 * Whether a step's per-channel code is unrolled for `count` channels.
 *
 * @param spec The step's spec.
 * @param count Channels.
 * @returns True to unroll, false to loop (one inlined copy whatever the width).
 */
export function unrolls(spec: KernelSpec, count: number): boolean {
  return count <= 1 || spec.cost.channel * (count - 1) <= UNROLL_BYTES;
}

/**
 * Inlined bytecode of one frame of a step.
 *
 * @param step The step.
 * @returns Bytes, as the spec declares them.
 */
export function stepCost(step: Step): number {
  const { frame, channel } = step.spec.cost;
  const channels = Math.max(1, step.width, ...step.inputs.map((op) => op.width));
  return frame + channel * (unrolls(step.spec, channels) ? channels : 1);
}

/** A run of consecutive steps (ids `from` to `to - 1`) sharing one frame loop. */
export interface Segment {
  readonly from: number;
  readonly to: number;
  /** Its estimated inlined bytecode. */
  readonly cost: number;
}

/**
 * Cuts the chain's steps (in evaluation order) into segments under {@linkcode SEGMENT_BUDGET}.
 *
 * @param chain The chain.
 * @returns The segments, covering every step once, in order.
 * @throws {NotCompilable} When one step alone is beyond {@linkcode STEP_LIMIT}.
 */
export function split(chain: Chain): Segment[] {
  const segments: Segment[] = [];
  let from = 0;
  let cost = 0;
  for (const step of chain.steps) {
    const c = stepCost(step);
    if (c > STEP_LIMIT) {
      throw new NotCompilable(
        `the ${step.spec.kind} step inlines ${c} bytes, more than V8's budget allows`,
      );
    }
    if (step.id > from && cost + c > SEGMENT_BUDGET) {
      segments.push({ from, to: step.id, cost });
      from = step.id;
      cost = 0;
    }
    cost += c;
  }
  segments.push({ from, to: chain.steps.length, cost });
  return segments;
}
