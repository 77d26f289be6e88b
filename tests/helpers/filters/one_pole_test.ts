import assert from "node:assert/strict";
import { onePoleCoef, onePoleHigh, onePoleLow } from "../../../helpers/filters/one_pole.ts";
import { renderSignal } from "../../../runtime/core/offline.ts";
import { highpass, lowpass } from "../../../helpers/filters/one_pole.ts";
import { sin } from "../../../helpers/sources/oscillators.ts";
import type { Signal } from "../../../runtime/core/signal.ts";
import { toDb, toneAmplitude } from "../../_utils.ts";

const SR = 48000;

/** Steady-state gain in dB of `filter` for a sine at `hz`: the transient (0.1 s) is skipped. */
function gainDbAt(filter: (x: Signal) => Signal, hz: number): number {
  const n = SR / 2;
  const [y] = renderSignal(filter(sin(hz)), n, { sampleRate: SR });
  const [x] = renderSignal(sin(hz), n, { sampleRate: SR });
  const from = SR / 10;
  return toDb(toneAmplitude(y.subarray(from), hz, SR) / toneAmplitude(x.subarray(from), hz, SR));
}

/** The TPT one-pole's exact response, the bilinear transform of 1/(1 + s/ωc) prewarped at fc. */
function referenceDb(hz: number, cutoff: number, high: boolean): number {
  const w = Math.tan(Math.PI * hz / SR) / Math.tan(Math.PI * cutoff / SR);
  return toDb((high ? w : 1) / Math.hypot(1, w));
}

Deno.test("lowpass() is -3 dB at its cutoff (±0.5 dB) for 100, 800 and 5000 Hz at 48 kHz", () => {
  for (const fc of [100, 800, 5000]) {
    const db = gainDbAt((x) => lowpass(x, fc), fc);
    assert.ok(Math.abs(db + 3.0103) < 0.5, `${fc} Hz: ${db.toFixed(3)} dB`);
  }
});

Deno.test("highpass() is -3 dB at its cutoff (±0.5 dB) for 100, 800 and 5000 Hz at 48 kHz", () => {
  for (const fc of [100, 800, 5000]) {
    const db = gainDbAt((x) => highpass(x, fc), fc);
    assert.ok(Math.abs(db + 3.0103) < 0.5, `${fc} Hz: ${db.toFixed(3)} dB`);
  }
});

Deno.test("lowpass() and highpass() follow the bilinear one-pole response within 0.1 dB from 50 Hz to 16 kHz", () => {
  for (const hz of [50, 200, 800, 3200, 8000, 16000]) {
    const low = gainDbAt((x) => lowpass(x, 800), hz);
    const high = gainDbAt((x) => highpass(x, 800), hz);
    assert.ok(Math.abs(low - referenceDb(hz, 800, false)) < 0.1, `lowpass ${hz} Hz: ${low}`);
    assert.ok(Math.abs(high - referenceDb(hz, 800, true)) < 0.1, `highpass ${hz} Hz: ${high}`);
  }
});

Deno.test("lowpass() falls about 6 dB per octave above its cutoff (5..7 dB from 3.2 to 6.4 kHz at 800 Hz)", () => {
  const a = gainDbAt((x) => lowpass(x, 800), 3200);
  const b = gainDbAt((x) => lowpass(x, 800), 6400);
  assert.ok(a - b > 5 && a - b < 7, `octave slope ${(a - b).toFixed(2)} dB`);
});

Deno.test("lowpass() passes DC (settles to 1 within 1e-9) and highpass() blocks it (within 1e-9)", () => {
  const [low] = renderSignal(lowpass(1, 100), SR / 10, { sampleRate: SR });
  const [high] = renderSignal(highpass(1, 100), SR / 10, { sampleRate: SR });
  assert.ok(Math.abs(low[low.length - 1] - 1) < 1e-9, `lowpass DC ${low[low.length - 1]}`);
  assert.ok(Math.abs(high[high.length - 1]) < 1e-9, `highpass DC ${high[high.length - 1]}`);
});

Deno.test("lowpass() clamps a cutoff above Nyquist to 0.49·sr; its step takes a NaN cutoff as 0, never producing NaN", () => {
  const [clamped] = renderSignal(lowpass(sin(1000), 30000), 480, { sampleRate: SR });
  const [edge] = renderSignal(lowpass(sin(1000), 0.49 * SR), 480, { sampleRate: SR });
  assert.deepEqual(clamped, edge);
  // (A modulator that gives NaN mutes the signal with a report: tests/runtime/core/faults_test.ts.)
  const mem = new Float64Array(8).fill(NaN, 1, 2);
  assert.equal(onePoleCoef(mem, 0, NaN, SR), 0, "a NaN cutoff closes the filter (cutoff 0)");
  assert.equal(onePoleLow(mem, 4, 0.7, 0), 0, "cutoff 0: the lowpass is silent");
  assert.equal(onePoleHigh(mem, 4, 0.7, 0), 0.7, "cutoff 0: the highpass passes everything");
});

Deno.test("lowpass() filters each channel of a stereo input on its own state", () => {
  const stereo = (s: { frame: number }) => [s.frame === 0 ? 1 : 0, s.frame === 5 ? 1 : 0];
  const [l, r] = renderSignal(lowpass(stereo, 1000), 64, { sampleRate: SR, channels: 2 });
  const [ref] = renderSignal(lowpass((s) => (s.frame === 0 ? 1 : 0), 1000), 64, { sampleRate: SR });
  for (let i = 0; i < 64; i++) {
    assert.equal(l[i], ref[i]);
    assert.equal(r[i], i >= 5 ? ref[i - 5] : 0);
  }
});
