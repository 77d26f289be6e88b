/**
 * The bench's yardstick: the reference chain written by hand as one fused loop, 128-frame
 * blocks, voices outer, every state in locals during a block, coefficients computed once per
 * block. Same math as lel's helpers (the polynomial sine, the TPT one-pole, the tremolo gain,
 * the linearly interpolated ring, the gain), so the comparison measures structure, not math.
 * @module
 */

import { sinTurns } from "../../helpers/fast_math.ts";
import { REFERENCE, referenceFrequency } from "./reference.ts";

/** One voice's state between blocks. */
interface VoiceState {
  phase: number;
  s1: number;
  lfo: number;
  write: number;
  readonly ring: Float64Array;
  readonly inc: number;
}

/** The reference chain for `voices` voices, fused by hand. */
export class FusedReference {
  readonly #voices: VoiceState[];
  readonly #sr: number;
  readonly #sum = new Float64Array(128);

  /**
   * @param voices How many voices.
   * @param sr Sample rate in Hz.
   */
  constructor(voices: number, sr: number) {
    this.#sr = sr;
    const length = Math.ceil(REFERENCE.maxDelay * sr) + 2;
    this.#voices = Array.from({ length: voices }, (_, k) => ({
      phase: 0,
      s1: 0,
      lfo: 0,
      write: 0,
      ring: new Float64Array(length),
      inc: referenceFrequency(k) / sr,
    }));
  }

  /**
   * Renders `frames` frames of the sum of all voices into two channels.
   *
   * @param left Left output.
   * @param right Right output (the same mono sum).
   * @param frames Frames to render.
   */
  render(left: Float32Array, right: Float32Array, frames: number): void {
    const sr = this.#sr;
    const g = Math.tan(Math.PI * REFERENCE.cutoff / sr);
    const coef = g / (1 + g);
    const lfoInc = REFERENCE.rate / sr;
    const depth = REFERENCE.depth;
    const d = REFERENCE.time * sr;
    const di = Math.floor(d);
    const frac = d - di;
    const level = REFERENCE.gain;
    const l = this.#sum;
    for (let done = 0; done < frames; done += 128) {
      const n = Math.min(128, frames - done);
      l.fill(0, 0, n);
      for (const v of this.#voices) {
        let phase = v.phase;
        let s1 = v.s1;
        let lfo = v.lfo;
        let write = v.write;
        const ring = v.ring;
        const len = ring.length;
        const inc = v.inc;
        for (let i = 0; i < n; i++) {
          const x = sinTurns(phase);
          phase += inc;
          phase -= Math.floor(phase);
          const u = (x - s1) * coef;
          const y = u + s1;
          s1 = y + u;
          const trem = 1 - depth * (0.5 + 0.5 * sinTurns(lfo));
          lfo += lfoInc;
          lfo -= Math.floor(lfo);
          ring[write] = trem * y;
          let r0 = write - di;
          if (r0 < 0) r0 += len;
          let r1 = r0 - 1;
          if (r1 < 0) r1 += len;
          const a = ring[r0];
          l[i] += level * (a + frac * (ring[r1] - a));
          if (++write >= len) write = 0;
        }
        v.phase = phase;
        v.s1 = s1;
        v.lfo = lfo;
        v.write = write;
      }
      for (let i = 0; i < n; i++) {
        left[done + i] = l[i];
        right[done + i] = l[i];
      }
    }
  }
}
