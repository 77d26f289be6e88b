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

/** One block of a voice to mix: what the engine hands {@linkcode mixVoice} (one reused object). */
export interface VoiceBlock {
  /** The voice's block, one array per output channel. */
  readonly buf: readonly Float64Array[];
  /** Whether the voice's block is mono: channel 0 of `buf` stands for every channel. */
  mono: boolean;
  /** The ghost's block, read only while a crossfade runs. */
  readonly ghostBuf: readonly Float64Array[];
  /** Whether the ghost's block is mono. */
  ghostMono: boolean;
  /** The master bus to add into. */
  readonly master: readonly Float64Array[];
  /**
   * Whether only channel 0 of the master bus is written so far: every voice mixed into this
   * block added the same thing to every channel, so the others would be copies of it. At the
   * end of the block the engine gives the others channel 0's limited values; a voice that adds
   * something else first copies channel 0 to the others and clears this.
   */
  masterMono: boolean;
  /** The gain the voice is fading towards (0 or 1). */
  target: number;
  /** Gain change per frame. */
  readonly step: number;
  /** Frames. */
  n: number;
}

/**
 * Mixes one rendered block of a voice into the master bus: applies its fade (and the
 * crossfade from its ghost, the previous generation), and updates its meters (peak: the
 * largest |y| over frames and channels; the sum of squares over frames, then channels).
 *
 * While the voice holds its gain and has no ghost (nearly every block), a loop without
 * per-frame branches does it, reading a mono block once per frame; the meters still add one
 * square per channel, in the same order, so they are bit for bit the general loop's. While
 * every voice so far was mono, only channel 0 of the master bus is summed (the others would
 * be the same sums of the same values): see {@linkcode VoiceBlock.masterMono}. The peak takes
 * `Math.abs(y)`: `y < 0 ? -y : y` became a branch that mispredicted with the waveform, and
 * the two differ only at −0, which never exceeds a peak (it starts at +0).
 *
 * @param voice The voice (gain, crossfade weight and meters are updated).
 * @param block The block, its buffers and the fade.
 * @returns 1 when a crossfade just finished (the ghost can go), else 0.
 */
export function mixVoice(voice: Voice, block: VoiceBlock): number {
  if (voice.ghost === undefined && voice.gain === block.target) {
    if (block.mono) {
      steadyMono(voice, block);
      return 0;
    }
    spreadMaster(block);
    steady(voice, block);
    return 0;
  }
  spreadMaster(block);
  return fading(voice, block) ? 1 : 0;
}

/**
 * Gives every channel of the master bus its own copy of channel 0 while the bus is still mono
 * (see {@linkcode VoiceBlock.masterMono}).
 *
 * @param block The block being mixed.
 */
function spreadMaster(block: VoiceBlock): void {
  if (!block.masterMono) return;
  block.masterMono = false;
  const { master, n } = block;
  const m0 = master[0];
  for (let c = 1; c < master.length; c++) {
    const m = master[c];
    for (let i = 0; i < n; i++) m[i] = m0[i]; // no subarray(): it would allocate a view
  }
}

/**
 * A mono block at a constant gain: one product per frame, added to every channel (to channel
 * 0 alone while the master bus is mono).
 */
function steadyMono(voice: Voice, block: VoiceBlock): void {
  const { master, n } = block;
  const channels = master.length;
  const g = voice.gain;
  const b0 = block.buf[0];
  let peak = voice.peak;
  let sum = voice.sumSquares;
  if (block.masterMono) {
    const m0 = master[0];
    if (channels === 2) {
      for (let i = 0; i < n; i++) {
        const y = g * b0[i];
        m0[i] += y;
        const a = Math.abs(y);
        if (a > peak) peak = a;
        const q = y * y;
        sum += q;
        sum += q;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const y = g * b0[i];
        m0[i] += y;
        const a = Math.abs(y);
        if (a > peak) peak = a;
        const q = y * y;
        for (let c = 0; c < channels; c++) sum += q;
      }
    }
  } else if (channels === 2) {
    const m0 = master[0];
    const m1 = master[1];
    for (let i = 0; i < n; i++) {
      const y = g * b0[i];
      m0[i] += y;
      m1[i] += y;
      const a = Math.abs(y);
      if (a > peak) peak = a;
      const q = y * y;
      sum += q;
      sum += q;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const y = g * b0[i];
      const a = Math.abs(y);
      if (a > peak) peak = a;
      const q = y * y;
      for (let c = 0; c < channels; c++) {
        master[c][i] += y;
        sum += q;
      }
    }
  }
  voice.peak = peak;
  voice.sumSquares = sum;
}

/** A block of any channels at a constant gain. */
function steady(voice: Voice, block: VoiceBlock): void {
  const { buf, master, n } = block;
  const channels = master.length;
  const g = voice.gain;
  let peak = voice.peak;
  let sum = voice.sumSquares;
  if (channels === 2) {
    const b0 = buf[0];
    const b1 = buf[1];
    const m0 = master[0];
    const m1 = master[1];
    for (let i = 0; i < n; i++) {
      const y0 = g * b0[i];
      m0[i] += y0;
      const a0 = Math.abs(y0);
      if (a0 > peak) peak = a0;
      sum += y0 * y0;
      const y1 = g * b1[i];
      m1[i] += y1;
      const a1 = Math.abs(y1);
      if (a1 > peak) peak = a1;
      sum += y1 * y1;
    }
    voice.peak = peak;
    voice.sumSquares = sum;
    return;
  }
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < channels; c++) {
      const y = g * buf[c][i];
      master[c][i] += y;
      const a = Math.abs(y);
      if (a > peak) peak = a;
      sum += y * y;
    }
  }
  voice.peak = peak;
  voice.sumSquares = sum;
}

/** The general loop: the gain ramps, the crossfade weight ramps, either block may be mono. */
function fading(voice: Voice, block: VoiceBlock): boolean {
  const { buf, ghostBuf, master, target, step, n } = block;
  const channels = master.length;
  const hasGhost = voice.ghost !== undefined;
  const mono = block.mono;
  const ghostMono = block.ghostMono;
  let gain = voice.gain;
  let w = voice.xfade;
  let peak = voice.peak;
  let sum = voice.sumSquares;
  for (let i = 0; i < n; i++) {
    if (gain !== target) gain = rampTowards(gain, target, step);
    if (hasGhost && w < 1) w = rampTowards(w, 1, step);
    for (let c = 0; c < channels; c++) {
      let x = buf[mono ? 0 : c][i];
      if (hasGhost) x = w * x + (1 - w) * ghostBuf[ghostMono ? 0 : c][i];
      const y = gain * x;
      master[c][i] += y;
      const a = Math.abs(y);
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
function rampTowards(value: number, target: number, step: number): number {
  const next = value < target ? value + step : value - step;
  return Math.abs(target - next) < 1e-9 || (value < target) !== (next < target) ? target : next;
}
