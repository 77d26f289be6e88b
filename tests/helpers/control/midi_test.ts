import assert from "node:assert/strict";
import { midibend, midigate, midinote, midiTrig, midivel } from "../../../helpers/control/midi.ts";
import { adsr } from "../../../helpers/modulation/adsr.ts";
import { perc } from "../../../helpers/modulation/envelope.ts";
import { mul } from "../../../helpers/mix/math.ts";
import { saw } from "../../../helpers/sources/oscillators.ts";
import { knobSlot, knobValues, resetKnobs, setKnob } from "../../../runtime/core/knobs.ts";
import type { MidiMessage } from "../../../runtime/control/inputs/midi.ts";
import { MidiParser } from "../../../runtime/control/inputs/midi.ts";
import { MidiKnobs, midiToHz } from "../../../runtime/control/inputs/midi_knobs.ts";
import type { Param } from "../../../runtime/core/signal.ts";
import { firstDifference, play, playBoth, type Segment } from "./_play.ts";

const SR = 48000;
const on = (note: number, velocity = 100): MidiMessage => ({
  type: "noteOn",
  channel: 1,
  note,
  velocity,
});
const off = (note: number): MidiMessage => ({ type: "noteOff", channel: 1, note, velocity: 0 });

/** One 128-frame segment per message (applied before it), after a first quiet one. */
function perMessage(
  build: () => Param,
  midi: MidiKnobs,
  messages: readonly MidiMessage[],
): Segment[] {
  return [
    { frames: 128, before: resetKnobs, register: { x: build } },
    ...messages.map((m) => ({ frames: 128, before: () => midi.apply(m) })),
  ];
}

Deno.test("midinote() plays the last note held (last-note priority), falling back on release, and holds after the last release", () => {
  const midi = new MidiKnobs();
  // Each message, then the MIDI note number midinote() must give in the block after it.
  const steps: [MidiMessage, number][] = [
    [on(60), 60],
    [on(64), 64],
    [on(67), 67],
    [off(67), 64], // the sounding note released: back to the latest one still held
    [off(60), 64], // not the sounding note: nothing moves
    [on(72), 72],
    [off(72), 64],
    [off(64), 64], // the last release: the pitch holds
  ];
  const { out } = play(perMessage(() => midinote(), midi, steps.map(([m]) => m)));
  assert.equal(out[5], 440, "440 Hz before any note");
  for (const [k, [, note]] of steps.entries()) {
    // No glide by default: exactly the note's frequency from the first frame of the block.
    assert.equal(out[128 * (k + 1)], midiToHz(note), `step ${k}`);
    assert.equal(out[128 * (k + 1) + 127], midiToHz(note), `step ${k}, end of block`);
  }
});

Deno.test("midinote() with a glide is a portamento: 63% of the interval after the glide time", () => {
  resetKnobs();
  setKnob("midinote", 220);
  const { out } = play([
    { frames: 128, register: { x: () => midinote({ glide: 0.01 }) } },
    { frames: 480, before: () => setKnob("midinote", 440) },
  ]);
  assert.equal(out[127], 220);
  // 480 steps of a = 1 − e^(−1/480): 220 + 220·(1 − e^−1), within 1e-9 Hz.
  assert.ok(Math.abs(out[128 + 479] - (220 + 220 * (1 - Math.exp(-1)))) < 1e-9);
});

Deno.test("midigate() stays 1 between legato notes and drops after the last release; midiTrig() pulses once on every note-on, legato ones included", () => {
  const midi = new MidiKnobs();
  const messages = [on(60), on(64), off(64), off(60), on(62), off(62)];
  const gate = play(perMessage(() => midigate(), midi, messages)).out;
  const trig = play(perMessage(() => midiTrig(), midi, messages)).out;
  const blockOf = (k: number) => [...gate.subarray(128 * (k + 1), 128 * (k + 2))];
  // Gate per block: on, on (legato), on (back to 60), off, on, off.
  for (const [k, level] of [1, 1, 1, 0, 1, 0].entries()) {
    assert.ok(blockOf(k).every((v) => v === level), `gate in block ${k}`);
  }
  const pulses = [...trig.keys()].filter((i) => trig[i] !== 0);
  // One-sample pulses at the first frame after each note-on, none on releases or fall-backs.
  assert.deepEqual(pulses, [128 * 1, 128 * 2, 128 * 5]);
  assert.ok(pulses.every((i) => trig[i] === 1));
});

Deno.test("midiTrig() does not fire for notes played before it was built, and fires once for note-ons that share a block", () => {
  resetKnobs();
  const midi = new MidiKnobs();
  midi.apply(on(60));
  const { out } = play([
    { frames: 128, register: { x: () => midiTrig() } },
    {
      frames: 128,
      before: () => {
        midi.apply(on(62));
        midi.apply(on(64));
      },
    },
  ]);
  assert.deepEqual([...out.keys()].filter((i) => out[i] !== 0), [128]);
});

Deno.test("midivel() and midibend() read velocity/127 and the bend; the bend glides 10 ms by default", () => {
  resetKnobs();
  const midi = new MidiKnobs();
  const parser = new MidiParser();
  const bytes = (...b: number[]) => () => parser.push(Uint8Array.of(...b), midi.apply.bind(midi));
  const vel = play([
    { frames: 128, register: { x: () => midivel() } },
    { frames: 128, before: bytes(0x90, 60, 127) },
    { frames: 128, before: bytes(0x90, 64, 32) },
  ]).out;
  assert.deepEqual([vel[0], vel[128], vel[256]], [0, 1, 32 / 127]);
  const bend = play([
    { frames: 128, register: { x: () => midibend() } },
    { frames: 480, before: bytes(0xe0, 0x7f, 0x7f) }, // full up: 8191/8191
  ]).out;
  assert.equal(bend[127], 0);
  // 480 frames = one 10 ms time constant: 1 − e^−1 of the way to 1, within 1e-12.
  assert.ok(Math.abs(bend[128 + 479] - (1 - Math.exp(-1))) < 1e-12, `${bend[128 + 479]}`);
});

