import assert from "node:assert/strict";
import { knob, knobSpecOf } from "../../../helpers/control/knob.ts";
import { gain } from "../../../helpers/mix/gain.ts";
import { lowpass } from "../../../helpers/filters/one_pole.ts";
import { saw } from "../../../helpers/sources/oscillators.ts";
import { getKnob, knobSlot, resetKnobs, setKnob } from "../../../runtime/core/knobs.ts";
import { MidiParser } from "../../../runtime/control/inputs/midi.ts";
import { MidiKnobs } from "../../../runtime/control/inputs/midi_knobs.ts";
import { renderSignal } from "../../../runtime/core/offline.ts";
import { firstDifference, play, playBoth } from "./_play.ts";

const SR = 48000;

Deno.test("knob() glides to a new value through a one-pole: 1 − 1/e (63.2%) of the move after `glide` seconds", () => {
  for (const glide of [0.005, 0.02, 0.1]) {
    resetKnobs();
    const { out } = play([
      { frames: 256, register: { x: () => knob("g", 0, { min: 0, max: 1, glide }) } },
      { frames: Math.round(6 * glide * SR), before: () => setKnob("g", 1) },
    ]);
    assert.equal(out[255], 0, "still at its default before the move");
    const a = 1 - Math.exp(-1 / (glide * SR));
    const tau = Math.round(glide * SR);
    // Frame 256 + n has taken n + 1 steps: y = 1 − (1 − a)^(n + 1). Rounding of the
    // recursion over ≤ 30000 steps stays below 1e-11.
    for (let n = 0; n < out.length - 256; n += 97) {
      const expected = 1 - Math.pow(1 - a, n + 1);
      assert.ok(Math.abs(out[256 + n] - expected) < 1e-11, `glide ${glide}, step ${n}`);
    }
    // The 63% point: after τ·sr steps, 1 − e^−1 (exactly, as τ·sr is whole here), within 1e-11.
    const at63 = out[256 + tau - 1];
    assert.ok(Math.abs(at63 - (1 - Math.exp(-1))) < 1e-11, `glide ${glide}: ${at63}`);
    assert.ok(out[256 + tau - 2] < 1 - Math.exp(-1), "not there a step earlier");
  }
});

Deno.test("knob() with glide 0 steps at once, exactly to the value set", () => {
  resetKnobs();
  const { out } = play([
    { frames: 128, register: { x: () => knob("s", 0.1, { glide: 0 }) } },
    { frames: 128, before: () => setKnob("s", 0.3) },
  ]);
  assert.equal(out[127], 0.1);
  assert.equal(out[128], 0.3);
});

Deno.test("knob() clamps what is set to min..max, and a MIDI CC spreads 0..127 over the range through the curve", () => {
  resetKnobs();
  const cut = { min: 20, max: 20000, curve: "exp" as const, cc: 74, glide: 0 };
  const parser = new MidiParser();
  const midi = new MidiKnobs();
  const cc = (value: number) => () =>
    parser.push(Uint8Array.of(0xb3, 74, value), midi.apply.bind(midi));
  const { out } = play([
    { frames: 128, register: { x: () => knob("cut", 800, cut) } },
    { frames: 128, before: () => setKnob("cut", 50000) },
    { frames: 128, before: () => setKnob("cut", -5) },
    { frames: 128, before: cc(127) },
    { frames: 128, before: cc(0) },
    { frames: 128, before: cc(64) },
  ]);
  assert.deepEqual([0, 1, 2, 3, 4].map((k) => out[128 * k + 5]), [800, 20000, 20, 20000, 20]);
  // CC 64 on channel 4 (any channel maps): 20·1000^(64/127), to 1e-9 Hz.
  assert.ok(Math.abs(out[128 * 5 + 5] - 20 * Math.pow(1000, 64 / 127)) < 1e-9);
});

Deno.test("a knob with a cc and no range is 0..1; with only one end, or an infinite one, it is an error that says what to give", () => {
  resetKnobs();
  knob("mod", undefined, { cc: 1 });
  const mod = getKnob("mod")!;
  assert.deepEqual([mod.min, mod.max, mod.value, mod.cc], [0, 1, 0, {
    channel: undefined,
    number: 1,
  }]);
  knob("ch", 0.5, { cc: { channel: 2, number: 7 } });
  assert.deepEqual(getKnob("ch")!.cc, { channel: 2, number: 7 });
  assert.throws(
    () => knob("half", 200, { min: 100, cc: 74 }),
    {
      name: "RangeError",
      message:
        "Cannot define knob 'half': a knob with a cc spreads the controller's 0..127 over min..max, so it needs a finite range; give both min and max (or neither, for 0..1), got min 100 and max undefined",
    },
  );
  assert.throws(
    () => knob("inf", 0, { min: 0, max: Infinity, cc: 1 }),
    /got min 0 and max Infinity/,
  );
  assert.equal(getKnob("half"), undefined, "a refused knob is not defined");
  // Without a cc, an open range is fine (set from the REPL or OSC in the knob's units).
  assert.deepEqual(knobSpecOf("free", 3, {}), {
    default: 3,
    min: undefined,
    max: undefined,
    curve: undefined,
    cc: undefined,
  });
  assert.throws(
    () => knob("bad", "800" as unknown as number),
    /the default must be a number, got '800'/,
  );
  assert.equal(getKnob("bad"), undefined, "refused before anything is defined");
  assert.throws(
    () => knob("m", 1, { min: "0" as unknown as number }),
    /min must be a number, got '0'/,
  );
  assert.throws(() => knob("2bad", 1), /a knob name is a letter/);
  assert.throws(
    () => knob("c", 1, { cc: "74" as unknown as number }),
    /cc must be a controller number/,
  );
  assert.throws(
    () => knob("d", 5, { min: 0, max: 1 }),
    /default must be a number within 0..1, got 5/,
  );
});

