/**
 * Checks that the hand-fused loop computes what lel computes: renders the reference chain
 * through lel (no fade-in, quiet enough that the master limiter stays out) and through the
 * fused loop, and counts the samples that differ. The yardstick is only fair if this is 0.
 * @module
 */

import { engine, register, resetEngine } from "../../mod.ts";
import { FusedReference } from "./fused.ts";
import { SAMPLE_RATE } from "./forms.ts";
import { lelVoice } from "./reference.ts";

/** How the two forms compare over one render. */
export interface Agreement {
  voices: number;
  frames: number;
  /** Samples of channel 0 that differ at all. */
  differing: number;
  /** The largest difference. */
  maxDifference: number;
}

/**
 * Renders `frames` frames of `voices` voices both ways and compares channel 0.
 *
 * @param voices How many voices (few: their sum must stay below the limiter's knee).
 * @param frames Frames to render. @default {48000}
 * @returns The comparison.
 */
export function fusedAgreement(voices: number, frames = SAMPLE_RATE): Agreement {
  resetEngine({ sampleRate: SAMPLE_RATE, channels: 2, fadeTime: 0 });
  for (let k = 0; k < voices; k++) register(`v${k}`, lelVoice(k));
  const lel = [new Float32Array(frames), new Float32Array(frames)];
  engine().process(lel, frames);
  resetEngine({ sampleRate: SAMPLE_RATE, channels: 2 });
  const fused = [new Float32Array(frames), new Float32Array(frames)];
  new FusedReference(voices, SAMPLE_RATE).render(fused[0], fused[1], frames);
  let differing = 0;
  let maxDifference = 0;
  for (let i = 0; i < frames; i++) {
    const d = Math.abs(lel[0][i] - fused[0][i]);
    if (d > 0) differing++;
    if (d > maxDifference) maxDifference = d;
  }
  return { voices, frames, differing, maxDifference };
}
