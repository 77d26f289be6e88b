import assert from "node:assert/strict";
import { advancePhase } from "../../../helpers/sources/oscillators.ts";
import { renderSignal } from "../../../runtime/core/offline.ts";
import {
  osc,
  type OscShape,
  phasor,
  pulse,
  saw,
  sin,
  square,
} from "../../../helpers/sources/oscillators.ts";
import { sinTurns } from "../../../helpers/fast_math.ts";
import { fftMagnitudes, peakFrequency } from "../../_utils.ts";

const SR = 48000;
const SHAPES: OscShape[] = ["sine", "saw", "tri", "square", "pulse", "phasor"];
const SWEEP = [20, 55, 110, 440, 1000, 2500, 5000, 10000];

Deno.test("osc() puts its spectral peak within one DFT bin of the frequency for every shape, 20 Hz to 10 kHz", () => {
  const n = 16384;
  const bin = SR / n; // 2.93 Hz
  for (const shape of SHAPES) {
    for (const hz of SWEEP) {
      const [x] = renderSignal(osc(hz, shape), n, { sampleRate: SR });
      const found = peakFrequency(x, SR);
      assert.ok(Math.abs(found - hz) <= bin, `${shape} ${hz} Hz: peak at ${found} Hz`);
    }
  }
});

Deno.test("sinTurns() is within 1e-7 of Math.sin over a dense sweep of -3..3 turns", () => {
  let worst = 0;
  for (let i = -1_000_000; i <= 1_000_000; i++) {
    const turns = i * 3e-6 + 1e-9 * (i % 7);
    const err = Math.abs(sinTurns(turns) - Math.sin(2 * Math.PI * turns));
    if (err > worst) worst = err;
  }
  assert.ok(worst < 1e-7, `worst error ${worst}`);
});

Deno.test("sin() matches Math.sin sample by sample within 1e-7", () => {
  const [x] = renderSignal(sin(441), 4800, { sampleRate: SR });
  for (let i = 0; i < x.length; i++) {
    assert.ok(Math.abs(x[i] - Math.sin(2 * Math.PI * 441 * i / SR)) < 1e-7, `sample ${i}`);
  }
});

/** Energy away from the harmonics of `hz` (aliases), relative to the total, in dB. */
function aliasDb(x: Float64Array, hz: number): number {
  const n = x.length;
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // 4-term Blackman-Harris window: sidelobes below -92 dB, so leakage cannot pass for alias.
    const a = (2 * Math.PI * i) / (n - 1);
    const win = 0.35875 - 0.48829 * Math.cos(a) + 0.14128 * Math.cos(2 * a) -
      0.01168 * Math.cos(3 * a);
    w[i] = x[i] * win;
  }
  const mags = fftMagnitudes(w);
  let alias = 0;
  let total = 0;
  for (let k = 1; k < mags.length; k++) {
    const f = (k * SR) / n;
    const e = mags[k] * mags[k];
    total += e;
    const harmonic = Math.round(f / hz) * hz;
    if (harmonic === 0 || Math.abs(f - harmonic) > 8 * SR / n) alias += e;
  }
  return 10 * Math.log10(alias / total);
}

function naive(n: number, hz: number, shape: "saw" | "square"): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = (hz * i / SR) % 1;
    x[i] = shape === "saw" ? 2 * ((p + 0.5) % 1) - 1 : (p < 0.5 ? 1 : -1);
  }
  return x;
}

Deno.test("saw() and square() at 5 kHz alias at least 10 dB less than naive waveforms", () => {
  const n = 32768;
  for (const shape of ["saw", "square"] as const) {
    const [x] = renderSignal(shape === "saw" ? saw(5000) : square(5000), n, { sampleRate: SR });
    const blep = aliasDb(x, 5000);
    const raw = aliasDb(naive(n, 5000, shape), 5000);
    assert.ok(
      blep < raw - 10,
      `${shape}: PolyBLEP ${blep.toFixed(1)} dB vs naive ${raw.toFixed(1)} dB`,
    );
  }
});

Deno.test("pulse() has a mean of 0 (within 1e-3) at widths 0.1, 0.25 and 0.8", () => {
  for (const width of [0.1, 0.25, 0.8]) {
    const [x] = renderSignal(pulse(100, width), SR, { sampleRate: SR }); // 100 whole periods
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    assert.ok(Math.abs(mean) < 1e-3, `width ${width}: mean ${mean}`);
  }
});

Deno.test("phasor() stays in 0..1 and covers the range", () => {
  const [x] = renderSignal(phasor(97), SR, { sampleRate: SR });
  assert.ok(x.every((v) => v >= 0 && v < 1));
  assert.ok(Math.min(...x) < 0.003 && Math.max(...x) > 0.997);
});

Deno.test("osc() follows a frequency signal: the peak moves from 440 Hz to 880 Hz when it switches", () => {
  const n = 16384;
  const freq = (s: { frame: number }) => (s.frame < n ? 440 : 880);
  const [x] = renderSignal(osc(freq, "saw"), 2 * n, { sampleRate: SR });
  const bin = SR / n;
  assert.ok(Math.abs(peakFrequency(x.subarray(0, n), SR) - 440) <= bin);
  assert.ok(Math.abs(peakFrequency(x.subarray(n), SR) - 880) <= bin);
});

Deno.test("osc() continues the phase across a frequency change (no step larger than the slope allows)", () => {
  const freq = (s: { frame: number }) => (s.frame < 1000 ? 440 : 660);
  const [x] = renderSignal(osc(freq), 2000, { sampleRate: SR });
  let worst = 0;
  for (let i = 1; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - x[i - 1]));
  assert.ok(worst <= 2 * Math.PI * 660 / SR + 1e-9, `largest step ${worst}`);
});

Deno.test({
  name: "an oscillator's phase holds through a NaN or infinite increment and moves on afterwards",
  fn: () => {
    // (A modulator that gives NaN mutes the signal with a report: tests/runtime/core/faults_test.ts.)
    const mem = new Float64Array(2);
    mem[1] = 0.25;
    for (const bad of [NaN, Infinity, -Infinity]) {
      assert.equal(advancePhase(mem, 1, bad), 0.25);
      assert.equal(mem[1], 0.25, `${bad} holds the phase`);
    }
    advancePhase(mem, 1, 0.5);
    assert.equal(mem[1], 0.75);
  },
});
