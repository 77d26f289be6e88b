/**
 * The helper library: oscillators, filters, delays, modulation, level and space, composition,
 * and the persistent memory pool they keep their state in.
 *
 * Every helper takes its input first and its main parameter second, so it fits a pipe, and
 * every numeric parameter also accepts a signal.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lowpass, renderSignal, saw } from "@lel/lel";
 * const [x] = renderSignal(lowpass(saw(110), 800), 480);
 * assert.equal(x.length, 480);
 * ```
 * @module
 */

export * from "./units.ts";
export * from "./fast_math.ts";
export {
  claimStateBlock,
  configurePool,
  HELPER_MEMORY_SIZE,
  PoolExhaustedError,
  type PoolOptions,
  type PoolUsage,
  poolUsage,
} from "./pool.ts";
export { type HelperOptions, resetHelperCounter } from "./node.ts";
export {
  osc,
  type OscOptions,
  type OscShape,
  phasor,
  pulse,
  saw,
  sin,
  square,
  tri,
} from "./sources/oscillators.ts";
export { highpass, lowpass } from "./filters/one_pole.ts";
export { noise, type NoiseOptions } from "./sources/noise.ts";
export { bpf, hpf, lpf, notch } from "./filters/svf.ts";
export { DEFAULT_MAX_TIME, delay } from "./time/delay.ts";
export { feedback } from "./time/feedback.ts";
export { reverb } from "./time/reverb.ts";
export { tremolo } from "./modulation/tremolo.ts";
export { slew, type SlewOptions } from "./modulation/slew.ts";
export { perc, type PercOptions } from "./modulation/envelope.ts";
export { db, gain, gainDb } from "./mix/gain.ts";
export { pan } from "./mix/pan.ts";
export { mix, pipe, type Stage } from "./mix/compose.ts";
export { add, mul, range } from "./mix/math.ts";
