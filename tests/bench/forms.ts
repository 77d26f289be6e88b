/**
 * The bench's three forms of the reference chain, behind one interface: lel through its public
 * API (register + engine.process), the hand-fused loop, and native node-web-audio-api nodes in
 * an OfflineAudioContext. Each is prepared once (built, warmed) and then timed run by run.
 * @module
 */

import { OfflineAudioContext } from "node-web-audio-api";
import { engine, register, resetEngine } from "../../mod.ts";
import { setChainCompiler } from "../../runtime/core/chain/mod.ts";
import type { Signal } from "../../runtime/core/signal.ts";
import { FusedReference } from "./fused.ts";
import { lelVoice, nativeGraph } from "./reference.ts";

/** Which form. `lel-closures` is lel with the chain compiler off (the closure runner). */
export type FormName = "lel" | "lel-closures" | "fused" | "native";

/** A prepared form: each `run` renders the same number of seconds and returns milliseconds. */
export interface Prepared {
  run(): Promise<number>;
  /** RMS of channel 0 of the last run (a check that every form renders the same thing). */
  rms(): number;
}

/** Sample rate of every bench render. */
export const SAMPLE_RATE = 48000;

/** Seconds of audio warmed before timing (the JIT tiers up, kernels get optimised). */
const WARM_SECONDS = 2;

/**
 * Builds and warms one form.
 *
 * @param form Which form.
 * @param voices How many voices of the reference chain.
 * @param seconds Seconds each run renders.
 * @param voice The chain per voice for lel (the reference chain unless given).
 * @returns The prepared form.
 */
export function prepare(
  form: FormName,
  voices: number,
  seconds: number,
  voice: (k: number) => Signal = lelVoice,
): Prepared {
  const frames = Math.round(seconds * SAMPLE_RATE);
  const out = [new Float32Array(frames), new Float32Array(frames)];
  const rms = () => {
    let sum = 0;
    for (let i = 0; i < frames; i++) sum += out[0][i] * out[0][i];
    return Math.sqrt(sum / frames);
  };
  if (form === "lel" || form === "lel-closures") {
    const previous = setChainCompiler(form === "lel");
    resetEngine({ sampleRate: SAMPLE_RATE, channels: 2 });
    for (let k = 0; k < voices; k++) register(`v${k}`, voice(k));
    setChainCompiler(previous);
    const e = engine();
    e.process(out, Math.min(frames, WARM_SECONDS * SAMPLE_RATE));
    return {
      run: () => {
        const t0 = performance.now();
        e.process(out, frames);
        return Promise.resolve(performance.now() - t0);
      },
      rms,
    };
  }
  if (form === "fused") {
    const fused = new FusedReference(voices, SAMPLE_RATE);
    fused.render(out[0], out[1], Math.min(frames, WARM_SECONDS * SAMPLE_RATE));
    return {
      run: () => {
        const t0 = performance.now();
        fused.render(out[0], out[1], frames);
        return Promise.resolve(performance.now() - t0);
      },
      rms,
    };
  }
  let last = new Float32Array(0);
  return {
    run: async () => {
      const ctx = new OfflineAudioContext(2, frames, SAMPLE_RATE);
      nativeGraph(ctx, voices);
      const t0 = performance.now();
      const buffer = await ctx.startRendering();
      const ms = performance.now() - t0;
      last = buffer.getChannelData(0);
      return ms;
    },
    rms: () => {
      let sum = 0;
      for (let i = 0; i < last.length; i++) sum += last[i] * last[i];
      return Math.sqrt(sum / Math.max(1, last.length));
    },
  };
}
