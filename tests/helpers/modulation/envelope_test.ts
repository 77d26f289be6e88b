import assert from "node:assert/strict";
import { renderSignal } from "../../../runtime/core/offline.ts";
import { perc } from "../../../helpers/modulation/envelope.ts";
import { gain } from "../../../helpers/mix/gain.ts";
import { phasor, pulse, saw, square } from "../../../helpers/sources/oscillators.ts";
import type { Context, Signal } from "../../../runtime/core/signal.ts";
import { maxStep } from "../../_utils.ts";

const SR = 48000;

/** Frames where the envelope reaches its peak of 1. */
function peaks(e: Float64Array): number[] {
  const at: number[] = [];
  for (let i = 0; i < e.length; i++) if (e[i] === 1 && (i === 0 || e[i - 1] < 1)) at.push(i);
  return at;
}

Deno.test("perc() fires on every rising edge of pulse(2), square(2) and phasor(2) (the phasor at mid-period)", () => {
  const triggers: [string, () => Signal, number][] = [
    ["pulse", () => pulse(2), 1],
    ["square", () => square(2), 1],
    ["phasor", () => phasor(2), SR / 4],
  ];
  for (const [name, trigger, first] of triggers) {
    const [e] = renderSignal(perc(trigger(), 0.1, { attack: 0 }), 2 * SR, { sampleRate: SR });
    const found = peaks(e);
    const expected = [0, 1, 2, 3].map((k) => first + k * SR / 2);
    assert.equal(found.length, 4, `${name}: ${found}`);
    for (let k = 0; k < 4; k++) {
      assert.ok(Math.abs(found[k] - expected[k]) <= 1, `${name}: fired at ${found[k]}`);
    }
  }
});

Deno.test("perc() reaches -60 dB (0.001, ±1%) exactly `decay` seconds after its peak", () => {
  for (const decay of [0.05, 0.2, 0.7]) {
    const [e] = renderSignal(perc(pulse(1), decay), SR, { sampleRate: SR });
    const top = peaks(e)[0];
    const at = e[top + Math.round(decay * SR)];
    assert.ok(Math.abs(at / 0.001 - 1) < 0.01, `decay ${decay}: ${at}`);
  }
});

Deno.test("perc() attacks linearly: 1 ms reaches 1 after 48 samples at 48 kHz", () => {
  const [e] = renderSignal(perc(pulse(1), 0.2), 100, { sampleRate: SR });
  // pulse(1) crosses 0.5 on frame 1 (frame 0 is the PolyBLEP midpoint, 0).
  assert.equal(e[0], 0);
  for (let n = 0; n < 48; n++) {
    assert.ok(Math.abs(e[1 + n] - (n + 1) / 48) < 1e-12, `frame ${1 + n}: ${e[1 + n]}`);
  }
  assert.equal(e[48], 1);
  assert.ok(e[49] < 1);
});

Deno.test("perc() retriggered mid-decay ramps up from the current level without a jump", () => {
  const [e] = renderSignal(perc(pulse(20), 0.5), SR / 2, { sampleRate: SR });
  assert.ok(maxStep(e) <= 1 / 48 + 1e-12, `largest step ${maxStep(e)}`);
  assert.equal(peaks(e).length, 10);
});

Deno.test("perc() honours a threshold, and a constant trigger above it fires exactly once", () => {
  const ramp = (s: Context) => (s.frame % 100) / 100; // rises through 0.9 at frame 90 (+100k)
  const [e] = renderSignal(perc(ramp, 0.001, { attack: 0, threshold: 0.9 }), 400, {
    sampleRate: SR,
  });
  assert.deepEqual(peaks(e), [90, 190, 290, 390]);
  const [once] = renderSignal(perc(1, 0.01, { attack: 0 }), SR, { sampleRate: SR });
  assert.deepEqual(peaks(once), [0]);
});

Deno.test("perc() shapes a saw into plucks and survives bad parameters with finite output", () => {
  const [y] = renderSignal(gain(saw(110), perc(pulse(4), 0.2)), SR, { sampleRate: SR });
  const quiet = Math.max(...y.subarray(SR / 4 - 200, SR / 4).map(Math.abs));
  const loud = Math.max(...y.subarray(SR / 4, SR / 4 + 400).map(Math.abs));
  assert.ok(quiet < 0.01 && loud > 0.5, `before the hit ${quiet}, after ${loud}`);
  for (const bad of [NaN, Infinity, -1]) {
    const [e] = renderSignal(perc(pulse(4), () => bad, { attack: () => bad }), 4800, {
      sampleRate: SR,
    });
    assert.ok(e.every((v) => Number.isFinite(v) && v >= 0 && v <= 1), `value ${bad}`);
  }
});

Deno.test("perc() gives each channel of a stereo trigger its own envelope", () => {
  const trig = (s: Context) => [s.frame === 10 ? 1 : 0, s.frame === 30 ? 1 : 0];
  const [l, r] = renderSignal(perc(trig, 0.01, { attack: 0 }), 60, { sampleRate: SR, channels: 2 });
  assert.deepEqual(peaks(l), [10]);
  assert.deepEqual(peaks(r), [30]);
});
