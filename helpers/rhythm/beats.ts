/**
 * Musical durations and rates that follow the transport: `beats(0.75)` is three quarters of a
 * beat in seconds at whatever the tempo is (a delay time, a slew), `everyBeats(0.25)` is four
 * times per beat in Hz (an LFO, a tremolo). A rate made with `everyBeats`/`everyBars` also tells
 * the oscillators and the tremolo to take their phase from the transport, so what is added
 * mid-set lands on the grid of what already plays.
 * @module
 */

import type { Context, Signal } from "../../runtime/core/signal.ts";

const BEAT_PERIOD = Symbol.for("lel.beatPeriod");

type Tagged = Signal & { [BEAT_PERIOD]?: { beats: number; bars: boolean } };

function checkCount(verb: string, count: number): void {
  if (typeof count !== "number" || !(count > 0 && Number.isFinite(count))) {
    throw new RangeError(
      `Cannot make ${verb}: the count must be a number > 0, got ${String(count)}`,
    );
  }
}

/**
 * A duration of `count` beats, in seconds, following the tempo: `count · 60 / bpm`.
 *
 * @param count Beats, > 0.
 * @returns A signal in seconds.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { beats, renderSignal } from "@lel/lel";
 * const [t] = renderSignal(beats(0.5), 1); // 120 BPM: half a beat is 0.25 s
 * assert.equal(t[0], 0.25);
 * ```
 */
export function beats(count: number): Signal {
  checkCount("beats", count);
  const seconds = count * 60;
  return (s: Context) => seconds / s.bpm;
}

/**
 * A duration of `count` bars, in seconds, following the tempo and the bar length.
 *
 * @param count Bars, > 0.
 * @returns A signal in seconds.
 */
export function bars(count: number): Signal {
  checkCount("bars", count);
  const seconds = count * 60;
  return (s: Context) => (seconds * s.beatsPerBar) / s.bpm;
}

/**
 * A rate of once per `count` beats, in Hz, following the tempo: `bpm / (60 · count)`. Given
 * to an oscillator or a tremolo, its phase follows the transport (a cycle starts on every
 * multiple of `count` beats), wherever and whenever it was added.
 *
 * @param count Beats per cycle, > 0 (0.25: four per beat).
 * @returns A signal in Hz, tagged with its period.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { everyBeats, renderSignal } from "@lel/lel";
 * const [f] = renderSignal(everyBeats(0.25), 1); // 120 BPM: 8 per second
 * assert.equal(f[0], 8);
 * ```
 */
export function everyBeats(count: number): Signal {
  checkCount("everyBeats", count);
  const den = 60 * count;
  const fn = ((s: Context) => s.bpm / den) as Tagged;
  fn[BEAT_PERIOD] = { beats: count, bars: false };
  return fn;
}

/**
 * A rate of once per `count` bars, in Hz (see {@linkcode everyBeats}).
 *
 * @param count Bars per cycle, > 0.
 * @returns A signal in Hz, tagged with its period.
 */
export function everyBars(count: number): Signal {
  checkCount("everyBars", count);
  const den = 60 * count;
  const fn = ((s: Context) => s.bpm / (den * s.beatsPerBar)) as Tagged;
  fn[BEAT_PERIOD] = { beats: count, bars: true };
  return fn;
}

/**
 * The period of a rate made by {@linkcode everyBeats} or {@linkcode everyBars}.
 *
 * @param value A parameter's value.
 * @returns `{ beats, bars }` (bars: the count is in bars), or undefined for anything else.
 */
export function beatPeriodOf(value: unknown): { beats: number; bars: boolean } | undefined {
  return typeof value === "function" ? (value as Tagged)[BEAT_PERIOD] : undefined;
}
