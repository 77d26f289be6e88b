/**
 * The sample player's voices: starting one on a trigger (fading out the one it replaces) and
 * summing the sounding ones, a frame at a time, with every voice's state in the pool.
 *
 * The state, at `st = b + head` (after the block's header):
 *
 * | slot     | name     |                                                                |
 * | -------- | -------- | -------------------------------------------------------------- |
 * | `st + 0` | `prev`   | the trigger's last value                                       |
 * | `st + 1` | `next`   | the voice the next trigger starts, 0..voices                   |
 * | `v + 0`  | `pos`    | voice `v`'s position in frames (a double)                      |
 * | `v + 1`  | `level`  | 1 sounding, below 1 fading out (one step a frame), 0 idle      |
 * | `v + 2`  | `offset` | the bank entry it plays, so a voice started before a reload    |
 * | `v + 3`  | `frames` | that changed the file plays on to its own end                  |
 *
 * with `v = st + 2 + 4·k` for voice `k` of `voices + 1`. The step functions write these
 * offsets as literals (a module constant costs V8 a hole check per use, and the functions must
 * stay small enough to inline); {@linkcode VOICE_LAYOUT} names them for the tests.
 *
 * Voices start in turn (round robin), so the voice a trigger replaces is always the one started
 * `voices` triggers earlier: with one sample and one rate, the oldest, and still sounding only
 * when every voice is. It fades out over {@linkcode FADE_SECONDS} while the new one starts in
 * the spare voice, so stealing never clicks.
 * @module
 */

import { bankData } from "../../runtime/core/data_bank.ts";
import { hermite, sampleAt } from "./hermite.ts";

/** The voices' state layout (see the module doc). */
export const VOICE_LAYOUT = {
  PREV: 0,
  NEXT: 1,
  FIRST: 2,
  SLOTS: 4,
  POS: 0,
  LEVEL: 1,
  OFFSET: 2,
  FRAMES: 3,
} as const;

/**
 * A stolen or choked voice fades out linearly over this many seconds (2 ms): its level falls
 * by `dt · 500` per frame (the step functions write the 500 out).
 */
export const FADE_SECONDS = 0.002;

/**
 * Watches the trigger for a rise through 0.5 (the previous frame below, this one at or above,
 * as `perc` fires) and starts a voice on it at the sample's first frame (its last when the
 * rate is negative). The voice started `voices` triggers earlier (the previous one with
 * `choke` 1) starts its fade if it still sounds at full level.
 *
 * @param mem Pool memory.
 * @param b The block's base.
 * @param head The block's header size: the voices' state starts at `b + head`.
 * @param trig The trigger's value this frame.
 * @param rate Playback rate.
 * @param offset Bank index of the sample's first value.
 * @param frames The sample's frames.
 * @param voices Voices that may sound at once.
 * @param choke 1: a trigger fades out the voice before it.
 * @param dt Seconds per frame.
 */
export function sampleTrigger(
  mem: Float64Array,
  b: number,
  head: number,
  trig: number,
  rate: number,
  offset: number,
  frames: number,
  voices: number,
  choke: number,
  dt: number,
): void {
  const st = b + head;
  const prev = mem[st];
  mem[st] = trig;
  if (!(trig >= 0.5) || prev >= 0.5) return;
  const slots = voices + 1;
  const next = mem[st + 1];
  // The voice k triggers back is k slots back: k = 1 with choke, else `voices` (one ahead).
  const old = st + 3 + ((next + (choke === 1 ? voices : 1)) % slots) * 4;
  if (mem[old] === 1) mem[old] = 1 - dt * 500;
  const at = st + 2 + next * 4;
  mem[at] = rate < 0 ? frames - 1 : 0;
  mem[at + 1] = 1;
  mem[at + 2] = offset;
  mem[at + 3] = frames;
  mem[st + 1] = next + 1 < slots ? next + 1 : 0;
}

/**
 * One frame of a mono sample into `out[0]`: the sounding voices summed, each read at its
 * position times its level (then moved on by `rate`, a fading one's level down one step),
 * times `gain`. A voice that has run off either end of its sample (−1 < pos < frames no
 * longer holds, NaN included) ends.
 *
 * @param out The output frame.
 * @param mem Pool memory.
 * @param b The block's base.
 * @param head The block's header size.
 * @param rate Playback rate.
 * @param gain Output gain (1 leaves the stored values exact).
 * @param voices Voices that may sound at once.
 * @param dt Seconds per frame.
 */
