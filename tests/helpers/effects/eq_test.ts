import assert from "node:assert/strict";
import { eqPeakCoefs, eqTick } from "../../../helpers/effects/eq.ts";
import { renderSignal } from "../../../runtime/core/offline.ts";
import { type EqFactory, highshelf, lowshelf, peak } from "../../../helpers/effects/eq.ts";
import type { Context } from "../../../runtime/core/signal.ts";
import { toDb, toneAmplitude } from "../../_utils.ts";

const SR = 48000;
type Complex = [number, number];

const mul = ([a, b]: Complex, [c, d]: Complex): Complex => [a * c - b * d, a * d + b * c];
const abs = ([a, b]: Complex) => Math.hypot(a, b);

/** A polynomial c0 + c1·s + c2·s² at s. */
function poly(c0: number, c1: number, c2: number, s: Complex): Complex {
  const s2 = mul(s, s);
  return [c0 + c1 * s[0] + c2 * s2[0], c1 * s[1] + c2 * s2[1]];
}

/**
 * The RBJ cookbook's analog prototypes (A = 10^(gain/40)) at the bilinear transform of `hz`,
 * prewarped at the band frequency: s = j·tan(π·hz/sr)/tan(π·fc/sr).
 */
function rbjDb(type: string, hz: number, fc: number, gain: number, q: number): number {
  const a = 10 ** (gain / 40);
  const s: Complex = [0, Math.tan((Math.PI * hz) / SR) / Math.tan((Math.PI * fc) / SR)];
  const r = Math.sqrt(a) / q;
  const [num, den] = type === "peak"
    ? [poly(1, a / q, 1, s), poly(1, 1 / (a * q), 1, s)]
    : type === "lowshelf"
    ? [poly(a * a, a * r, a, s), poly(1, r, a, s)] // A·(s² + r·s + A) / (A·s² + r·s + 1)
    : [poly(a, a * r, a * a, s), poly(a, r, 1, s)]; // A·(A·s² + r·s + 1) / (s² + r·s + A)
  return toDb(abs(num) / abs(den));
}

const BANDS: [string, EqFactory, number][] = [["peak", peak, 1], [
  "lowshelf",
  lowshelf,
  0.707,
], [
  "highshelf",
  highshelf,
  0.707,
]];

/** Steady gain in dB for a sine at `hz` (the first 0.2 s skipped). */
function gainDb(band: EqFactory, hz: number, fc: number, gain: number, q?: number): number {
  const x = (s: Context) => Math.sin((2 * Math.PI * hz * s.frame) / SR);
  const [y] = renderSignal(band(x, fc, gain, q), SR / 2, { sampleRate: SR });
  return toDb(toneAmplitude(y.subarray(SR / 5), hz, SR));
}

Deno.test("peak() has its gain at its centre and the shelves half theirs at the shelf frequency, within 1e-4 dB", () => {
  for (const gain of [-12, -3, 6, 12]) {
    for (const fc of [200, 1000, 8000]) {
      const p = gainDb(peak, fc, fc, gain, 2);
      assert.ok(Math.abs(p - gain) < 1e-4, `peak ${fc} Hz ${gain} dB: ${p}`);
      const lo = gainDb(lowshelf, fc, fc, gain);
      assert.ok(Math.abs(lo - gain / 2) < 1e-4, `lowshelf ${fc} Hz ${gain} dB: ${lo}`);
      const hi = gainDb(highshelf, fc, fc, gain);
      assert.ok(Math.abs(hi - gain / 2) < 1e-4, `highshelf ${fc} Hz ${gain} dB: ${hi}`);
    }
  }
});

Deno.test("peak(), lowshelf() and highshelf() match the RBJ response through the prewarped bilinear transform within 1e-4 dB (measured 1e-6)", () => {
  for (const [name, band, defaultQ] of BANDS) {
    for (const [gain, q] of [[9, defaultQ], [-6, 3], [4, 0.4]]) {
      for (const hz of [40, 150, 600, 1000, 1700, 5000, 12000, 20000]) {
        const got = gainDb(band, hz, 1000, gain, q);
        const want = rbjDb(name, hz, 1000, gain, q);
        assert.ok(
          Math.abs(got - want) < 0.01,
          `${name} ${gain} dB q ${q} at ${hz} Hz: ${got} vs ${want}`,
        );
      }
    }
  }
});

Deno.test("lowshelf() gives its whole gain at DC and highshelf() none (and the reverse near Nyquist)", () => {
  const [lo] = renderSignal(lowshelf(1, 300, -9), SR);
  const [hi] = renderSignal(highshelf(1, 300, -9), SR);
  assert.ok(Math.abs(toDb(lo[SR - 1]) + 9) < 1e-9, `${toDb(lo[SR - 1])}`);
  assert.ok(Math.abs(hi[SR - 1] - 1) < 1e-9);
  const near = gainDb(highshelf, 23000, 300, -9);
  assert.ok(Math.abs(near + 9) < 0.05, `${near} dB at 23 kHz`);
});

Deno.test("peak(), lowshelf() and highshelf() at 0 dB pass the input exactly, any frequency and q", () => {
  const x = (s: Context) => Math.sin(s.frame * 0.07) + 0.3 * Math.sin(s.frame * 1.9);
  const [dry] = renderSignal(x, 2000);
  for (const [name, band] of BANDS) {
    const [y] = renderSignal(band(x, 700, 0, 5), 2000);
    assert.deepEqual(y, dry, name);
  }
});

Deno.test("peak() clamps its parameters: NaN gain is 0 dB, gain beyond ±40 dB is ±40, q below 0.1 is 0.1", () => {
  const x = (s: Context) => Math.sin(s.frame * 0.13);
  const render = (band: EqFactory, gain: number | ((s: Context) => number), q = 1) =>
    renderSignal(band(x, 1200, gain, q), 1000)[0];
  const [dry] = renderSignal(x, 1000);
  // (A modulator that gives NaN mutes the signal with a report: tests/runtime/core/faults_test.ts.)
  const [nan, zero] = [new Float64Array(32), new Float64Array(32)];
  nan.fill(NaN, 0, 16);
  zero.fill(NaN, 0, 16);
  eqPeakCoefs(nan, 0, 1200, NaN, 1, 48000);
  eqPeakCoefs(zero, 0, 1200, 0, 1, 48000);
  for (let i = 0; i < 200; i++) {
    const input = Math.sin(i * 0.13);
    assert.equal(eqTick(nan, 0, 16, input), eqTick(zero, 0, 16, input), "a NaN gain is 0 dB");
  }
  assert.deepEqual(render(peak, 0), dry);
  assert.deepEqual(render(peak, 90), render(peak, 40));
  assert.deepEqual(render(lowshelf, -90), render(lowshelf, -40));
  assert.deepEqual(render(peak, 6, 0.01), render(peak, 6, 0.1));
});
