import assert from "node:assert/strict";
import { curveValue } from "../../../runtime/core/knob_spec.ts";
import {
  defineKnob,
  getKnob,
  knobChangeCount,
  knobSlot,
  knobsOnCc,
  knobValues,
  listKnobs,
  MAX_KNOBS,
  MAX_PENDING_KNOBS,
  RESERVED_KNOBS,
  resetKnobs,
  setKnob,
} from "../../../runtime/core/knobs.ts";
import { setKnobNormalized } from "../../../runtime/core/knob_position.ts";

const STORE_URL = new URL("../../../runtime/core/knobs.ts", import.meta.url).href;

Deno.test("a knob keeps its slot and value across a re-import of the store module (a reload)", async () => {
  resetKnobs();
  const slot = defineKnob("cutoff", { default: 800, min: 20, max: 20000 });
  setKnob("cutoff", 1234);
  const again = await import(
    `${STORE_URL}?reload=1`
  ) as typeof import("../../../runtime/core/knobs.ts");
  assert.notEqual(again.defineKnob, defineKnob); // A fresh module instance...
  assert.equal(again.defineKnob("cutoff", { default: 800, min: 20, max: 20000 }), slot);
  assert.equal(again.knobValues(), knobValues()); // ...with the same array.
  assert.equal(again.knobValues()[slot], 1234);
});

Deno.test("defineKnob: same name same slot; a changed default is followed only while nobody set the knob", () => {
  resetKnobs();
  const a = defineKnob("a", { default: 1, min: 0, max: 10 });
  const b = defineKnob("b", { default: 1, min: 0, max: 10 });
  assert.notEqual(a, b);
  assert.equal(defineKnob("a", { default: 2, min: 0, max: 10 }), a);
  assert.equal(knobValues()[a], 2, "never set from outside: follows the new default");
  setKnob("b", 7);
  defineKnob("b", { default: 3, min: 0, max: 10 });
  assert.equal(knobValues()[b], 7, "set from outside: keeps its value");
  defineKnob("b", { default: 3, min: 0, max: 5 });
  assert.equal(knobValues()[b], 5, "a narrower range clamps the kept value");
  assert.equal(getKnob("b")!.max, 5);
});

Deno.test("setKnob clamps to min..max, refuses NaN and Infinity, and returns what it holds", () => {
  resetKnobs();
  const slot = defineKnob("gain", { default: 0.5, min: 0, max: 1 });
  assert.equal(setKnob("gain", 0.25), 0.25);
  assert.equal(setKnob("gain", 3), 1);
  assert.equal(setKnob("gain", -3), 0);
  assert.throws(
    () => setKnob("gain", NaN),
    {
      name: "RangeError",
      message: "Cannot set knob 'gain': the value must be a finite number, got 'NaN'",
    },
  );
  assert.throws(() => setKnob("gain", Infinity), /finite number, got 'Infinity'/);
  assert.throws(() => setKnob("gain", "3" as unknown as number), /finite number, got '3'/);
  assert.equal(knobValues()[slot], 0, "a refused value changes nothing");
});

Deno.test("a knob set before any session defines it keeps the value for the definition", () => {
  resetKnobs();
  assert.equal(setKnob("later", 5000), 5000);
  assert.equal(knobSlot("later"), undefined);
  assert.equal(getKnob("later")!.defined, false);
  const slot = defineKnob("later", { default: 100, min: 20, max: 2000 });
  assert.equal(knobValues()[slot], 2000, "the waiting value, clamped to the range defined");
  defineKnob("later", { default: 200, min: 20, max: 2000 });
  assert.equal(knobValues()[slot], 2000, "it counts as set from outside");
});

Deno.test("setKnobNormalized maps 0..1 through linear and exp curves", () => {
  resetKnobs();
  defineKnob("lin", { min: -1, max: 3 });
  defineKnob("freq", { min: 20, max: 20000, curve: "exp" });
  for (const x of [0, 0.1, 0.25, 0.5, 0.9, 1]) {
    // Reference in double precision; 1e-12 relative allows the pow rounding.
    assert.ok(Math.abs(setKnobNormalized("lin", x) - (-1 + 4 * x)) < 1e-12);
    const ref = 20 * Math.pow(1000, x);
    assert.ok(Math.abs(setKnobNormalized("freq", x) - ref) / ref < 1e-12, `x = ${x}`);
  }
  assert.equal(setKnobNormalized("freq", 1), 20000, "the ends are exact");
  assert.equal(setKnobNormalized("freq", 2), 20000, "positions clamp to 0..1");
  assert.equal(setKnobNormalized("freq", -1), 20);
  // The geometric mean at the middle; 1e-12 relative allows the pow rounding.
  assert.ok(Math.abs(curveValue("exp", 20, 20000, 0.5) / Math.sqrt(20 * 20000) - 1) < 1e-12);
  assert.throws(() => setKnobNormalized("freq", NaN), /position must be a finite number/);
});

