import assert from "node:assert/strict";
import { defineKnob, resetKnobs } from "../../../runtime/core/knobs.ts";
import {
  applySetLine,
  parseKnobValue,
  takeSetLines,
  undefinedKnobSet,
} from "../../../runtime/control/repl_set.ts";

Deno.test("parseKnobValue: numbers, DSL units and note names", () => {
  const cases: [string, number | undefined][] = [
    ["1200", 1200],
    ["-3.5", -3.5],
    [".5", 0.5],
    ["1e3", 1000],
    ["1.2khz", 1200],
    ["440Hz", 440],
    ["250ms", 0.25],
    ["2s", 2],
    ["50%", 0.5],
    ["a4", 440],
    ["a3", 220],
    ["1,2", undefined],
    ["loud", undefined],
    ["12x", undefined],
    ["NaN", undefined],
    ["Infinity", undefined],
    ["", undefined],
  ];
  for (const [text, expected] of cases) assert.equal(parseKnobValue(text), expected, text);
  // -6 dB as a gain: 10^(-6/20); 1e-12 for the pow rounding.
  assert.ok(Math.abs(parseKnobValue("-6db")! - Math.pow(10, -0.3)) < 1e-12);
});

Deno.test("takeSetLines blanks .set lines and leaves everything else", () => {
  const block = "bass: saw 55\n  .set cutoff 1200\n.set\nmute('bass')\nx.set(1)\n.settle 3";
  assert.deepEqual(takeSetLines(block), {
    rest: "bass: saw 55\n\n\nmute('bass')\nx.set(1)\n.settle 3",
    sets: [
      { kind: "set", name: "cutoff", value: 1200, at: { line: 2, column: 8 } },
      { kind: "list" },
    ],
  });
});

Deno.test("takeSetLines: wrong .set lines are errors at the word that is wrong", () => {
  const cases: [string, string, number, number][] = [
    ["a: sin 1\n.set cutoff", ".set takes a knob name and a value", 2, 12],
    [".set cutoff 1 2", ".set takes a knob name and a value", 1, 15],
    [
      "  .set cutoff loud",
      "Cannot set knob 'cutoff': 'loud' is not a value; write a number",
      1,
      15,
    ],
    [".set 2x 1", "Cannot set knob '2x': a knob name is a letter or '_'", 1, 6],
  ];
  for (const [block, message, line, column] of cases) {
    const taken = takeSetLines(block);
    assert.ok("error" in taken, block);
    assert.ok(taken.error.message.startsWith(message), taken.error.message);
    assert.deepEqual([taken.error.line, taken.error.column], [line, column], block);
  }
});

Deno.test("applySetLine says what it did: the value held, clamping; a knob nobody defined is refused", () => {
  resetKnobs();
  defineKnob("cutoff", { default: 800, min: 20, max: 20000, curve: "exp" });
  assert.equal(applySetLine({ kind: "set", name: "cutoff", value: 1200 }), "set cutoff 1200");
  assert.equal(
    applySetLine({ kind: "set", name: "cutoff", value: 30000 }),
    "set cutoff 20000 (clamped from 30000 to 20..20000 exp)",
  );
  assert.throws(
    () => applySetLine({ kind: "set", name: "lfo", value: 1 / 3 }),
    new RangeError(
      "Cannot set knob 'lfo': no session defines it (defined: cutoff); check the spelling, or " +
        "define it first, e.g. 'knob lfo 0.5'",
    ),
  );
  assert.equal(
    applySetLine({ kind: "list" }),
    "knobs: midinote 440 (8.176..12544 exp), midigate 0 (0..1), midivel 0 (0..1), " +
      "midibend 0 (-1..1), midicount 0 (0..16777215), cutoff 20000 (20..20000 exp)",
    "the refused name made no knob",
  );
});

Deno.test("undefinedKnobSet finds the first .set of a knob nobody defined, at its name", () => {
  resetKnobs();
  defineKnob("cutoff", { min: 20, max: 20000 });
  const taken = takeSetLines("a: sin 1\n.set cutoff 1200\n  .set master -6db\n .set cutof 3");
  assert.ok(!("error" in taken));
  assert.deepEqual(undefinedKnobSet(taken.sets), {
    message: "Cannot set knob 'cutof': no session defines it (defined: cutoff); check the " +
      "spelling, or define it first, e.g. 'knob cutof 0.5'",
    line: 4,
    column: 7,
  });
  defineKnob("cutof");
  assert.equal(undefinedKnobSet(taken.sets), undefined, "defined (e.g. by the block): fine");
});