Deno.test("two signals building knob() with one name read the same value", () => {
  resetKnobs();
  const { out } = play([
    {
      frames: 128,
      register: {
        a: () => knob("shared", 1, { glide: 0 }),
        b: () => gain(knob("shared", 1, { glide: 0 }), 2),
      },
    },
    { frames: 128, before: () => setKnob("shared", 5) },
  ]);
  assert.equal(out[127], 3);
  assert.equal(out[128], 15, "both follow the set: 5 + 2·5");
  assert.equal(knobSlot("shared"), knobSlot("shared"));
});

Deno.test("a reload keeps a knob's value and its glide: bit-identical to no reload", () => {
  const segments = (reload: boolean) => [
    { frames: 300, register: { x: () => knob("keep", 100, { min: 0, max: 1000 }) } },
    { frames: 200, before: () => setKnob("keep", 500) },
    // Mid-glide: a reload builds the knob again (same spec) and must not restart the glide.
    {
      frames: 20000,
      ...(reload ? { register: { x: () => knob("keep", 100, { min: 0, max: 1000 }) } } : {}),
    },
  ];
  resetKnobs();
  const reloaded = play(segments(true)).out;
  resetKnobs();
  const plain = play(segments(false)).out;
  assert.equal(firstDifference(reloaded, plain), undefined);
  assert.ok(
    reloaded[499] > 100 && reloaded[499] < 500,
    `mid-glide at the reload: ${reloaded[499]}`,
  );
  // 20000 frames is 20.8 time constants: 400·e^−20.8 < 1e-6 left of the move.
  assert.ok(Math.abs(reloaded[20499] - 500) < 1e-6, "settled on the value set, not the default");
  assert.equal(getKnob("keep")!.value, 500);
});

Deno.test("a reload that changes a knob's default glides to it when nobody set the knob, and keeps a value set from outside", () => {
  resetKnobs();
  const glide = 0.01;
  const a = 1 - Math.exp(-1 / (glide * SR));
  const { out } = play([
    { frames: 128, register: { x: () => knob("d", 100, { glide }) } },
    { frames: 128, register: { x: () => knob("d", 200, { glide }) } },
  ]);
  assert.equal(out[127], 100);
  assert.ok(Math.abs(out[128] - (100 + 100 * a)) < 1e-9, `one glide step, not a jump: ${out[128]}`);
  setKnob("d", 300);
  knob("d", 400, { glide });
  assert.equal(getKnob("d")!.value, 300, "set from outside: the new default does not move it");
});

Deno.test("a fresh knob starts at the knob's current value (no glide in from 0)", () => {
  resetKnobs();
  setKnob("early", 7);
  const [y] = renderSignal(knob("early", 1), 3, { sampleRate: SR });
  assert.deepEqual([...y], [7, 7, 7]);
});

Deno.test("knob() refuses a cc or a channel out of range, and a channel without a cc", () => {
  resetKnobs();
  assert.throws(
    () => knob("a", 0, { cc: 128 }),
    /cc number must be a whole number in 0..127, got 128/,
  );
  assert.throws(
    () => knob("b", 0, { cc: { channel: 17, number: 1 } }),
    /cc channel must be a whole number in 1..16/,
  );
  assert.throws(
    () => knob("c", 0, { channel: 2 }),
    /channel 2 is the MIDI channel of a cc; give the cc too/,
  );
  knob("d", 0, { cc: 7, channel: 3 });
  assert.deepEqual(getKnob("d")!.cc, { channel: 3, number: 7 });
});

Deno.test("a chain modulated by knobs renders bit-identically compiled and as closures, through sets, a CC sweep and a reload", () => {
  const chain = () =>
    gain(
      lowpass(
        saw(110),
        knob("eq.cut", 800, { min: 20, max: 20000, curve: "exp", cc: 74, glide: 0.01 }),
      ),
      knob("eq.level", 0.5, { min: 0, max: 1, glide: 0.003 }),
    );
  const midi = new MidiKnobs();
  const sweep = Array.from({ length: 12 }, (_, k) => ({
    frames: 64,
    before: () => midi.apply({ type: "cc", channel: 1, controller: 74, value: 10 * k }),
  }));
  const segments = [
    { frames: 1000, before: resetKnobs, register: { x: chain } },
    { frames: 700, before: () => setKnob("eq.cut", 5000) },
    ...sweep,
    { frames: 900, before: () => setKnob("eq.level", 0.9) },
    { frames: 1200, register: { x: chain } },
    { frames: 500, before: () => setKnob("eq.cut", 60) },
  ];
  const { compiled, closure } = playBoth(segments);
  assert.equal(firstDifference(compiled.out, closure.out), undefined);
  assert.equal(compiled.compiled, 2, "both registrations compiled");
  assert.equal(closure.compiled, 0);
  assert.ok(compiled.out.some((v) => Math.abs(v) > 0.05), "it plays");
});
