/**
 * Note names to MIDI numbers and frequencies, written once for the whole project: the DSL's
 * `sin a4` and a pattern's `"c#3 eb4"` share these rules. Conventions (the DSL's and
 * Strudel's): scientific octave numbering (C4 is middle C, MIDI 60), A4 = 440 Hz, 12-tone equal
 * temperament, `#` sharp and `b` flat (repeatable: `c##3`, `ebb3`), octaves 0..9, letters in
 * either case. Inside a pattern a note without an octave is in octave 3, like Strudel's
 * `note()`; the DSL requires the octave.
 * @module
 */

/** The reference pitch: A4 in Hz. */
export const A4_HZ = 440;

const NOTE_TEXT = /^([a-gA-G])([#b]*)([0-9]?)$/;
const PITCH_CLASS: Record<string, number> = { c: 0, d: 2, e: 4, f: 5, g: 7, a: 9, b: 11 };

/** Options of {@link noteToMidi} and {@link noteToHz}. */
export interface NoteOptions {
  /**
   * The octave of a note written without one (`"eb"`); `undefined` makes the octave required.
   * @default undefined
   */
  defaultOctave?: number;
}

/**
 * The MIDI number of a note name (C4 = 60, A4 = 69).
 *
 * @param name E.g. `a4`, `c#3`, `Eb2`, `bb1`, or `c` with `defaultOctave`.
 * @param options `defaultOctave` for names without an octave.
 * @returns The MIDI number, or `undefined` when `name` is not a note.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { noteToMidi } from "./mod.ts";
 * assert.equal(noteToMidi("c4"), 60);
 * assert.equal(noteToMidi("c#3"), 49);
 * assert.equal(noteToMidi("eb", { defaultOctave: 3 }), 51);
 * assert.equal(noteToMidi("eb"), undefined);
 * ```
 */
export function noteToMidi(name: string, options?: NoteOptions): number | undefined {
  const m = NOTE_TEXT.exec(name);
  if (m === null) return undefined;
  const octave = m[3] === "" ? options?.defaultOctave : Number(m[3]);
  if (octave === undefined) return undefined;
  let accidental = 0;
  for (const c of m[2]) accidental += c === "#" ? 1 : -1;
  return 12 * (octave + 1) + PITCH_CLASS[m[1].toLowerCase()] + accidental;
}

/**
 * The frequency of a MIDI number in 12-tone equal temperament, A4 (69) = 440 Hz.
 *
 * `440 * 2 ** ((midi - 69) / 12)`, the formula the DSL has always used, so both give
 * bit-identical frequencies.
 *
 * @param midi A MIDI number (fractional values are microtones).
 * @returns The frequency in Hz.
 */
export function midiToHz(midi: number): number {
  return A4_HZ * Math.pow(2, (midi - 69) / 12);
}

/**
 * The frequency of a note name in 12-tone equal temperament with A4 = 440 Hz.
 *
 * @param name E.g. `a4`, `c#3`, `eb2`, `Bb1` (`#` sharp, `b` flat, octaves 0..9).
 * @param options `defaultOctave` for names without an octave (patterns use 3).
 * @returns The frequency in Hz, or `undefined` when `name` is not a note.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { noteToHz } from "./mod.ts";
 * assert.equal(noteToHz("a4"), 440);
 * assert.equal(noteToHz("a3"), 220);
 * assert.equal(noteToHz("a", { defaultOctave: 3 }), 220);
 * assert.ok(Math.abs(noteToHz("c4")! - 261.6255653) < 1e-6);
 * ```
 */
export function noteToHz(name: string, options?: NoteOptions): number | undefined {
  const midi = noteToMidi(name, options);
  return midi === undefined ? undefined : midiToHz(midi);
}
