import assert from "node:assert/strict";
import {
  defineKnob,
  getKnob,
  MIDI_COUNT_WRAP,
  resetKnobs,
  setKnob,
} from "../../../../runtime/core/knobs.ts";
import type { MidiMessage } from "../../../../runtime/control/inputs/midi.ts";
import { MidiKnobs, midiToHz } from "../../../../runtime/control/inputs/midi_knobs.ts";

const on = (note: number, velocity = 100, channel = 1): MidiMessage => ({
  type: "noteOn",
  channel,
  note,
  velocity,
});
const off = (note: number, channel = 1): MidiMessage => ({
  type: "noteOff",
  channel,
  note,
  velocity: 0,
});
const cc = (controller: number, value: number, channel = 1): MidiMessage => ({
  type: "cc",
  channel,
  controller,
  value,
});
const value = (name: string) => getKnob(name)!.value;

Deno.test("midiToHz: A4 = 440 Hz, 12-tone equal temperament", () => {
  assert.equal(midiToHz(69), 440);
  assert.equal(midiToHz(81), 880);
  // C4 = 440·2^(-9/12) = 261.6255653 Hz; 1e-7 Hz tolerance for the printed digits.
  assert.ok(Math.abs(midiToHz(60) - 261.6255653) < 1e-7);
});

Deno.test("notes: last-note priority, falling back to the latest note still held", () => {
  resetKnobs();
  const midi = new MidiKnobs();
  const steps: [MidiMessage, number, number][] = [
    // message, midinote after (MIDI number), midigate after
    [on(60), 60, 1],
    [on(64), 64, 1],
    [on(67), 67, 1],
    [on(65), 65, 1],
    [off(67), 65, 1], // not the sounding note: nothing moves
    [off(65), 64, 1], // the sounding note: back to the latest still held (64, not 60)
    [on(72), 72, 1],
    [off(72), 64, 1],
    [off(64), 60, 1],
    [off(60), 60, 0], // the last release: the pitch holds, the gate drops
    [off(60), 60, 0], // a release of a note not held changes nothing
  ];
  for (const [i, [message, note, gate]] of steps.entries()) {
    midi.apply(message);
    assert.equal(value("midinote"), midiToHz(note), `step ${i}: midinote`);
    assert.equal(value("midigate"), gate, `step ${i}: midigate`);
  }
  assert.equal(midi.held, 0);
});

Deno.test("notes: midicount goes up by 1 on every note-on, legato ones included, never on a release, and wraps to 0", () => {
  resetKnobs();
  const midi = new MidiKnobs();
  const steps: [MidiMessage, number][] = [
    [on(60), 1],
    [on(64), 2], // legato: the gate stays 1, the count still moves
    [off(64), 2], // falling back to the held 60 is no note-on
    [off(60), 2],
    [on(60), 3],
    [off(61), 3],
  ];
  for (const [i, [message, count]] of steps.entries()) {
    midi.apply(message);
    assert.equal(value("midicount"), count, `step ${i}`);
  }
  setKnob("midicount", MIDI_COUNT_WRAP - 1);
  midi.apply(on(62));
  assert.equal(value("midicount"), 0);
});

Deno.test("notes: velocity is the sounding note's /127; a repeated note moves to the top", () => {
  resetKnobs();
  const midi = new MidiKnobs();
  midi.apply(on(60, 127));
  midi.apply(on(62, 64));
  assert.equal(value("midivel"), 64 / 127);
  midi.apply(on(60, 32)); // pressed again while held: now the latest
  midi.apply(off(60));
  assert.equal(value("midinote"), midiToHz(62));
  assert.equal(value("midivel"), 64 / 127);
  midi.apply(off(62));
  assert.equal(value("midivel"), 64 / 127, "holds after the last release");
  assert.equal(midi.held, 0);
});

Deno.test("notes: the same note number on two channels is two held notes", () => {
  resetKnobs();
  const midi = new MidiKnobs();
  midi.apply(on(60, 100, 1));
  midi.apply(on(60, 100, 2));
  midi.apply(off(60, 2));
  assert.equal(value("midigate"), 1);
  midi.apply(off(60, 1));
  assert.equal(value("midigate"), 0);
});

Deno.test("CC moves the knobs mapped to it through their curve, on their channel", () => {
  resetKnobs();
  defineKnob("cutoff", { default: 800, min: 20, max: 20000, curve: "exp", cc: { number: 74 } });
  defineKnob("mix", { min: 0, max: 1, cc: { number: 1, channel: 2 } });
  const midi = new MidiKnobs();
  midi.apply(cc(74, 127));
  assert.equal(value("cutoff"), 20000);
  midi.apply(cc(74, 0, 9));
  assert.equal(value("cutoff"), 20, "no channel in the spec: any channel");
  midi.apply(cc(74, 64));
  // 20·1000^(64/127); 1e-9 relative for pow rounding.
  const ref = 20 * Math.pow(1000, 64 / 127);
  assert.ok(Math.abs(value("cutoff") / ref - 1) < 1e-9);
  midi.apply(cc(1, 100, 1));
  assert.equal(value("mix"), 0, "channel 1 is not the mapped channel 2");
  midi.apply(cc(1, 100, 2));
  assert.equal(value("mix"), 100 / 127);
  midi.apply(cc(99, 1));
  assert.deepEqual(
    [midi.stats.ccApplied, midi.stats.ccUnmapped, midi.stats.ccRejected],
    [4, 2, 0],
  );
});

Deno.test("CC on a knob without a finite range is refused and counted, not thrown", () => {
  resetKnobs();
  defineKnob("open", { default: 5, cc: { number: 20 } });
  const midi = new MidiKnobs();
  midi.apply(cc(20, 64));
  assert.equal(value("open"), 5);
  assert.equal(midi.stats.ccRejected, 1);
  assert.match(midi.stats.lastError!, /no finite range/);
});

Deno.test("CC 123 (all notes off) and 120 (all sound off) release every held note", () => {
  resetKnobs();
  for (const panic of [123, 120]) {
    const midi = new MidiKnobs();
    midi.apply(on(60));
    midi.apply(on(64));
    midi.apply(cc(panic, 0));
    assert.equal(value("midigate"), 0, `CC ${panic}`);
    assert.equal(midi.held, 0);
  }
});

Deno.test("pitch bend sets midibend in -1..1, 0 at rest", () => {
  resetKnobs();
  const midi = new MidiKnobs();
  const bend = (v: number): number => {
    midi.apply({ type: "pitchBend", channel: 1, value: v });
    return value("midibend");
  };
  assert.equal(bend(-8192), -1);
  assert.equal(bend(8191), 1);
  assert.equal(bend(0), 0);
  assert.equal(bend(4096), 4096 / 8191);
});