Deno.test("setKnobNormalized refuses a knob without a range or not defined yet", () => {
  resetKnobs();
  defineKnob("open", { default: 3 });
  assert.throws(
    () => setKnobNormalized("open", 0.5),
    /no finite range \(min -Infinity, max Infinity\)/,
  );
  assert.throws(() => setKnobNormalized("nobody", 0.5), /no session defines it yet/);
});

Deno.test("bad names and specs are RangeErrors that say what to do", () => {
  resetKnobs();
  for (const name of ["", "2x", "a b", "a/b", "x".repeat(65)]) {
    assert.throws(() => setKnob(name, 1), /a knob name is a letter or '_'/, name);
  }
  assert.equal(setKnob("Ok_1.b-2", 1), 1);
  const cases: [object, RegExp][] = [
    [{ min: 5, max: 1 }, /min must be less than max, got min 5 and max 1/],
    [{ curve: "log" }, /curve must be 'linear' or 'exp', got 'log'/],
    [{ curve: "exp", min: 0, max: 10 }, /curve 'exp' .* needs 0 < min < max/],
    [{ curve: "exp", min: 1 }, /needs 0 < min < max, both finite/],
    [{ default: 11, min: 0, max: 10 }, /default must be a number within 0..10, got 11/],
    [{ cc: { number: 128 } }, /cc number must be a whole number in 0..127, got 128/],
    [{ cc: { number: 1, channel: 0 } }, /cc channel must be a whole number in 1..16/],
  ];
  for (const [spec, message] of cases) {
    assert.throws(() => defineKnob("bad", spec), message);
  }
  assert.equal(getKnob("bad"), undefined, "a refused definition leaves nothing behind");
});

Deno.test("the default of a knob without one is 0 clamped into its range", () => {
  resetKnobs();
  assert.equal(knobValues()[defineKnob("f", { min: 20, max: 200 })], 20);
  assert.equal(knobValues()[defineKnob("p", { min: -1, max: 1 })], 0);
  assert.equal(knobValues()[defineKnob("n", { min: -9, max: -3 })], -3);
});

Deno.test("the reserved MIDI knobs exist from the start and ignore a session's spec", () => {
  resetKnobs();
  const names = listKnobs().map((k) => k.name);
  assert.deepEqual(names, [...RESERVED_KNOBS]);
  assert.equal(getKnob("midinote")!.value, 440);
  assert.equal(getKnob("midigate")!.value, 0);
  const slot = knobSlot("midinote")!;
  assert.equal(defineKnob("midinote", { default: 100, min: 1, max: 200 }), slot);
  assert.equal(getKnob("midinote")!.value, 440);
  assert.equal(getKnob("midinote")!.max, 440 * Math.pow(2, 58 / 12));
});

Deno.test("the store holds MAX_KNOBS slots and MAX_PENDING_KNOBS waiting names, then says so", () => {
  resetKnobs();
  for (let i = 0; i < MAX_PENDING_KNOBS; i++) setKnob(`p${i}`, i);
  assert.throws(() => setKnob("one.more", 1), /256 such knobs are already waiting/);
  assert.equal(setKnob("p3", 33), 33, "a waiting name can still be set again");
  resetKnobs();
  for (let i = RESERVED_KNOBS.length; i < MAX_KNOBS; i++) defineKnob(`k${i}`);
  assert.throws(() => defineKnob("overflow"), /all 1024 knob slots are taken/);
  assert.equal(defineKnob("k10"), 10, "an existing knob still resolves");
  resetKnobs();
});

Deno.test("listKnobs reports the last outside change; the change counter counts every change", () => {
  resetKnobs();
  defineKnob("x", { min: 0, max: 1 });
  const before = knobChangeCount();
  assert.equal(getKnob("x")!.changedAt, undefined);
  const t0 = performance.now();
  setKnob("x", 0.5);
  const info = listKnobs().find((k) => k.name === "x")!;
  assert.ok(info.changedAt! >= t0 && info.changedAt! <= performance.now());
  assert.equal(knobChangeCount(), before + 1);
  defineKnob("x", { min: 0, max: 1 });
  assert.equal(knobChangeCount(), before + 1, "redefining with the same spec is no change");
  defineKnob("x", { min: 0, max: 2 });
  assert.equal(knobChangeCount(), before + 2);
});

Deno.test("knobsOnCc finds defined knobs by controller, on their channel or any", () => {
  resetKnobs();
  defineKnob("cut", { min: 0, max: 1, cc: { number: 74 } });
  defineKnob("res", { min: 0, max: 1, cc: { number: 74, channel: 2 } });
  defineKnob("vol", { min: 0, max: 1, cc: { number: 7, channel: 1 } });
  assert.deepEqual(knobsOnCc(1, 74), ["cut"]);
  assert.deepEqual(knobsOnCc(2, 74), ["cut", "res"]);
  assert.deepEqual(knobsOnCc(2, 7), []);
  assert.deepEqual(knobsOnCc(1, 7), ["vol"]);
});