Deno.test("a keyboard through the MIDI parser plays a mono synth: running status, clock and SysEx bytes, last-note priority, adsr retriggered on each legato note", () => {
  const env = () => adsr(midigate(), 0.002, 0.02, 0.5, 0.02, { retrigger: midiTrig() });
  /** The performance, with a fresh store, parser and keyboard state for each render. */
  const segments = (build: () => Param): Segment[] => {
    let midi = new MidiKnobs();
    let parser = new MidiParser();
    const feed = (...b: number[]) => () => parser.push(Uint8Array.of(...b), (m) => midi.apply(m));
    const fresh = () => {
      resetKnobs();
      midi = new MidiKnobs();
      parser = new MidiParser();
    };
    return [
      { frames: 480, before: fresh, register: { x: build } },
      // Note-on C4, a clock byte, E4 by running status (no status byte), then a SysEx.
      { frames: 4800, before: feed(0x90, 60, 100, 0xf8, 64, 90, 0xf0, 0x7e, 0x01, 0xf7) },
      { frames: 4800, before: feed(0x80, 64, 0) }, // E4 off: back to the held C4, no note-on
      { frames: 4800, before: feed(0x80, 60, 0) }, // all off
    ];
  };
  const note = play(segments(() => midinote())).out;
  assert.equal(note[480], midiToHz(64), "both notes in one block: the last one sounds");
  assert.equal(note[480 + 4800], midiToHz(60), "E4 released: back to C4");
  assert.equal(note[480 + 9600], midiToHz(60), "the pitch holds in the release");
  assert.equal(
    knobValues()[knobSlot("midicount")!],
    2,
    "two note-ons; the clock and the SysEx move nothing",
  );
  const level = play(segments(env)).out;
  // The envelope attacked once (both note-ons landed in one block), decayed to 0.5 (five
  // decay times: snapped onto it), stayed there through the fall-back to C4 (no note-on),
  // and released to 0 after the last note-off.
  assert.equal(level[480 + 4799], 0.5);
  assert.equal(level[480 + 9599], 0.5, "no retrigger on the fall-back");
  assert.ok(level[480 + 9600] < 0.5);
  assert.equal(level[480 + 9600 + 4799], 0, "released");
});

Deno.test("adsr(midigate(), …, { retrigger: midiTrig() }) restarts its attack on a legato note; perc(midiTrig()) fires on each", () => {
  resetKnobs();
  const midi = new MidiKnobs();
  const attack = 0.002;
  const segments = (build: () => Param): Segment[] => [
    { frames: 128, register: { x: build } },
    { frames: 4800, before: () => midi.apply(on(60)) },
    { frames: 4800, before: () => midi.apply(on(67)) },
  ];
  const legato =
    play(segments(() => adsr(midigate(), attack, 0.02, 0.4, 0.1, { retrigger: midiTrig() })))
      .out;
  const gated = play(segments(() => adsr(midigate(), attack, 0.02, 0.4, 0.1))).out;
  const up = 1 / (attack * SR);
  // Both sit at the sustain level before the legato note.
  assert.ok(Math.abs(legato[128 + 4799] - 0.4) < 1e-9);
  // The retriggered one climbs from 0.4 by one attack step; the gated one stays.
  assert.ok(Math.abs(legato[128 + 4800] - (0.4 + up)) < 1e-12);
  assert.equal(gated[128 + 4800], 0.4);
  const peaks = [...legato.keys()].filter((i) => legato[i] === 1 && legato[i - 1] !== 1);
  assert.equal(peaks.length, 2);
  const hits = play(segments(() => perc(midiTrig(), 0.05, { attack: 0 }))).out;
  assert.deepEqual([...hits.keys()].filter((i) => hits[i] === 1), [128, 128 + 4800]);
});

Deno.test("the MIDI sources and a MIDI-played voice render bit-identically compiled and as closures", () => {
  let midi = new MidiKnobs();
  const fresh = () => {
    resetKnobs();
    midi = new MidiKnobs(); // playBoth plays twice: each run starts with no note held
  };
  const voice = () =>
    mul(
      saw(mul(midinote({ glide: 0.005 }), midibend())),
      adsr(midigate(), 0.003, 0.05, 0.6, 0.05, { retrigger: midiTrig() }),
    );
  const messages = [on(60, 80), on(64, 100), off(64), off(60), on(67, 20)];
  const segments: Segment[] = [
    {
      frames: 500,
      before: fresh,
      register: { v: voice, g: () => mul(midigate(), midivel()) },
    },
    ...messages.map((m) => ({ frames: 1500, before: () => midi.apply(m) })),
    { frames: 700, before: () => setKnob("midibend", 0.5), register: { v: voice } },
  ];
  const { compiled, closure } = playBoth(segments);
  assert.equal(firstDifference(compiled.out, closure.out), undefined);
  assert.equal(compiled.compiled, 3, "every registration compiled");
  assert.ok(compiled.out.some((v) => Math.abs(v) > 0.1), "it plays");
});
