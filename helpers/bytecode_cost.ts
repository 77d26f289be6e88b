/**
 * What a step function costs V8's inliner, from the bytecode sizes measured by
 * `deno task costs` into `bytecode_table.ts` (generated; a test checks it is fresh).
 *
 * V8 counts every function a call inlines against its budget, callees included, except
 * functions of at most {@linkcode SMALL_FUNCTION_BYTES} bytes that call nothing (those are
 * inlined outside the budget).
 * @module
 */

import type { StepFunction } from "./helper_definition.ts";
import { BYTECODE } from "./bytecode_table.ts";

/** Functions of at most this many bytes that call nothing are inlined outside V8's budget. */
export const SMALL_FUNCTION_BYTES = 30;

/**
 * What an unmeasured function is assumed to cost (generous: the compiler then splits a chain
 * sooner rather than later). `deno task costs` measures it.
 */
export const UNMEASURED_BYTES = 200;

/** A call's cost: what it adds to a function's budget, and what it weighs as one candidate. */
export interface CallCost {
  /** Bytes counted against the inlining budget (the function and its callees). */
  readonly counted: number;
  /** The function with everything it calls, as V8 weighs the largest candidate. */
  readonly whole: number;
}

/** Size and callees of a function, by name (callees once per call site). */
function entry(name: string): readonly [number, readonly string[]] {
  const row = BYTECODE[name];
  if (row === undefined) return [UNMEASURED_BYTES, []];
  return [row[0] as number, row.slice(1) as string[]];
}

function counted(name: string, depth: number): number {
  const [size, callees] = entry(name);
  if (depth > 8) return size;
  const own = callees.length > 0 || size > SMALL_FUNCTION_BYTES ? size : 0;
  return callees.reduce((sum, c) => sum + counted(c, depth + 1), own);
}

function whole(name: string, depth: number): number {
  const [size, callees] = entry(name);
  if (depth > 8) return size;
  return callees.reduce((sum, c) => sum + whole(c, depth + 1), size);
}

let measuring = false;

/**
 * While measuring (tools/costs.ts), every call costs nothing, so every chain compiles and every
 * step function runs, whatever the table says.
 *
 * @param on Whether a measurement is running.
 */
export function setMeasuringBytecode(on: boolean): void {
  measuring = on;
}

/**
 * The cost of calling `fn` once.
 *
 * @param fn A step function (found by its name in the measured table).
 * @returns Its counted bytes and its whole weight.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const tiny = function unmeasuredExample() {};
 * assert.equal(callCost(tiny).counted, UNMEASURED_BYTES);
 * ```
 */
export function callCost(fn: StepFunction): CallCost {
  if (measuring) return { counted: 0, whole: 0 };
  const [size, callees] = entry(fn.name);
  const smallLeaf = callees.length === 0 && size <= SMALL_FUNCTION_BYTES;
  return { counted: counted(fn.name, 0), whole: smallLeaf ? 0 : whole(fn.name, 0) };
}

/**
 * Whether the table has a measurement for `fn`.
 *
 * @param fn A step function.
 * @returns True when `deno task costs` measured it.
 */
export function isMeasured(fn: StepFunction): boolean {
  return BYTECODE[fn.name] !== undefined;
}
