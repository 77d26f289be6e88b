/**
 * Sources: oscillators (sine, band-limited saw, square and pulse, triangle, phasor) and noise.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderSignal, saw } from "@lel/lel";
 * const [x] = renderSignal(saw(100), 480, { sampleRate: 48000 });
 * assert.ok(Math.abs(x[0]) < 1e-12); // a saw rises through 0 at phase 0
 * ```
 * @module
 */

export {
  osc,
  type OscFactory,
  type OscOptions,
  type OscShape,
  phasor,
  pulse,
  saw,
  sin,
  square,
  tri,
} from "./oscillators.ts";
export { noise, type NoiseOptions } from "./noise.ts";
