import assert from "node:assert/strict";
import { clampSigned } from "../../../helpers/_clamp.ts";
import { FLANGER_MAX_FEEDBACK } from "../../../helpers/effects/flanger.ts";
import { renderSignal } from "../../../runtime/core/offline.ts";
import { flanger } from "../../../helpers/effects/flanger.ts";
import type { Context } from "../../../runtime/core/signal.ts";
import { toDb, toneAmplitude } from "../../_utils.ts";
import { clicks, measuredDelays } from "./_delays.ts";

const SR = 48000;
/** With the LFO frozen at phase 0 (rate 0), depth 0.375 holds the left delay at 1 ms. */
const FROZEN_DEPTH = 0.375;
const D = 48;

/** Steady gain in dB of the left side for a sine at `hz`. */
function gainDb(hz: number, feedback: number, mix: number): number {
  const x = (s: Context) => Math.sin((2 * Math.PI * hz * s.frame) / SR);
  const [l] = renderSignal(flanger(x, 0, FROZEN_DEPTH, { feedback, mix }), SR / 2, {
    sampleRate: SR,
    channels: 2,
  });
  return toDb(toneAmplitude(l.subarray(SR / 4), hz, SR));
}

/** `|(1 − mix) + mix·z^−D / (1 − feedback·z^−D)|` at `hz`, in dB. */
function combDb(hz: number, feedback: number, mix: number): number {
  const w = (2 * Math.PI * hz * D) / SR;
  // W = e^{-jw} / (1 - fb e^{-jw})
  const [dr, di] = [1 - feedback * Math.cos(w), feedback * Math.sin(w)];
  const [nr, ni] = [Math.cos(w), -Math.sin(w)];
  const den = dr * dr + di * di;
  const wr = (nr * dr + ni * di) / den;
  const wi = (ni * dr - nr * di) / den;
  return toDb(Math.hypot(1 - mix + mix * wr, mix * wi));
}

Deno.test("flanger() with feedback 0.7 is a comb with +10.5 dB peaks at multiples of 1/d (d = 1 ms), within 1e-5 dB", () => {
  for (const hz of [1000, 2000, 3000, 500, 1500, 2500, 750, 1250, 4100]) {
    const got = gainDb(hz, 0.7, 1);
    const want = combDb(hz, 0.7, 1);
    assert.ok(Math.abs(got - want) < 1e-5, `${hz} Hz: ${got} vs ${want} dB`); // measured 1e-8
  }
  assert.ok(Math.abs(gainDb(2000, 0.7, 1) - toDb(1 / 0.3)) < 1e-5); // peak 1/(1 − fb)
  assert.ok(Math.abs(gainDb(1500, 0.7, 1) - toDb(1 / 1.7)) < 1e-5); // trough 1/(1 + fb)
});

Deno.test("flanger() with negative feedback moves the comb's peaks halfway between multiples of 1/d (within 1e-5 dB)", () => {
  const peak = gainDb(1500, -0.7, 1);
  const trough = gainDb(2000, -0.7, 1);
  assert.ok(Math.abs(peak - toDb(1 / 0.3)) < 1e-5, `${peak} dB at 1.5 kHz`);
  assert.ok(Math.abs(trough - toDb(1 / 1.7)) < 1e-5, `${trough} dB at 2 kHz`);
});

Deno.test("flanger() mixes the comb with the dry input: mix 0.5, feedback 0 notches halfway between the peaks", () => {
  for (const hz of [1000, 1400, 1500, 1600, 3000]) {
    const got = gainDb(hz, 0, 0.5);
    const want = combDb(hz, 0, 0.5);
    if (hz === 1500) assert.ok(got < -40, `notch ${got} dB`); // 0.5·(1 + e^{-jπ}) = 0
    else assert.ok(Math.abs(got - want) < 1e-5, `${hz} Hz: ${got} vs ${want}`);
  }
});

Deno.test("flanger() sweeps its delay between 0.25 ms and 0.25 + 4·depth ms, right a quarter turn ahead (±0.05 sample)", () => {
  const [rate, depth] = [1.5, 0.9];
  const [l, r] = renderSignal(flanger(clicks, rate, depth, { feedback: 0, mix: 1 }), SR, {
    sampleRate: SR,
    channels: 2,
  });
  for (const [side, y, turns] of [["left", l, 0], ["right", r, 0.25]] as const) {
    const delays = measuredDelays(y);
    for (const { at, delay } of delays) {
      const phase = (rate * at) / SR + turns;
      const want = SR * (0.00025 + depth * 0.002 * (1 + Math.sin(2 * Math.PI * phase)));
      assert.ok(Math.abs(delay - want) < 0.05, `${side} at ${at.toFixed(1)}: ${delay} vs ${want}`);
    }
    const lo = Math.min(...delays.map((d) => d.delay));
    const hi = Math.max(...delays.map((d) => d.delay));
    assert.ok(lo > 12 - 0.1 && lo < 13, `${side} shortest ${lo} (0.25 ms is 12)`);
    assert.ok(hi < 184.8 + 0.1 && hi > 183.5, `${side} longest ${hi} (3.85 ms is 184.8)`);
  }
});

Deno.test("flanger() with mix 0 is the dry input exactly, whatever the feedback", () => {
  const x = (s: Context) => Math.sin(s.frame * 0.031) * 0.9;
  const [dry] = renderSignal(x, 4800);
  const [l, r] = renderSignal(flanger(x, 0.4, 1, { feedback: 0.95, mix: 0 }), 4800, {
    channels: 2,
  });
  for (let i = 0; i < 4800; i++) assert.ok(l[i] === dry[i] && r[i] === dry[i], `frame ${i}`);
});

Deno.test("flanger() clamps feedback to ±0.98: a larger value rings no longer than 0.98 does", () => {
  const click = (s: Context) => (s.frame === 0 ? 1 : 0);
  const render = (feedback: number | ((s: Context) => number)) =>
    renderSignal(flanger(click, 0, FROZEN_DEPTH, { feedback, mix: 1 }), 4800, { channels: 2 })[0];
  assert.deepEqual(render(5), render(0.98));
  assert.deepEqual(render(-5), render(-0.98));
  // (A modulator that gives NaN mutes the signal with a report: tests/runtime/core/faults_test.ts.)
  assert.equal(clampSigned(NaN, FLANGER_MAX_FEEDBACK), 0, "its step takes NaN as 0");
  assert.ok(Math.abs(render(0.98)[48 * 11] - 0.98 ** 10) < 1e-9); // the 10th echo
});