export function voicesMono(
  out: Float64Array,
  mem: Float64Array,
  b: number,
  head: number,
  rate: number,
  gain: number,
  voices: number,
  dt: number,
): void {
  const first = b + head + 2;
  const end = first + 4 + voices * 4;
  const fade = dt * 500; // the fade's step: dt / FADE_SECONDS
  let acc = 0;
  for (let v = first; v < end; v += 4) {
    const level = mem[v + 1];
    if (!(level > 0)) continue;
    const pos = mem[v];
    if (!(pos > -1 && pos < mem[v + 3])) {
      mem[v + 1] = 0;
      continue;
    }
    acc += level * sampleAt(mem[v + 2], 1, 0, pos);
    mem[v] = pos + rate;
    // A fading voice steps down, written out: this branch is rare, and V8 neither inlines a
    // call that was rare when it optimised nor returns a double from one unboxed.
    if (level < 1) mem[v + 1] = level > fade ? level - fade : 0;
  }
  out[0] = gain * acc;
}

/**
 * One frame of a stereo sample (frames interleaved left, right) into `out[0]`, `out[1]`, as
 * {@linkcode voicesMono} does for one channel.
 *
 * @param out The two-channel output.
 * @param mem Pool memory.
 * @param b The block's base.
 * @param head The block's header size.
 * @param rate Playback rate.
 * @param gain Output gain.
 * @param voices Voices that may sound at once.
 * @param dt Seconds per frame.
 */
export function voicesStereo(
  out: Float64Array,
  mem: Float64Array,
  b: number,
  head: number,
  rate: number,
  gain: number,
  voices: number,
  dt: number,
): void {
  const first = b + head + 2;
  const end = first + 4 + voices * 4;
  const fade = dt * 500;
  out[0] = 0;
  out[1] = 0;
  for (let v = first; v < end; v += 4) {
    const level = mem[v + 1];
    if (!(level > 0)) continue;
    const pos = mem[v];
    if (!(pos > -1 && pos < mem[v + 3])) {
      mem[v + 1] = 0;
      continue;
    }
    stereoAt(out, level, mem[v + 2], pos);
    mem[v] = pos + rate;
    // A fading voice steps down, written out: this branch is rare, and V8 neither inlines a
    // call that was rare when it optimised nor returns a double from one unboxed.
    if (level < 1) mem[v + 1] = level > fade ? level - fade : 0;
  }
  out[0] *= gain;
  out[1] *= gain;
}

/**
 * Adds both channels of a stereo sample at a position, times `level`, to `out[0]` and `out[1]`:
 * {@linkcode hermite} of each channel's four frames around the position, found once. At an
 * integer position that is the stored value exactly (every term but `x0` is multiplied by a
 * zero fraction; only a stored −0 comes out as +0), so this reader has no integer shortcut of
 * its own, which keeps the stereo player small enough for V8 to inline whole.
 *
 * @param out The two-channel sums.
 * @param level The voice's level.
 * @param offset Bank index of the sample's first value (frames of two values).
 * @param pos The position, −1 < pos < frames.
 */
export function stereoAt(out: Float64Array, level: number, offset: number, pos: number): void {
  const d = bankData;
  const i = Math.floor(pos);
  const t = pos - i;
  const at = offset + 2 * i;
  out[0] += level * hermite(d[at - 2], d[at], d[at + 2], d[at + 4], t);
  out[1] += level * hermite(d[at - 1], d[at + 1], d[at + 3], d[at + 5], t);
}

/**
 * Puts a scratch block's voices where the rare branches run (for the chain compiler's warm-up):
 * pass 0 every voice sounding at fractional positions near both ends and inside, with the
 * trigger low (a rising one then starts a voice and fades another), pass 1 fading voices, one
 * about to fall silent, and one past its end.
 *
 * @param mem Scratch memory.
 * @param st Index of the voices' state.
 * @param slots Voices in the block (`voices + 1`).
 * @param offset A bank index with at least 4 frames of 2 values and 2 frames either side.
 * @param pass Warm-up pass.
 * @returns Whether the pass moved anything.
 */
export function warmVoices(
  mem: Float64Array,
  st: number,
  slots: number,
  offset: number,
  pass: number,
): boolean {
  if (pass > 1) return false;
  const L = VOICE_LAYOUT;
  mem[st + L.PREV] = pass === 0 ? 0 : 1;
  mem[st + L.NEXT] = 0;
  for (let k = 0; k < slots; k++) {
    const v = st + L.FIRST + k * L.SLOTS;
    mem[v + L.POS] = pass === 0 ? k - 0.5 : k === 2 ? 1e9 : 0;
    mem[v + L.LEVEL] = pass === 0 ? 1 : k === 0 ? 0.5 : 1e-4;
    mem[v + L.OFFSET] = offset;
    mem[v + L.FRAMES] = 4;
  }
  return true;
}
