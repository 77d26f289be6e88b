import assert from "node:assert/strict";
import { renderSignal } from "../../../runtime/core/offline.ts";
import { bpf, hpf, lpf, notch } from "../../../helpers/filters/svf.ts";
import { sin } from "../../../helpers/sources/oscillators.ts";
import type { Param, Signal } from "../../../runtime/core/signal.ts";
import { toDb, toneAmplitude } from "../../_utils.ts";

const SR = 48000;
type Filter = (x: Param, cutoff: Param, resonance?: Param) => Signal;
const RESPONSES: [string, Filter][] = [["lpf", lpf], ["hpf", hpf], ["bpf", bpf], ["notch", notch]];

/** Steady-state gain in dB for a sine at `hz` (the first 0.2 s, the transient, is skipped). */
function gainDbAt(filter: (x: Signal) => Signal, hz: number): number {
  const n = SR / 2;
  const [y] = renderSignal(filter(sin(hz)), n, { sampleRate: SR });
  const [x] = renderSignal(sin(hz), n, { sampleRate: SR });
  const from = SR / 5;
  return toDb(toneAmplitude(y.subarray(from), hz, SR) / toneAmplitude(x.subarray(from), hz, SR));
}

/**
 * The trapezoidal SVF's exact response: the analog prototype (s² + k·s + 1 denominator)
 * through the bilinear transform prewarped at the cutoff, Ω = tan(πf/sr) / tan(πfc/sr).
 */
function referenceDb(type: string, hz: number, fc: number, r: number): number {
  const w = Math.tan(Math.PI * hz / SR) / Math.tan(Math.PI * fc / SR);
  const k = Math.max(0.02, Math.SQRT2 * (1 - r));
  const den = Math.hypot(1 - w * w, k * w);
  const num = type === "lpf" ? 1 : type === "hpf" ? w * w : type === "bpf" ? k * w : 1 - w * w;
  return toDb(Math.abs(num) / den);
}

Deno.test("lpf() with resonance 0 is a Butterworth: -3 dB at cutoff (±0.5 dB) for 100, 800 and 5000 Hz", () => {
  for (const fc of [100, 800, 5000]) {
    const db = gainDbAt((x) => lpf(x, fc), fc);
    assert.ok(Math.abs(db + 3.0103) < 0.5, `${fc} Hz: ${db.toFixed(3)} dB`);
  }
});

Deno.test("hpf() with resonance 0 is -3 dB at cutoff (±0.5 dB)", () => {
  for (const fc of [100, 800, 5000]) {
    const db = gainDbAt((x) => hpf(x, fc), fc);
    assert.ok(Math.abs(db + 3.0103) < 0.5, `${fc} Hz: ${db.toFixed(3)} dB`);
  }
});

Deno.test("lpf() attenuates 8 kHz by more than 30 dB at 800 Hz cutoff (12 dB/octave)", () => {
  const db = gainDbAt((x) => lpf(x, 800), 8000);
  assert.ok(db < -30, `${db.toFixed(2)} dB`);
});

Deno.test("lpf(), hpf(), bpf() and notch() match the bilinear SVF response within 0.1 dB over a sweep", () => {
  for (const [name, filter] of RESPONSES) {
    for (const r of [0, 0.6]) {
      for (const hz of [60, 300, 1000, 1900, 2200, 4000, 12000]) {
        if (name === "notch" && (hz === 1900 || hz === 2200)) continue; // near the null, dB is noise
        const db = gainDbAt((x) => filter(x, 2000, r), hz);
        const ref = referenceDb(name, hz, 2000, r);
        assert.ok(Math.abs(db - ref) < 0.1, `${name} r=${r} ${hz} Hz: ${db} vs ${ref}`);
      }
    }
  }
});

Deno.test("lpf() resonance raises the peak at cutoff to Q = 1/(√2·(1 − r)), at most 50 (±0.5 dB)", () => {
  for (const r of [0.5, 0.8, 0.9, 1, 5]) {
    const db = gainDbAt((x) => lpf(x, 1000, r), 1000);
    const q = 1 / Math.max(0.02, Math.SQRT2 * (1 - Math.min(r, 1)));
    assert.ok(Math.abs(db - toDb(q)) < 0.5, `r=${r}: ${db.toFixed(2)} dB, Q=${q.toFixed(2)}`);
  }
});

Deno.test("bpf() has unity gain at its centre (±0.05 dB) at every resonance", () => {
  for (const r of [0, 0.5, 0.9]) {
    const db = gainDbAt((x) => bpf(x, 1500, r), 1500);
    assert.ok(Math.abs(db) < 0.05, `r=${r}: ${db.toFixed(3)} dB`);
  }
});

Deno.test("notch() is deeper than -60 dB at its centre and within 0.5 dB of unity two octaves away", () => {
  const centre = gainDbAt((x) => notch(x, 1000), 1000);
  assert.ok(centre < -60, `centre ${centre.toFixed(1)} dB`);
  const far = gainDbAt((x) => notch(x, 1000, 0.5), 4000);
  assert.ok(Math.abs(far) < 0.5, `4 kHz ${far.toFixed(2)} dB`);
});

Deno.test("lpf() follows a cutoff signal: 2 kHz is attenuated at 500 Hz cutoff and passes at 8 kHz", () => {
  const n = SR / 2;
  const cutoff = (s: { frame: number }) => (s.frame < n ? 500 : 8000);
  const [y] = renderSignal(lpf(sin(2000), cutoff), 2 * n, { sampleRate: SR });
  const closed = toDb(toneAmplitude(y.subarray(n / 2, n), 2000, SR));
  const open = toDb(toneAmplitude(y.subarray(n + n / 2), 2000, SR));
  assert.ok(Math.abs(closed - referenceDb("lpf", 2000, 500, 0)) < 0.2, `closed ${closed}`);
  assert.ok(Math.abs(open - referenceDb("lpf", 2000, 8000, 0)) < 0.2, `open ${open}`);
});

Deno.test("lpf() survives bad parameters: NaN and infinite cutoffs or resonance give finite output", () => {
  const bad = [NaN, Infinity, -Infinity, -5];
  for (const v of bad) {
    const [a] = renderSignal(lpf(sin(1000), () => v), 480, { sampleRate: SR });
    const [b] = renderSignal(lpf(sin(1000), 1000, () => v), 480, { sampleRate: SR });
    const [c] = renderSignal(notch(sin(1000), () => v, () => v), 480, { sampleRate: SR });
    assert.ok([...a, ...b, ...c].every(Number.isFinite), `value ${v}`);
  }
  // Above Nyquist clamps to 0.49·sr exactly.
  const [high] = renderSignal(lpf(sin(1000), 1e9), 480, { sampleRate: SR });
  const [edge] = renderSignal(lpf(sin(1000), 0.49 * SR), 480, { sampleRate: SR });
  assert.deepEqual(high, edge);
});

Deno.test("lpf() filters each channel of a stereo input on its own state", () => {
  const stereo = (s: { frame: number }) => [s.frame === 0 ? 1 : 0, s.frame === 7 ? -1 : 0];
  const [l, r] = renderSignal(lpf(stereo, 3000, 0.7), 64, { sampleRate: SR, channels: 2 });
  const [ref] = renderSignal(lpf((s) => (s.frame === 0 ? 1 : 0), 3000, 0.7), 64, {
    sampleRate: SR,
  });
  for (let i = 0; i < 64; i++) {
    assert.equal(l[i], ref[i]);
    assert.equal(r[i], i >= 7 ? -ref[i - 7] : 0);
  }
});
