/**
 * The signal API as plain functions on the process-wide engine, as sessions use it.
 * @module
 */

import { activeEngine as engine } from "./process_engine.ts";
import type { Param } from "./signal.ts";
import type { TempoOptions, TransportState } from "./transport.ts";
import type { QuantMode } from "./transaction.ts";
import type { SignalInfo } from "./voice_table.ts";

/**
 * Adds a signal, or hot-swaps the function of one already playing (its state stays).
 *
 * Helpers built since the previous `register` belong to this signal; their identity is their
 * type and index within it, so inserting a helper of another type keeps the others' state.
 *
 * @param name Signal name.
 * @param signal `(s) => number | number[]`, a helper chain, or a constant.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sin } from "@lel/lel";
 * register("hum", sin(110));
 * assert.equal(signals()[0].name, "hum");
 * unregister("hum");
 * ```
 */
export function register(name: string, signal: Param): void {
  engine().register(name, signal);
}

/**
 * Fades a signal out and frees its state.
 *
 * @param name Signal name.
 * @returns Whether it was playing.
 */
export function unregister(name: string): boolean {
  return engine().unregister(name);
}

/**
 * Fades every signal out; any registered again before the next block is swapped instead.
 */
export function clear(): void {
  engine().clear();
}

/**
 * Silences a signal with a fade; it keeps running, so unmuting continues in time.
 *
 * @param name Signal name.
 */
export function mute(name: string): void {
  engine().mute(name);
}

/**
 * Undoes {@linkcode mute}.
 *
 * @param name Signal name.
 */
export function unmute(name: string): void {
  engine().unmute(name);
}

/**
 * Plays only the named signals (the others keep running, muted); no names ends the solo.
 *
 * @param names Signals to hear.
 */
export function solo(...names: string[]): void {
  engine().solo(...names);
}

/**
 * The signals now playing, muted, fading or faulted, in mixing order.
 *
 * @returns Name, status and origin of each.
 */
export function signals(): SignalInfo[] {
  return engine().signals();
}

/**
 * Sets the tempo of the process engine; the beat carries on, gliding to the new rate over
 * 0.1 s (a tempo set before anything plays, or in a session's first load, is at once).
 * Inside a session load or REPL block it takes effect with the rest of the save.
 *
 * @param bpm Beats per minute, 1..1000.
 * @param options `beatsPerBar` (a whole number 1..64), `glide: false` to change at once.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tempo, transport } from "@lel/lel";
 * tempo(90, { beatsPerBar: 3 });
 * assert.equal(transport().bpm, 90);
 * assert.equal(transport().beatsPerBar, 3);
 * tempo(120, { beatsPerBar: 4 });
 * ```
 */
export function tempo(bpm: number, options?: TempoOptions): void {
  engine().tempo(bpm, options);
}

/**
 * Where the process engine's transport is now.
 *
 * @returns `{ bpm, beatsPerBar, beat, bar }` (beat and bar fractional, since it started).
 */
export function transport(): TransportState {
  return engine().transport();
}

/**
 * When commits of the process engine take effect: `"off"` at once, `"beat"` or `"bar"` at
 * the next beat or bar line (a session reload, a REPL block or a `send` then lands on the
 * grid). With no argument, only tells.
 *
 * @param mode The new mode.
 * @returns The mode now.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { quant } from "@lel/lel";
 * assert.equal(quant("bar"), "bar");
 * quant("off");
 * ```
 */
export function quant(mode?: QuantMode): QuantMode {
  const e = engine();
  if (mode !== undefined) e.quant = mode;
  return e.quant;
}

/**
 * The process engine's master level: a linear gain on the whole mix before the soft clip,
 * gliding (20 ms) so it never clicks. With no argument, only tells.
 *
 * @param gain Linear gain 0..16 (`db(-6)` for −6 dB).
 * @returns The level now.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { db, masterGain } from "@lel/lel";
 * assert.equal(masterGain(db(-6)), db(-6));
 * masterGain(1);
 * ```
 */
export function masterGain(gain?: number): number {
  const e = engine();
  if (gain !== undefined) e.masterGain = gain;
  return e.masterGain;
}
