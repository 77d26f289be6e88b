/**
 * The sample player's voices: starting one on a trigger (stealing or choking with a 2 ms fade)
 * and summing the sounding ones, one frame at a time, with every voice's state in the pool.
 *
 * A trigger channel's state: `prev` (the trigger's last value), `serial` (triggers so far),
 * then `voices + 1` voices of {@linkcode VOICE_SLOTS} slots each: `pos` (frames, double),
 * `level` (1 sounding, falling while fading, 0 idle), `fading` (0/1), `serial` (its start's
 * number: the oldest has the lowest), `offset` and `frames` (the bank entry it reads, so a
 * voice started before a reload that changed the file plays on to its end). The extra voice
 * is where a new one starts while a stolen one fades out.
 * @module
 */

import { sampleAt } from "./hermite.ts";

/** Per trigger channel, before the voices. */
const PREV = 0;
const SERIAL = 1;
/** Slots before the first voice. */
export const VOICES_AT = 2;
/** Slots of one voice, and their offsets. */
export const VOICE_SLOTS = 6;
const POS = 0;
const LEVEL = 1;
const FADING = 2;
const V_SERIAL = 3;
const OFFSET = 4;
const FRAMES = 5;

/** A stolen or choked voice fades out linearly over this many seconds. */
export const FADE_SECONDS = 0.002;
const FADE_PER_SECOND = 1 / FADE_SECONDS;

/** Fastest playback rate either way: 16 (four octaves up). */
export const MAX_RATE = 16;

/**
 * The playback rate clamped to −16..16 (NaN → 0, which holds a voice where it is).
 *
 * @param rate Rate: 1 is the file's own pitch, negative plays backwards.
 * @returns The clamped rate.
 */
export function playbackRate(rate: number): number {
  return rate >= MAX_RATE ? MAX_RATE : rate <= -MAX_RATE ? -MAX_RATE : rate === rate ? rate : 0;
}

/**
 * Watches a trigger channel for a rise through 0.5 (the previous frame below, this one at or
 * above, as `perc` fires) and starts a voice on it.
 *
 * @param mem Pool memory.
 * @param st Index of the trigger channel's state.
 * @param trig The trigger's value this frame.
 * @param rate Playback rate (from {@linkcode playbackRate}).
 * @param offset Bank index of the sample's first value.
 * @param frames The sample's frames.
 * @param voices Voices that may sound at once.
 * @param choke 1: a trigger fades out every sounding voice.
 */
export function sampleTrigger(
  mem: Float64Array,
  st: number,
  trig: number,
  rate: number,
  offset: number,
  frames: number,
  voices: number,
  choke: number,
): void {
  const prev = mem[st + PREV];
  mem[st + PREV] = trig;
  if (trig >= 0.5 && !(prev >= 0.5)) sampleStart(mem, st, rate, offset, frames, voices, choke);
}

/**
 * Starts a voice: with `choke` every sounding voice starts its fade; otherwise, when `voices`
 * already sound, the oldest does (it is stolen). The new voice takes an idle slot, or the
 * fading one that is quietest, at the first frame (the last when the rate is negative).
 *
 * @param mem Pool memory.
 * @param st Index of the trigger channel's state.
 * @param rate Playback rate.
 * @param offset Bank index of the sample's first value.
 * @param frames The sample's frames.
 * @param voices Voices that may sound at once.
 * @param choke 1: fade out every sounding voice.
 */
export function sampleStart(
  mem: Float64Array,
  st: number,
  rate: number,
  offset: number,
  frames: number,
  voices: number,
  choke: number,
): void {
  const first = st + VOICES_AT;
  const end = first + (voices + 1) * VOICE_SLOTS;
  let sounding = 0;
  let oldest = first;
  for (let at = first; at < end; at += VOICE_SLOTS) {
    if (!(mem[at + LEVEL] > 0) || mem[at + FADING] === 1) continue;
    if (choke === 1) mem[at + FADING] = 1;
    else if (sounding++ === 0 || mem[at + V_SERIAL] < mem[oldest + V_SERIAL]) oldest = at;
  }
  if (sounding >= voices) mem[oldest + FADING] = 1;
  const at = freeVoice(mem, first, end);
  const serial = mem[st + SERIAL] + 1;
  mem[st + SERIAL] = serial;
  mem[at + POS] = rate < 0 ? frames - 1 : 0;
  mem[at + LEVEL] = 1;
  mem[at + FADING] = 0;
  mem[at + V_SERIAL] = serial;
  mem[at + OFFSET] = offset;
  mem[at + FRAMES] = frames;
}

/**
 * The voice a new one goes in: the first idle one, else the quietest (they are all fading).
 *
 * @param mem Pool memory.
 * @param first Index of the first voice.
 * @param end Index after the last voice.
 * @returns The voice's index.
 */
