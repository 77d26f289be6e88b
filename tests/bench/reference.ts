/**
 * The bench's reference chain, `osc(f) |> lowpass 800 |> tremolo 5 0.8 |> delay 0.5 0.25 |>
 * gain 0.4`, in its three forms' shared terms: the numbers, each voice's frequency, and the
 * same graph as native node-web-audio-api nodes.
 * @module
 */

import { delay, gain, lowpass, osc, pipe, tremolo } from "../../mod.ts";
import type { Signal } from "../../runtime/core/signal.ts";

/** The reference chain's numbers. */
export const REFERENCE = {
  cutoff: 800,
  rate: 5,
  depth: 0.8,
  maxDelay: 0.5,
  time: 0.25,
  gain: 0.4,
} as const;

/**
 * Voice `k`'s frequency: semitones up from 110 Hz, two octaves, slightly detuned per voice.
 *
 * @param k Voice index.
 * @returns Hz.
 */
export function referenceFrequency(k: number): number {
  return 110 * 2 ** ((k % 24) / 12) * (1 + k * 1e-4);
}

/**
 * Voice `k` of the reference chain, built from lel's helpers.
 *
 * @param k Voice index.
 * @returns The chain (its helpers bind to the next register).
 */
export function lelVoice(k: number): Signal {
  return pipe(
    osc(referenceFrequency(k)),
    (x) => lowpass(x, REFERENCE.cutoff),
    (x) => tremolo(x, REFERENCE.rate, REFERENCE.depth),
    (x) => delay(x, REFERENCE.maxDelay, REFERENCE.time),
    (x) => gain(x, REFERENCE.gain),
  );
}

/** The parts of node-web-audio-api's OfflineAudioContext the bench uses. */
// deno-lint-ignore no-explicit-any
type AudioContextLike = any;

/**
 * Builds `voices` voices of the reference chain as native nodes into `ctx`: an oscillator, a
 * one-pole lowpass as an IIRFilterNode (the TPT one-pole's transfer function,
 * `G(1 + z⁻¹) / (1 − (1 − 2G) z⁻¹)`), a tremolo (a GainNode at `1 − depth/2` whose gain a
 * 5 Hz oscillator moves by `depth/2`), a DelayNode and a GainNode.
 *
 * @param ctx An OfflineAudioContext.
 * @param voices How many voices.
 */
export function nativeGraph(ctx: AudioContextLike, voices: number): void {
  const g = Math.tan(Math.PI * REFERENCE.cutoff / ctx.sampleRate);
  const G = g / (1 + g);
  for (let k = 0; k < voices; k++) {
    const source = ctx.createOscillator();
    source.frequency.value = referenceFrequency(k);
    const lowpass = ctx.createIIRFilter([G, G], [1, -(1 - 2 * G)]);
    const tremolo = ctx.createGain();
    tremolo.gain.value = 1 - REFERENCE.depth / 2;
    const lfo = ctx.createOscillator();
    lfo.frequency.value = REFERENCE.rate;
    const depth = ctx.createGain();
    depth.gain.value = -REFERENCE.depth / 2;
    lfo.connect(depth).connect(tremolo.gain);
    const line = ctx.createDelay(REFERENCE.maxDelay);
    line.delayTime.value = REFERENCE.time;
    const level = ctx.createGain();
    level.gain.value = REFERENCE.gain;
    source.connect(lowpass).connect(tremolo).connect(line).connect(level).connect(
      ctx.destination,
    );
    source.start();
    lfo.start();
  }
}
