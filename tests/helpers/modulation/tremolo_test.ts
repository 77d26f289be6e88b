import assert from "node:assert/strict";
import { tremoloGain } from "../../../helpers/modulation/tremolo.ts";
import { renderSignal } from "../../../runtime/core/offline.ts";
import { tremolo } from "../../../helpers/modulation/tremolo.ts";
import { sin } from "../../../helpers/sources/oscillators.ts";
import type { Context } from "../../../runtime/core/signal.ts";

const SR = 48000;

/** Times (s) of the troughs of a 1 kHz carrier's envelope, from its per-period peaks. */
function troughTimes(y: Float64Array): number[] {
  const period = SR / 1000;
  const env: number[] = [];
  for (let i = 0; i + period <= y.length; i += period) {
    let m = 0;
    for (let j = i; j < i + period; j++) m = Math.max(m, Math.abs(y[j]));
    env.push(m);
  }
  const times: number[] = [];
  for (let k = 1; k + 1 < env.length; k++) {
    if (env[k] < 0.05 && env[k] <= env[k - 1] && env[k] < env[k + 1]) times.push(k / 1000);
  }
  return times;
}

Deno.test("tremolo() modulates the envelope at `rate`: trough spacing is 1/rate within 0.5% for 2, 5 and 13 Hz", () => {
  for (const rate of [2, 5, 13]) {
    const [y] = renderSignal(tremolo(sin(1000), rate, 1), 2 * SR, { sampleRate: SR });
    const t = troughTimes(y);
    assert.ok(t.length >= 2 * rate - 1, `${rate} Hz: ${t.length} troughs`);
    const period = (t[t.length - 1] - t[0]) / (t.length - 1);
    assert.ok(Math.abs(period * rate - 1) < 0.005, `${rate} Hz: period ${period} s`);
  }
});

Deno.test("tremolo() gain follows 1 − depth·(0.5 + 0.5·sin(2π·rate·t)) sample by sample (±1e-7)", () => {
  for (const depth of [0.3, 1]) {
    const [y] = renderSignal(tremolo(1, 3, depth), SR, { sampleRate: SR });
    for (let i = 0; i < y.length; i += 7) {
      const expected = 1 - depth * (0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * i / SR));
      assert.ok(Math.abs(y[i] - expected) < 1e-7, `depth ${depth} sample ${i}: ${y[i]}`);
    }
  }
});

Deno.test("tremolo() with depth 0 (or NaN in its step) is the identity", () => {
  const [x] = renderSignal(sin(440), 4800, { sampleRate: SR });
  const [y] = renderSignal(tremolo(sin(440), 5, 0), 4800, { sampleRate: SR });
  assert.deepEqual(y, x);
  assert.equal(tremoloGain(new Float64Array(4), 0, 5, NaN, SR), 1);
});

Deno.test("tremolo() modulates both channels of a stereo input identically, advancing its LFO once per frame", () => {
  const stereo = (s: Context) => {
    const v = Math.sin(2 * Math.PI * 440 * s.frame / SR);
    return [v, -v];
  };
  const mono = (s: Context) => Math.sin(2 * Math.PI * 440 * s.frame / SR);
  const [l, r] = renderSignal(tremolo(stereo, 5, 0.8), 9600, { sampleRate: SR, channels: 2 });
  const [m] = renderSignal(tremolo(mono, 5, 0.8), 9600, { sampleRate: SR });
  assert.deepEqual(l, m);
  for (let i = 0; i < m.length; i++) assert.ok(r[i] === -m[i], `right ${i}`); // 0 === -0
});

Deno.test("tremolo() accepts rate and depth signals (a constant signal equals the number)", () => {
  const [a] = renderSignal(tremolo(sin(440), 5, 0.8), 4800, { sampleRate: SR });
  const [b] = renderSignal(tremolo(sin(440), () => 5, () => 0.8), 4800, { sampleRate: SR });
  assert.deepEqual(b, a);
});

Deno.test("tremolo() clamps depth to 0..1 and holds the LFO for a NaN or infinite rate (finite output)", () => {
  const [deep] = renderSignal(tremolo(1, 5, 3), SR / 5, { sampleRate: SR });
  assert.ok(Math.min(...deep) > -1e-9 && Math.max(...deep) <= 1, "depth 3 acts as depth 1");
  for (const rate of [NaN, Infinity, -Infinity]) {
    const [y] = renderSignal(tremolo(sin(440), () => rate, 0.5), 480, { sampleRate: SR });
    assert.ok(y.every(Number.isFinite), `rate ${rate}`);
  }
});
