/**
 * Sessions the allocation tests and the bench render: the reference chain over many voices,
 * and a mixed session with many chain shapes (every helper at least once, stereo chains,
 * modulated parameters, hand-written leaves).
 * @module
 */

import {
  bpf,
  clear,
  delay,
  feedback,
  gain,
  gainDb,
  highpass,
  hpf,
  lowpass,
  lpf,
  mix,
  noise,
  notch,
  osc,
  pan,
  perc,
  phasor,
  pipe,
  pulse,
  register,
  reverb,
  saw,
  sin,
  slew,
  square,
  tremolo,
  tri,
} from "../../mod.ts";
import type { Context } from "../../runtime/signal.ts";
import { cosTurns, polyBlep, sinTurns } from "../../helpers/fast_math.ts";
import {
  advancePhase,
  nextPhase,
  pulseAt,
  sawAt,
  sineAt,
  triAt,
} from "../../helpers/sources/oscillators.ts";
import { onePoleCoef, onePoleLow } from "../../helpers/filters/one_pole.ts";
import { svfCoefs, svfTick } from "../../helpers/filters/svf.ts";
import {
  delaySamples,
  ringAdvance,
  ringNext,
  ringRead,
  ringTap,
  ringWrite,
} from "../../helpers/time/delay.ts";
import { feedbackAmount, feedbackTick } from "../../helpers/time/feedback.ts";
import { clamp01 } from "../../helpers/time/reverb.ts";
import {
  lfoGain,
  lfoNext,
  tremoloDepth,
  tremoloGain,
  tremoloInc,
} from "../../helpers/modulation/tremolo.ts";
import { slewNext, slewStep, slewTick } from "../../helpers/modulation/slew.ts";
import { attackStep, percCoef, percTick } from "../../helpers/modulation/envelope.ts";
import { dbCoef, safeGain } from "../../helpers/mix/gain.ts";
import { panMono, panMonoTurns, panPosition, panStereo } from "../../helpers/mix/pan.ts";
import { noiseNext, noiseTick, noiseValue } from "../../helpers/sources/noise.ts";

/**
 * The reference chain `osc(f) |> lowpass 800 |> tremolo 5 0.8 |> delay 0.5 0.25 |> gain 0.4`
 * of voice `k` (frequencies a semitone apart from 110 Hz, folded into two octaves).
 *
 * @param k Voice index.
 * @returns The chain.
 */
export function referenceVoice(k: number) {
  return pipe(
    osc(110 * 2 ** ((k % 24) / 12) * (1 + k * 1e-4)),
    (x) => lowpass(x, 800),
    (x) => tremolo(x, 5, 0.8),
    (x) => delay(x, 0.5, 0.25),
    (x) => gain(x, 0.4),
  );
}

/**
 * Registers `voices` voices of the reference chain, each at a quiet gain share.
 *
 * @param voices How many.
 */
export function referenceSession(voices: number): void {
  clear();
  for (let k = 0; k < voices; k++) register(`v${k}`, referenceVoice(k));
}

/** Registers the mixed session: 17 signals of different shapes. */
export function mixedSession(): void {
  clear();
  const drift = (s: Context) => Math.sin(s.t * 0.3);
  const sweep = (s: Context) => 700 + 400 * Math.sin(s.t * 0.7);
  register("sine", pipe(sin(220), (x) => lowpass(x, sweep), (x) => gain(x, 0.1)));
  register(
    "bass",
    pipe(saw(55), (x) => lpf(x, mix(gain(osc(0.1), 300), 800), 0.4), (x) => gainDb(x, -18)),
  );
  register("hiss", pipe(noise({ seed: 1 }), (x) => highpass(x, 2000), (x) => gainDb(x, -30)));
  register(
    "bands",
    pipe(pulse(110, 0.3), (x) => bpf(x, 900, 0.5), (x) => pan(x, tri(0.1)), (x) => gain(x, 0.1)),
  );
  register(
    "room",
    pipe(
      square(220),
      (x) => notch(x, 1000, 0.3),
      (x) => pan(x, -0.5),
      (x) => hpf(x, 100),
      (x) => reverb(x, 1.5, 0.5, 0.3),
      (x) => gain(x, 0.05),
    ),
  );
  register(
    "echo",
    pipe(
      tri(330),
      (x) => feedback(x, 0.4, 0.3, 0.5),
      (x) => pan(x, drift),
      (x) => delay(x, 0.5, 0.25),
      (x) => gain(x, 0.05),
    ),
  );
  register("kick", gain(sin(55), perc(pulse(2), 0.2, { attack: 0.002 })));
  register(
    "glide",
    pipe(
      osc(slew(mix(gain(square(0.5), 100), 300), 0.05, { fall: 0.1 })),
      (x) => tremolo(x, mix(gain(phasor(0.5), 4), 1), 0.5),
      (x) => gain(x, 0.05),
    ),
  );
  register("wide", gain(mix(osc(100), pan(osc(150), 0.2), 0.01), 0.1));
  register(
    "stereo",
    pipe(
      saw(82.5),
      (x) => pan(x, 0.4),
      (x) => lowpass(x, 1200),
      (x) => lpf(x, 3000, 0.2),
      (x) => tremolo(x, 3, 0.3),
      (x) => slew(x, 0.001),
      (x) => feedback(x, 0.05, 0.031, 0.3),
      (x) => gainDb(x, -24),
    ),
  );
  register("gate", gain(tri(440), perc(pan(pulse(3, 0.1), 0.1), 0.05)));
  register("pluck", gain(perc(square(4), 0.1), 0.02));
  register("dry", pipe(osc(660, "saw"), (x) => reverb(x, 0.8, 0.2, 0.5), (x) => gain(x, 0.03)));
  register(
    "air",
    pipe(noise(), (x) => bpf(x, sweep, 0.6), (x) => pan(x, drift), (x) => gain(x, 0.02)),
  );
  register("sub", pipe(osc(40, "tri"), (x) => delay(x, 0.1, (s) => 0.05 + 0.01 * Math.sin(s.t))));
  register("lfo", pipe(phasor(0.25), (x) => gain(x, 0.01)));
  register(
    "balance",
    pipe(tri(110), (x) => pan(x, -0.3), (x) => pan(x, drift), (x) => gain(x, 0.02)),
  );
}

