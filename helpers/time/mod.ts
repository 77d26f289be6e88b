/**
 * Time: delay lines, echoes and reverb, all keeping what rings in them across reloads.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { delay, renderSignal } from "@lel/lel";
 * const click = (s: { frame: number }) => (s.frame === 0 ? 1 : 0);
 * const [y] = renderSignal(delay(click, 0.01, 0.001), 100, { sampleRate: 48000 });
 * assert.equal(y[48], 1);
 * ```
 * @module
 */

export { DEFAULT_MAX_TIME, delay } from "./delay.ts";
export { feedback } from "./feedback.ts";
export { reverb } from "./reverb.ts";
