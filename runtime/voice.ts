/**
 * A voice: one registered signal as the engine plays it (its current generation, fade and
 * crossfade, meters), and how one block of it is mixed into the master bus.
 * @module
 */

import type { Binding, Ghost } from "./binding.ts";

/** One signal as the engine plays it. */
export interface Voice {
  readonly name: string;
  binding: Binding;
  origin: string;
  gain: number;
  muted: boolean;
  removing: boolean;
  faulted: boolean;
  ghost: Ghost | undefined;
  /** Weight of the new generation during a crossfade, 0..1 (1 when none). */
  xfade: number;
  peak: number;
  sumSquares: number;
}

/**
 * Mixes one rendered block of a voice into the master bus: applies its fade (and the
 * crossfade from its ghost, the previous generation), and updates its meters.
 *
 * @param voice The voice (gain, crossfade weight and meters are updated).
 * @param buf The voice's block, one array per output channel.
 * @param ghostBuf The ghost's block, read only while a crossfade runs.
 * @param master The master bus to add into.
 * @param target The gain the voice is fading towards (0 or 1).
 * @param step Gain change per frame.
 * @param n Frames.
 * @returns Whether a crossfade just finished (the ghost can go).
 */
export function mixVoice(
  voice: Voice,
  buf: readonly Float64Array[],
  ghostBuf: readonly Float64Array[],
  master: readonly Float64Array[],
  target: number,
  step: number,
  n: number,
): boolean {
  const channels = master.length;
  const hasGhost = voice.ghost !== undefined;
  let gain = voice.gain;
  let w = voice.xfade;
  let peak = voice.peak;
  let sum = voice.sumSquares;
  for (let i = 0; i < n; i++) {
    if (gain !== target) gain = rampTowards(gain, target, step);
    if (hasGhost && w < 1) w = rampTowards(w, 1, step);
    for (let c = 0; c < channels; c++) {
      let x = buf[c][i];
      if (hasGhost) x = w * x + (1 - w) * ghostBuf[c][i];
      const y = gain * x;
      master[c][i] += y;
      const a = y < 0 ? -y : y;
      if (a > peak) peak = a;
      sum += y * y;
    }
  }
  voice.gain = gain;
  voice.xfade = w;
  voice.peak = peak;
  voice.sumSquares = sum;
  return hasGhost && w >= 1;
}

/** One step of a linear ramp; lands exactly on the target (no float drift past it). */
export /** One step of a linear ramp; lands exactly on the target (no float drift past it). */
function rampTowards(value: number, target: number, step: number): number {
  const next = value < target ? value + step : value - step;
  return Math.abs(target - next) < 1e-9 || (value < target) !== (next < target) ? target : next;
}