export function freeVoice(mem: Float64Array, first: number, end: number): number {
  let best = first;
  let bestLevel = Infinity;
  for (let at = first; at < end; at += VOICE_SLOTS) {
    const level = mem[at + LEVEL];
    if (!(level > 0)) return at;
    if (level < bestLevel) {
      bestLevel = level;
      best = at;
    }
  }
  return best;
}

/**
 * A sounding voice's gain this frame, moving its fade on: 1 while it plays, else the level
 * it has reached (falling by `dt / FADE_SECONDS` per frame; at 0 the voice is idle).
 *
 * @param mem Pool memory.
 * @param at Index of the voice.
 * @param dt Seconds per frame.
 * @returns The gain.
 */
export function voiceGain(mem: Float64Array, at: number, dt: number): number {
  const level = mem[at + LEVEL];
  if (mem[at + FADING] === 1) {
    const next = level - dt * FADE_PER_SECOND;
    mem[at + LEVEL] = next > 0 ? next : 0;
  }
  return level;
}

/**
 * Whether a voice sounds at its position (−1 < pos < frames); ends it when it has run off
 * either end of its sample.
 *
 * @param mem Pool memory.
 * @param at Index of the voice.
 * @returns True when it sounds this frame.
 */
export function voiceLive(mem: Float64Array, at: number): boolean {
  if (!(mem[at + LEVEL] > 0)) return false;
  const pos = mem[at + POS];
  if (pos > -1 && pos < mem[at + FRAMES]) return true;
  mem[at + LEVEL] = 0;
  return false;
}

/**
 * One frame of a mono sample: the sounding voices summed (each read at its position and
 * moved on by `rate`), times `gain`.
 *
 * @param mem Pool memory.
 * @param st Index of the trigger channel's state.
 * @param rate Playback rate.
 * @param gain Output gain (1 leaves the stored values exact).
 * @param voices Voices that may sound at once.
 * @param dt Seconds per frame.
 * @returns The frame's value.
 */
export function voicesMono(
  mem: Float64Array,
  st: number,
  rate: number,
  gain: number,
  voices: number,
  dt: number,
): number {
  let acc = 0;
  const end = st + VOICES_AT + (voices + 1) * VOICE_SLOTS;
  for (let at = st + VOICES_AT; at < end; at += VOICE_SLOTS) {
    if (!voiceLive(mem, at)) continue;
    const g = voiceGain(mem, at, dt);
    const pos = mem[at + POS];
    acc += g * sampleAt(mem[at + OFFSET], mem[at + FRAMES], 1, 0, pos);
    mem[at + POS] = pos + rate;
  }
  return gain * acc;
}

/**
 * One frame of a stereo sample (frames interleaved left, right) into `out[0]`, `out[1]`.
 *
 * @param out The two-channel output.
 * @param mem Pool memory.
 * @param st Index of the trigger channel's state.
 * @param rate Playback rate.
 * @param gain Output gain.
 * @param voices Voices that may sound at once.
 * @param dt Seconds per frame.
 */
export function voicesStereo(
  out: Float64Array,
  mem: Float64Array,
  st: number,
  rate: number,
  gain: number,
  voices: number,
  dt: number,
): void {
  let l = 0;
  let r = 0;
  const end = st + VOICES_AT + (voices + 1) * VOICE_SLOTS;
  for (let at = st + VOICES_AT; at < end; at += VOICE_SLOTS) {
    if (!voiceLive(mem, at)) continue;
    const g = voiceGain(mem, at, dt);
    const pos = mem[at + POS];
    const offset = mem[at + OFFSET];
    const frames = mem[at + FRAMES];
    l += g * sampleAt(offset, frames, 2, 0, pos);
    r += g * sampleAt(offset, frames, 2, 1, pos);
    mem[at + POS] = pos + rate;
  }
  out[0] = gain * l;
  out[1] = gain * r;
}

/**
 * Puts a scratch block's voices where the rare branches run (for the chain compiler's warm-up):
 * pass 0 every voice sounding at fractional positions with the trigger low (a rising trigger
 * then steals), pass 1 two fading voices, one about to fall silent, and one past its end.
 *
 * @param mem Scratch memory.
 * @param st Index of the first trigger channel's state.
 * @param slots Voices in the block (`voices + 1`).
 * @param pass Warm-up pass.
 * @returns Whether the pass moved anything.
 */
export function warmVoices(mem: Float64Array, st: number, slots: number, pass: number): boolean {
  if (pass > 1) return false;
  mem[st + PREV] = pass === 0 ? 0 : 1;
  for (let v = 0; v < slots; v++) {
    const at = st + VOICES_AT + v * VOICE_SLOTS;
    mem[at + POS] = pass === 0 ? 0.5 + v : v === 2 ? 1e9 : 0;
    mem[at + LEVEL] = pass === 0 ? 1 : v === 0 ? 0.5 : 1e-4;
    mem[at + FADING] = pass === 0 ? 0 : 1;
    mem[at + V_SERIAL] = v + 1;
    mem[at + OFFSET] = 0;
    mem[at + FRAMES] = pass === 0 ? 2 + v : 64;
  }
  return true;
}
