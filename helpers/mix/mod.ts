/**
 * Mixing: level, pan, sums and pipes, and the stateless arithmetic a pipe needs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gain, renderSignal } from "@lel/lel";
 * const [y] = renderSignal(gain(0.8, 0.5), 2);
 * assert.equal(y[1], 0.4);
 * ```
 * @module
 */

export { gain, gainDb } from "./gain.ts";
export { pan } from "./pan.ts";
export { mix, pipe, type Stage } from "./compose.ts";
export { add, mul, range } from "./math.ts";