/**
 * Makes V8 optimise every step function on its own first, as happens when they run hot
 * outside a kernel (the closure runner, a kernel's first tiers). V8 then weighs each one with
 * what its own optimised code inlined when a kernel considers inlining it: the worst case for
 * the compiler's budget arithmetic.
 */
export function preheatStepFunctions(): void {
  const mem = new Float64Array(1 << 16);
  mem[2] = 1000; // a ring length and longest delay for the ring functions
  mem[3] = 900;
  const f64 = new Float64Array(2);
  // deno-lint-ignore no-explicit-any
  const calls: [(...args: any[]) => unknown, (i: number) => unknown[]][] = [
    [advancePhase, (i) => [mem, 10, 0.001 * (i % 7)]],
    [sineAt, (i) => [i * 0.001]],
    [sawAt, (i) => [(i * 0.001) % 1, 0.01]],
    [pulseAt, (i) => [(i * 0.001) % 1, 0.01, 0.3]],
    [triAt, (i) => [(i * 0.001) % 1]],
    [sinTurns, (i) => [i * 0.001]],
    [cosTurns, (i) => [i * 0.001]],
    [polyBlep, (i) => [(i * 0.001) % 1, 0.01]],
    [onePoleCoef, (i) => [mem, 100, 500 + (i % 3), 48000]],
    [onePoleLow, (i) => [mem, 110, Math.sin(i), 0.05]],
    [svfCoefs, (i) => [mem, 200, 500 + (i % 3), 0.3, 48000]],
    [svfTick, (i) => [mem, 200, 220, Math.sin(i), i % 4]],
    [delaySamples, (i) => [mem, 0, 0.01 + (i % 3) * 0.001, 48000]],
    [ringRead, (i) => [mem, 0, 300, (i % 500) + 0.5]],
    [ringWrite, (i) => [mem, 0, 300, Math.sin(i)]],
    [ringAdvance, () => [mem, 0]],
    [feedbackAmount, (i) => [0.1 * (i % 5)]],
    [feedbackTick, (i) => [mem, 0, 300, Math.sin(i), 10.5, 0.5]],
    [clamp01, (i) => [0.1 * (i % 13)]],
    [tremoloGain, (i) => [mem, 2000, 5 + (i % 2), 0.5, 48000]],
    [slewStep, (i) => [0.01 * (i % 3), 48000]],
    [slewTick, (i) => [mem, 2100, Math.sin(i), 0.001, 0.002]],
    [percCoef, (i) => [mem, 2200, 0.1 + (i % 3) * 0.01, 48000]],
    [attackStep, (i) => [0.001 * (i % 3), 48000]],
    [percTick, (i) => [mem, 2300, Math.sin(i * 0.01), 0.5, 0.01, 0.999]],
    [safeGain, (i) => [0.1 * i]],
    [dbCoef, (i) => [mem, 2400, -(i % 30)]],
    [panMono, (i) => [f64, Math.sin(i), Math.sin(i * 0.1)]],
    [panStereo, (i) => [f64, Math.sin(i), Math.cos(i), Math.sin(i * 0.1)]],
    [noiseTick, () => [mem, 2500]],
    // The local forms' functions (state in locals through a steady loop).
    [nextPhase, (i) => [(i * 0.001) % 1, 0.001 * (i % 7)]],
    [ringTap, (i) => [mem, 300, i % 1000, 1000, i % 500, 0.5]],
    [ringNext, (i) => [i % 1000, 1000]],
    [tremoloInc, (i) => [5 + (i % 2), 48000]],
    [tremoloDepth, (i) => [0.1 * (i % 13)]],
    [lfoNext, (i) => [(i * 0.001) % 1, 0.0001]],
    [lfoGain, (i) => [(i * 0.001) % 1, 0.5]],
    [slewNext, (i) => [Math.cos(i), Math.sin(i), 0.001, 0.002]],
    [panMonoTurns, (i) => [Math.sin(i * 0.1)]],
    [panPosition, (i) => [Math.sin(i * 0.1)]],
    [noiseNext, (i) => [i >>> 0]],
    [noiseValue, (i) => [(i * 2654435761) >>> 0]],
  ];
  let sink = 0;
  for (let i = 0; i < 20000; i++) {
    for (const [fn, args] of calls) {
      const v = fn(...args(i));
      if (typeof v === "number") sink += v;
    }
  }
  if (sink === 0.125) console.log(sink); // keep the results alive
}

/**
 * Loads a session by name: `reference:<voices>`, `mixed`, `mixed-preheated` (step functions
 * optimised on their own first), or a session file.
 *
 * @param session The name or path (relative to the working directory).
 */
export async function loadSession(session: string): Promise<void> {
  const reference = /^reference:(\d+)$/.exec(session);
  if (reference !== null) referenceSession(Number(reference[1]));
  else if (session === "mixed") mixedSession();
  else if (session === "mixed-preheated") {
    preheatStepFunctions();
    mixedSession();
  } else await import(new URL(session, `file://${Deno.cwd()}/`).href);
}
