import assert from "node:assert/strict";
import {
  bars,
  beats,
  compile,
  Engine,
  everyBars,
  everyBeats,
  printProgram,
  saw,
  sin,
  tremolo,
} from "../../../mod.ts";
import type { Param } from "../../../runtime/core/signal.ts";

function render(make: () => Param, frames: number, at = 0, bpm = 120): Float64Array {
  const e = new Engine({ sampleRate: 48000, channels: 1, fadeTime: 0, softClip: false });
  e.tempo(bpm);
  const out = new Float64Array(frames);
  if (at > 0) e.process([out], at);
  e.register("x", make());
  e.process([out], frames - at, at);
  e.dispose();
  return out;
}

Deno.test("beats() and bars() are durations that follow the tempo: 0.75 beats at 120 BPM is 0.375 s, one bar 2 s", () => {
  assert.equal(render(() => beats(0.75), 1)[0], 0.375);
  assert.equal(render(() => bars(1), 1)[0], 2);
  assert.equal(render(() => beats(1), 1, 0, 90)[0], 60 / 90);
  assert.equal(render(() => everyBeats(0.25), 1)[0], 8);
  assert.equal(render(() => everyBars(1), 1)[0], 0.5);
  assert.throws(() => beats(0), /count must be a number > 0, got 0/);
});

for (
  const [name, make] of [
    ["sin(everyBeats(1))", () => sin(everyBeats(1))],
    ["saw(everyBeats(0.5))", () => saw(everyBeats(0.5))],
    ["tremolo(1, everyBeats(1))", () => tremolo(1, everyBeats(1), 1)],
    ["sin(everyBars(1))", () => sin(everyBars(1))],
  ] as const
) {
  Deno.test(`${name} added at 1.3 s is on the same phase, to the sample, as one added at 0`, () => {
    const from0 = render(make, 192000);
    const late = render(make, 192000, 62400);
    for (let i = 62400; i < 192000; i++) {
      assert.ok(Math.abs(late[i] - from0[i]) < 1e-12, `frame ${i}: ${late[i]} vs ${from0[i]}`);
    }
  });
}

Deno.test("a beat-locked sine crosses zero rising on every beat (its cycle starts on the grid)", () => {
  const y = render(() => sin(everyBeats(1)), 96200);
  for (const beat of [0, 1, 2, 3, 4]) {
    const f = beat * 24000;
    assert.ok(Math.abs(y[f]) < 1e-6, `beat ${beat}: ${y[f]}`);
    assert.ok(y[f + 100] > 0);
  }
});

Deno.test("in the DSL, 0.75b is beats(0.75) and a beat unit as a rate is everyBeats", () => {
  assert.equal(
    printProgram(compile("x: sin 1b |> delay 0.75b |> tremolo 1bar")),
    'register("x", tremolo(delay(sin(everyBeats(1)), 2, beats(0.75)), everyBars(1)))',
  );
});
