/**
 * Oscillator figures: the polynomial sine's error against `Math.sin`, what one sine costs
 * against `Math.sin`, and the oscillator's share of a voice (lel rendering oscillators alone).
 * @module
 */

import { sinTurns } from "../../helpers/fast_math.ts";
import { osc } from "../../mod.ts";
import { prepare, SAMPLE_RATE } from "./forms.ts";
import { referenceFrequency } from "./reference.ts";
import { median } from "./stats.ts";

/** Oscillator measurements. */
export interface OscillatorFigures {
  /** Largest |sinTurns(x) − sin(2πx)| over a dense sweep of −3..3 turns. */
  sineMaxError: number;
  /** Nanoseconds per call, in a loop summing the results. */
  sinTurnsNs: number;
  mathSinNs: number;
  /** lel rendering `voices` sine oscillators alone, ns per sample per voice. */
  oscAloneNs: number;
  voices: number;
}

function perCall(fn: (x: number) => number): number {
  const n = 2_000_000;
  let sum = 0;
  const times: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) sum += fn(i * 1.37e-4);
    times.push(performance.now() - t0);
  }
  if (sum === 42) console.log(""); // keep the loop's result alive
  return (median(times) * 1e6) / n;
}

/**
 * Measures the oscillator.
 *
 * @param voices Voices for the lel render. @default {64}
 * @returns The figures.
 */
export async function oscillatorFigures(voices = 64): Promise<OscillatorFigures> {
  let sineMaxError = 0;
  for (let i = 0; i <= 6_000_000; i++) {
    const x = -3 + i * 1e-6;
    const e = Math.abs(sinTurns(x) - Math.sin(2 * Math.PI * x));
    if (e > sineMaxError) sineMaxError = e;
  }
  const sinTurnsNs = perCall(sinTurns);
  const mathSinNs = perCall((x) => Math.sin(2 * Math.PI * x));
  const seconds = 5;
  const alone = await prepare("lel", voices, seconds, (k) => osc(referenceFrequency(k)));
  const times: number[] = [];
  for (let r = 0; r < 3; r++) times.push(await alone.run());
  const oscAloneNs = (median(times) * 1e6) / (seconds * SAMPLE_RATE * voices);
  return { sineMaxError, sinTurnsNs, mathSinNs, oscAloneNs, voices };
}
