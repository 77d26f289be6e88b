/**
 * Oscillator figures: the polynomial sine's error against `Math.sin`, what one sine costs
 * against `Math.sin`, and the oscillator's share of a voice (lel rendering oscillators alone,
 * and constants: what the engine and the runner cost per voice with nothing to compute).
 * @module
 */

import { sinTurns } from "../../helpers/fast_math.ts";
import { mix, osc } from "../../mod.ts";
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
  /** lel rendering `voices` constants (compiled): the engine's and runner's cost per voice. */
  floorNs: number;
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
  const perVoice = async (voice: Parameters<typeof prepare>[3]) => {
    const prepared = prepare("lel", voices, seconds, voice);
    const times: number[] = [];
    for (let r = 0; r < 3; r++) times.push(await prepared.run());
    return (median(times) * 1e6) / (seconds * SAMPLE_RATE * voices);
  };
  const oscAloneNs = await perVoice((k) => osc(referenceFrequency(k)));
  const floorNs = await perVoice(() => mix(0.001));
  return { sineMaxError, sinTurnsNs, mathSinNs, oscAloneNs, floorNs, voices };
}
