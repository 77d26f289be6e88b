/**
 * `range`, `mul` and `add` (helpers/mix/math.ts), the DSL's arithmetic conveniences: exact
 * values, signal parameters, any channel count, no state and no allocation per frame.
 * @module
 */

import assert from "node:assert/strict";
import { add, mul, range, renderSignal } from "../../mod.ts";
import type { Context, Frame, Signal } from "../../mod.ts";
import { helperInfo } from "../../runtime/core/signal_tag.ts";

const ctx: Context = {
  t: 0,
  frame: 0,
  sr: 48000,
  dt: 1 / 48000,
  name: "t",
  state: new Float64Array(0),
  beat: 0,
  bpm: 120,
  beatsPerBar: 4,
};
const ramp: Signal = (s) => -1 + s.frame / 2; // -1, -0.5, 0, 0.5, 1

Deno.test("range() maps -1..1 onto lo..hi linearly: -1 → lo, 0 → midpoint, 1 → hi", () => {
  const [y] = renderSignal(range(ramp, 300, 3000), 5);
  assert.deepEqual([...y], [300, 975, 1650, 2325, 3000]);
});

Deno.test("range() does not clamp, and lo > hi inverts", () => {
  const [y] = renderSignal(range((s) => (s.frame === 0 ? -3 : 3), 0, 1), 2);
  assert.deepEqual([...y], [-1, 2]);
  const [z] = renderSignal(range(ramp, 10, 0), 5);
  assert.deepEqual([...z], [10, 7.5, 5, 2.5, 0]);
});

Deno.test("mul() and add() scale and offset exactly, with numbers or signals as parameters", () => {
  assert.deepEqual([...renderSignal(mul(ramp, 4), 5)[0]], [-4, -2, 0, 2, 4]);
  assert.deepEqual([...renderSignal(add(ramp, 1), 5)[0]], [0, 0.5, 1, 1.5, 2]);
  const [y] = renderSignal(mul(ramp, ramp), 5);
  assert.deepEqual([...y], [1, 0.25, 0, 0.25, 1]);
  const [z] = renderSignal(range(0.5, ramp, 1), 5); // lo moves: 0.5 maps to 3/4 of the way
  assert.deepEqual([...z], [0.5, 0.625, 0.75, 0.875, 1]);
});

Deno.test("a number input gives a constant signal", () => {
  assert.deepEqual([...renderSignal(mul(0.5, 3), 2)[0]], [1.5, 1.5]);
});

Deno.test("stereo in, stereo out, each channel mapped, from one reused output frame", () => {
  const stereo = new Float64Array([-1, 1]);
  const fn = range(() => stereo, 0, 10);
  const first = fn(ctx) as Float64Array;
  assert.deepEqual([...first], [0, 10]);
  stereo[0] = 0;
  const second = fn(ctx) as Float64Array;
  assert.equal(second, first, "the same array is returned every frame");
  assert.deepEqual([...second], [5, 10]);
});

Deno.test("a stereo parameter on a mono input widens the output channel by channel", () => {
  const fn = add(1, () => [0.25, -0.25]);
  assert.deepEqual([...(fn(ctx) as Float64Array)], [1.25, 0.75]);
});

Deno.test("mono frames stay plain numbers (no array per frame)", () => {
  const fn = mul((s: Context): Frame => s.frame, 2);
  assert.equal(typeof fn(ctx), "number");
});

Deno.test("they are stateless: tagged with no node, their signal inputs listed", () => {
  const lfo: Signal = () => 0;
  const tagged = helperInfo(range(lfo, 1, lfo));
  assert.ok(tagged !== undefined);
  assert.equal(tagged.node, undefined);
  assert.deepEqual(tagged.inputs, [lfo, lfo]);
});

Deno.test("a parameter that is not a finite number or a function is refused with its name", () => {
  assert.throws(() => range(ramp, NaN, 1), {
    name: "TypeError",
    message: "Cannot create range: lo must be a finite number or a signal function, got NaN",
  });
  assert.throws(() => mul(ramp, "2" as unknown as number), {
    message: "Cannot create mul: factor must be a finite number or a signal function, got '2'",
  });
  assert.throws(() => add(undefined as unknown as number, 1), {
    message: "Cannot create add: input must be a finite number or a signal function, got undefined",
  });
});
