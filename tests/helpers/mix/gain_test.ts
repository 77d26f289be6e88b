import assert from "node:assert/strict";
import { dbCoef, safeGain } from "../../../helpers/mix/gain.ts";
import { renderSignal } from "../../../runtime/core/offline.ts";
import { Engine } from "../../../runtime/core/engine.ts";
import { GLIDE_TAU_SECONDS } from "../../../runtime/core/node.ts";
import { gain, gainDb } from "../../../helpers/mix/gain.ts";
import { db } from "../../../helpers/units.ts";
import { sin } from "../../../helpers/sources/oscillators.ts";
import type { Context } from "../../../runtime/core/signal.ts";

const SR = 48000;

Deno.test("gain() multiplies every sample by the amount exactly", () => {
  const [x] = renderSignal(sin(440), 480, { sampleRate: SR });
  for (const amount of [0.25, -1, 3]) {
    const [y] = renderSignal(gain(sin(440), amount), 480, { sampleRate: SR });
    for (let i = 0; i < 480; i++) assert.ok(y[i] === amount * x[i], `amount ${amount} at ${i}`);
  }
});

Deno.test("gainDb() of -6 dB scales by 0.501187 and +6 dB by 1.995262 (±1e-6)", () => {
  const [a] = renderSignal(gainDb(1, -6), 4, { sampleRate: SR });
  const [b] = renderSignal(gainDb(1, 6), 4, { sampleRate: SR });
  const [c] = renderSignal(gainDb(0.3, 0), 4, { sampleRate: SR });
  assert.ok(Math.abs(a[3] - 0.501187) < 1e-6, `${a[3]}`);
  assert.ok(Math.abs(b[3] - 1.995262) < 1e-6, `${b[3]}`);
  assert.equal(c[3], 0.3);
});

Deno.test("db() converts decibels to a linear number: -6 → 0.501187, -20 → 0.1, -Infinity → 0", () => {
  assert.ok(Math.abs(db(-6) - 0.501187) < 1e-6);
  assert.ok(Math.abs(db(-20) - 0.1) < 1e-15);
  assert.equal(db(-Infinity), 0);
});

Deno.test("gain() and gainDb() follow a parameter signal", () => {
  const ramp = (s: Context) => s.frame / 10;
  const [y] = renderSignal(gain(2, ramp), 5, { sampleRate: SR });
  for (let i = 0; i < 5; i++) assert.ok(Math.abs(y[i] - 0.2 * i) < 1e-15, `frame ${i}: ${y[i]}`);
  const level = (s: Context) => -20 * s.frame;
  const [z] = renderSignal(gainDb(1, level), 3, { sampleRate: SR });
  for (const [i, expected] of [1, 0.1, 0.01].entries()) {
    assert.ok(Math.abs(z[i] - expected) < 1e-15, `frame ${i}: ${z[i]}`);
  }
});

Deno.test("gain() and gainDb() steps give silence for NaN or infinite amounts, and gainDb() stops at +60 dB", () => {
  // (A modulator that gives NaN mutes the signal with a report: tests/runtime/core/faults_test.ts.)
  for (const bad of [NaN, Infinity, -Infinity]) assert.equal(safeGain(bad), 0, `gain ${bad}`);
  const mem = new Float64Array(4).fill(NaN);
  for (const bad of [NaN, -Infinity]) assert.equal(dbCoef(mem, 0, bad), 0, `gainDb ${bad}`);
  assert.ok(Math.abs(dbCoef(mem, 0, Infinity) - 1000) < 1e-9, "+Infinity dB clamps to +60 dB");
  const [loud] = renderSignal(gainDb(0.001, 1e9), 2, { sampleRate: SR });
  assert.ok(Math.abs(loud[1] - 1) < 1e-12, `+1e9 dB clamps to +60 dB: ${loud[1]}`);
});

Deno.test("gain() scales each channel of a stereo input", () => {
  const [l, r] = renderSignal(gain(() => [0.5, -0.25], 2), 2, { sampleRate: SR, channels: 2 });
  assert.deepEqual([l[1], r[1]], [1, -0.5]);
});

Deno.test("gain() glides to a changed amount on re-register instead of stepping (τ = 5 ms)", () => {
  const e = new Engine({ sampleRate: SR, channels: 1, fadeTime: 0, softClip: false });
  try {
    e.register("v", gain(1, 1));
    e.process([new Float64Array(128)], 128);
    e.register("v", gain(1, 0.5));
    const out = new Float64Array(480);
    e.process([out], 480);
    const k = 1 - Math.exp(-1 / (GLIDE_TAU_SECONDS * SR));
    for (let i = 0; i < 480; i++) {
      const expected = 0.5 + 0.5 * (1 - k) ** (i + 1);
      assert.ok(Math.abs(out[i] - expected) < 1e-12, `frame ${i}: ${out[i]} vs ${expected}`);
    }
  } finally {
    e.dispose();
  }
});
