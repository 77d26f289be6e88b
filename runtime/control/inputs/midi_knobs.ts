/**
 * What MIDI messages do to the knob store: control changes move the knobs mapped to them,
 * notes keep the reserved knobs a keyboard plays a synth with.
 *
 * - A CC moves every defined knob whose spec has `cc: { channel?, number }` matching it
 *   (channel left out = any), through the knob's curve: `setKnobNormalized(name, value / 127)`.
 * - `midinote` is the frequency in Hz of the held note that was pressed last (A4 = 440 Hz,
 *   `440·2^((note − 69)/12)`), **last-note priority**: releasing the sounding note falls back to
 *   the most recently pressed note still held; releasing a note that is not sounding changes
 *   nothing. After the last release `midinote` keeps its value (so a release tail stays at
 *   pitch) and `midigate` drops to 0.
 * - `midigate` is 1 while any note is held, else 0; `midivel` is the sounding note's velocity
 *   / 127 (it too holds after the release).
 * - `midibend` is the pitch bend, −1..1 (0 at rest); scaling it to semitones is the session's.
 * - `midicount` goes up by 1 on every note-on (legato ones too; back to 0 after
 *   `MIDI_COUNT_WRAP − 1`): `midiTrig` pulses when it changes.
 * - Notes of every channel count (omni). CC 120 (all sound off) and 123 (all notes off)
 *   release every held note.
 * @module
 */

import { knobSlot, knobsOnCc, knobValues, MIDI_COUNT_WRAP, setKnob } from "../../core/knobs.ts";
import { setKnobNormalized } from "../../core/knob_position.ts";
import type { MidiMessage } from "./midi.ts";

/** What the MIDI messages did. */
export interface MidiKnobStats {
  /** Knob changes made by control changes. */
  ccApplied: number;
  /** Control changes no knob is mapped to. */
  ccUnmapped: number;
  /** Control changes a mapped knob refused (e.g. it has no finite range). */
  ccRejected: number;
  /** Note-ons. */
  notes: number;
  /** Why the latest CC was refused. */
  lastError: string | undefined;
}

/** The reserved knob for pitch bend, −1..1. */
export const MIDI_BEND_KNOB = "midibend";

/**
 * The frequency of a MIDI note number, A4 (69) = 440 Hz, 12-tone equal temperament.
 *
 * @param note MIDI note number 0..127.
 * @returns Hz.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(midiToHz(69), 440);
 * assert.equal(midiToHz(57), 220);
 * ```
 */
export function midiToHz(note: number): number {
  return 440 * Math.pow(2, (note - 69) / 12);
}

/**
 * Applies MIDI messages to the knob store, keeping the held notes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { getKnob } from "../../core/knobs.ts";
 * const midi = new MidiKnobs();
 * midi.apply({ type: "noteOn", channel: 1, note: 60, velocity: 100 });
 * midi.apply({ type: "noteOn", channel: 1, note: 64, velocity: 50 });
 * midi.apply({ type: "noteOff", channel: 1, note: 64, velocity: 0 });
 * assert.ok(Math.abs(getKnob("midinote")!.value - 261.6256) < 1e-4); // back to the held C4
 * assert.equal(getKnob("midigate")!.value, 1);
 * midi.apply({ type: "noteOff", channel: 1, note: 60, velocity: 0 });
 * assert.equal(getKnob("midigate")!.value, 0);
 * ```
 */
export class MidiKnobs {
  /** Held notes in the order they were pressed (last = sounding). */
  readonly #held: { channel: number; note: number; velocity: number }[] = [];
  readonly #stats: MidiKnobStats = {
    ccApplied: 0,
    ccUnmapped: 0,
    ccRejected: 0,
    notes: 0,
    lastError: undefined,
  };

  /** Counts so far (a live view). */
  get stats(): Readonly<MidiKnobStats> {
    return this.#stats;
  }

  /** How many notes are held now. */
  get held(): number {
    return this.#held.length;
  }

  /**
   * Applies one message.
   *
   * @param message A parsed MIDI message.
   */
  apply(message: MidiMessage): void {
    switch (message.type) {
      case "noteOn":
        this.#noteOn(message.channel, message.note, message.velocity);
        return;
      case "noteOff":
        this.#noteOff(message.channel, message.note);
        return;
      case "cc":
        this.#cc(message.channel, message.controller, message.value);
        return;
      case "pitchBend":
        setKnob(MIDI_BEND_KNOB, message.value >= 0 ? message.value / 8191 : message.value / 8192);
        return;
    }
  }

  #noteOn(channel: number, note: number, velocity: number): void {
    this.#stats.notes++;
    this.#remove(channel, note);
    this.#held.push({ channel, note, velocity });
    setKnob("midinote", midiToHz(note));
    setKnob("midivel", velocity / 127);
    setKnob("midigate", 1);
    const count = knobValues()[knobSlot("midicount")!] + 1;
    setKnob("midicount", count < MIDI_COUNT_WRAP ? count : 0);
  }

  #noteOff(channel: number, note: number): void {
    const index = this.#remove(channel, note);
    if (index < 0) return;
    if (this.#held.length === 0) {
      setKnob("midigate", 0);
    } else if (index === this.#held.length) {
      const top = this.#held[this.#held.length - 1];
      setKnob("midinote", midiToHz(top.note));
      setKnob("midivel", top.velocity / 127);
    }
  }

  #cc(channel: number, controller: number, value: number): void {
    if ((controller === 120 || controller === 123) && this.#held.length > 0) {
      this.#held.length = 0;
      setKnob("midigate", 0);
    }
    const names = knobsOnCc(channel, controller);
    if (names.length === 0) this.#stats.ccUnmapped++;
    for (const name of names) {
      try {
        setKnobNormalized(name, value / 127);
        this.#stats.ccApplied++;
      } catch (error) {
        this.#stats.ccRejected++;
        this.#stats.lastError = (error as Error).message;
      }
    }
  }

  /** Removes a held note; returns where it was, or −1. */
  #remove(channel: number, note: number): number {
    const index = this.#held.findIndex((h) => h.channel === channel && h.note === note);
    if (index >= 0) this.#held.splice(index, 1);
    return index;
  }
}
