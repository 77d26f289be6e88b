/**
 * Effects: the processors musicians reach for after filters and delays — drive (anti-aliased
 * saturation), crush (bit depth and sample rate reduction), comp (feed-forward compressor),
 * chorus and flanger (modulated delays, stereo from mono), and EQ bands (peak, shelves).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { drive, renderSignal, saw } from "@lel/lel";
 * const [y] = renderSignal(drive(saw(110), 0.8), 4800);
 * assert.ok(y.every((v) => Math.abs(v) < 1));
 * ```
 * @module
 */

export { drive } from "./drive.ts";
export { crush, type CrushOptions } from "./crush.ts";
export { comp, type CompOptions } from "./comp.ts";
export { chorus, type ChorusOptions } from "./chorus.ts";
export { flanger, type FlangerOptions } from "./flanger.ts";
export { type EqFactory, highshelf, lowshelf, peak } from "./eq.ts";
