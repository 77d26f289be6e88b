/**
 * Filters: one-pole lowpass and highpass, and the resonant state-variable filter's four
 * responses.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lpf, renderSignal } from "@lel/lel";
 * const [y] = renderSignal(lpf(1, 1000), 4800); // DC passes a lowpass
 * assert.ok(Math.abs(y[4799] - 1) < 1e-9);
 * ```
 * @module
 */

export { highpass, lowpass } from "./one_pole.ts";
export { bpf, hpf, lpf, notch, type SvfFactory } from "./svf.ts";
