/**
 * Note names: A4 = 440 Hz equal temperament, octave numbering and accidentals, and exact
 * agreement with the DSL's own note conversion (so the DSL can switch to this one).
 * @module
 */

import assert from "node:assert/strict";
import { noteToHz as dslNoteToHz } from "../../../dsl/lexer.ts";
import { midiToHz, noteToHz, noteToMidi } from "../../../helpers/pattern/mod.ts";

Deno.test("noteToMidi() numbers notes from C-1 = 0 with C4 = 60 and A4 = 69", () => {
  assert.equal(noteToMidi("c0"), 12);
  assert.equal(noteToMidi("c4"), 60);
  assert.equal(noteToMidi("a4"), 69);
  assert.equal(noteToMidi("b3"), 59);
  assert.equal(noteToMidi("B#3"), 60);
  assert.equal(noteToMidi("cb4"), 59);
  assert.equal(noteToMidi("ebb3"), 50);
  assert.equal(noteToMidi("g9"), 127);
  assert.equal(noteToMidi("a", { defaultOctave: 3 }), 57);
  for (const bad of ["", "h3", "a10", "a-1", "c#", "x", "a4 ", "3a", "as3"]) {
    assert.equal(noteToMidi(bad), undefined, bad);
  }
});

Deno.test("noteToHz() is 440 · 2^((midi - 69) / 12): octaves double, semitones step 2^(1/12)", () => {
  assert.equal(noteToHz("a4"), 440);
  assert.equal(noteToHz("a3"), 220);
  assert.equal(noteToHz("a0"), 27.5);
  assert.ok(Math.abs(noteToHz("c4")! - 261.6255653005986) < 1e-12);
  for (let m = 12; m < 128; m++) {
    assert.ok(Math.abs(midiToHz(m + 1) / midiToHz(m) - 2 ** (1 / 12)) < 1e-14, `midi ${m}`);
  }
});

Deno.test("noteToHz() gives bit-identical values to the DSL's note names", () => {
  let n = 0;
  for (const letter of "abcdefgABCDEFG") {
    for (const acc of ["", "#", "b"]) {
      for (let octave = 0; octave <= 9; octave++) {
        const name = `${letter}${acc}${octave}`;
        assert.equal(noteToHz(name), dslNoteToHz(name), name);
        n++;
      }
    }
  }
  assert.equal(n, 420);
});
