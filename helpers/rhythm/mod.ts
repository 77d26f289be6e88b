/**
 * Rhythm: durations and rates in beats and bars that follow the transport.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { beats, renderSignal } from "@lel/lel";
 * const [t] = renderSignal(beats(1), 1);
 * assert.equal(t[0], 0.5); // one beat at 120 BPM
 * ```
 * @module
 */

export { bars, beats, everyBars, everyBeats } from "./beats.ts";
export { gate, type PatternFactory, seq, trig } from "./patterns.ts";
