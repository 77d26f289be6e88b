/**
 * Source generation. Each segment of a chain (segment.ts) becomes
 * - a steady loop over the block, for blocks where every constant parameter of the segment is
 *   at its target: parameters are read once, and per-block work (coefficients) comes from
 * - a prologue, run once before the steady loop, which does that work and leaves its results
 *   in the per-voice values `V`;
 * - general loops, for blocks where a parameter glides or is modulated: every step reads its
 *   parameters per frame, exactly as `readParam` does, and does all its work per frame.
 * The last loop also writes each output frame out and checks them (NaN, ±Infinity, runaway),
 * a few frames behind.
 *
 * Every function has the signature `(mem, B, V, S, O, n, T) => frames`: `mem` the pool, `B` the
 * node bases (Int32Array), `V` the per-voice values (Float64Array), `S` the leaf and hand-over
 * arrays, `O` the output arrays, `T` each frame's transport beat; it returns `n`, or the first
 * bad frame (its value is left in `O`). Only objects and small integers cross a call, so no
 * double is ever boxed.
 *
 * This file plans a kernel (which outputs cross a loop, which locals a prologue computes);
 * `emit_function.ts` writes each function, `step_code.ts` each step's code in it and
 * `emit_output.ts` the output writes and checks that end the chain.
 * @module
 */

import type { Run, Segment } from "./segment.ts";
import type { Chain, Operand, Step } from "./shape.ts";
import { hoistable, Scope, setupParts } from "./step_code.ts";
import { emitGeneral, emitPrologue, emitSteady, type KernelPlan } from "./emit_function.ts";

/** One segment's functions (indices into the factory's result) and its steady check. */
export interface EmittedSegment {
  /** The prologue, or -1 when the segment has no per-block work. */
  readonly prologue: number;
  readonly steady: number;
  readonly general: readonly number[];
  /**
   * Constant parameters of the segment as triples (node, slot, target's V slot): the steady
   * loop runs when `mem[B[node] + slot] === V[target]` for all of them.
   */
  readonly checks: Int32Array;
}

/** A kernel's source and what its factory binds. */
export interface EmittedKernel {
  /** Body of `new Function(...names, source)`; returns the functions. */
  readonly source: string;
  /** Names the source closes over (refs and scratch arrays). */
  readonly names: readonly string[];
  /** Their values, in the same order. */
  readonly bindings: readonly unknown[];
  readonly segments: readonly EmittedSegment[];
  /** Arrays in `S`: one per leaf, then one per handed-over channel. */
  readonly scratchCount: number;
  /** Length of `V`: the chain's values, then the prologues' results. */
  readonly valueCount: number;
  /** Output channels. */
  readonly width: number;
}

/**
 * Generates a chain's kernel.
 *
 * @param chain The chain.
 * @param segments Its split.
 * @param id A number unique to this kernel (V8 caches functions by source; a shared cache
 *   entry would share one feedback vector between kernels).
 * @returns The source, its bindings and the segment layout.
 */
export function emitKernel(chain: Chain, segments: readonly Segment[], id: number): EmittedKernel {
  const steps = chain.steps;
  const consumers: number[][] = steps.map(() => []);
  const uses = (op: Operand, by: Step) => {
    if (op.kind === "step") consumers[op.step].push(by.id);
  };
  for (const step of steps) {
    for (const op of step.inputs) uses(op, step);
    for (const p of step.params) if (p.kind === "modulated") uses(p.operand, step);
  }
  // Loops in each mode, then which outputs cross a loop boundary in either.
  const steadyOf = new Int32Array(steps.length);
  const generalOf = new Int32Array(steps.length);
  const generalRuns: Run[] = [];
  segments.forEach((seg, k) => {
    steadyOf.fill(k, seg.from, seg.to);
    for (const run of seg.general) {
      generalOf.fill(generalRuns.length, run.from, run.to);
      generalRuns.push(run);
    }
  });
  const handover = new Map<number, number>();
  let scratchCount = chain.leaves.length;
  for (const step of steps) {
    const crosses = consumers[step.id].some((c) =>
      steadyOf[c] !== steadyOf[step.id] || generalOf[c] !== generalOf[step.id]
    );
    if (crosses) {
      handover.set(step.id, scratchCount);
      scratchCount += step.width;
    }
  }
  const scope = new Scope();
  // Prologue results: a V slot for each local a hoistable setup part declares.
  const hoisted = new Map<string, number>();
  const ints = new Set<string>();
  const hasPrologue = new Set<number>();
  let valueCount = chain.values.length;
  for (const step of steps) {
    for (const part of setupParts(step, scope)) {
      if (!hoistable(step, part)) continue;
      hasPrologue.add(step.id);
      for (const local of part.locals) hoisted.set(`${step.id}:${local}`, valueCount++);
      for (const local of part.ints ?? []) ints.add(`${step.id}:${local}`);
    }
  }
  const kernel: KernelPlan = {
    chain,
    scope,
    consumers,
    handover,
    hoisted,
    ints,
    steadyOf,
    generalOf,
  };
  const functions: string[] = [];
  const add = (source: string) => functions.push(source) - 1;
  const emitted: EmittedSegment[] = [];
  let general = 0;
  segments.forEach((seg, k) => {
    const last = k === segments.length - 1;
    const checks: number[] = [];
    for (let s = seg.from; s < seg.to; s++) {
      for (const p of steps[s].params) {
        if (p.kind === "constant") checks.push(steps[s].node, p.slot, p.target);
      }
    }
    let work = false;
    for (let s = seg.from; s < seg.to; s++) work ||= hasPrologue.has(s);
    const prologue = !work ? -1 : add(emitPrologue(kernel, seg, k));
    const steady = add(emitSteady(kernel, seg, k, last));
    const loops = seg.general.map((run, j) =>
      add(emitGeneral(kernel, run, general++, last && j === seg.general.length - 1))
    );
    emitted.push({ prologue, steady, general: loops, checks: Int32Array.from(checks) });
  });
  const source = `// lel chain kernel #${id}\n"use strict";\nreturn [\n${
    functions.join(",\n")
  }\n];`;
  return {
    source,
    names: scope.names,
    bindings: scope.bindings,
    segments: emitted,
    scratchCount,
    valueCount,
    width: chain.root.width,
  };
}
