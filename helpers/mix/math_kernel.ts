/**
 * The chain compiler's form of the stateless arithmetic in `math.ts` (`range`, `mul`, `add`),
 * which passes it to `tagSignal`.
 * @module
 */

import type { Param } from "../../runtime/core/signal.ts";
import type { KernelSpec } from "../../runtime/core/kernel_spec.ts";

/** A per-channel operation of `math.ts`: the input and two operands. */
export type ArithOp = (x: number, a: number, b: number) => number;

/**
 * The kernel spec of one `arith` signal: per output channel `op(x, a, b)`, each operand
 * broadcast as `math.ts` does (a mono operand on every channel, a missing channel as 0).
 *
 * @param op The operation (its identity is part of the chain's shape).
 * @param input The input (signal or number).
 * @param a First operand (signal or number).
 * @param b Second operand (signal or number).
 * @param channels Output channels (the widest operand).
 * @returns The spec.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const spec = arithKernel((x, k) => x * k, () => 1, 2, 0, 1);
 * assert.equal(spec.width, 1);
 * assert.equal(spec.inputs.length, 3);
 * ```
 */
export function arithKernel(
  op: ArithOp,
  input: Param,
  a: Param,
  b: Param,
  channels: number,
): KernelSpec {
  const width = Math.max(1, channels);
  return {
    kind: `arith:${op.name || "op"}`,
    inputs: [input, a, b],
    refs: { op },
    width,
    // An operation is a few bytes of arithmetic: at most 30 are inlined without counting.
    cost: { setup: 0, frame: 0, channel: 30, largest: 30 },
    emit: (e) => {
      const f = e.ref("op");
      const at = (k: number, ch: number) => {
        const w = e.width(k);
        return w === 1 ? e.input(k, 0) : ch < w ? e.input(k, ch) : "0";
      };
      let frame = "";
      for (let ch = 0; ch < width; ch++) {
        frame += `${e.output(ch)} = ${f}(${at(0, ch)}, ${at(1, ch)}, ${at(2, ch)});\n`;
      }
      return { setup: [], frame };
    },
  };
}
