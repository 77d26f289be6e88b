/**
 * The sample resampler against analytic sines at the new rate, a direct windowed-sinc
 * reference computed here in double precision, DFT bins for what must not fold back, and its
 * edges, lengths and channels.
 * @module
 */

import assert from "node:assert/strict";
import {
  resample,
  RESAMPLE_CUTOFF,
  RESAMPLE_HALF_TAPS,
  RESAMPLE_KAISER_BETA,
  resampledLength,
} from "../../../../runtime/core/samples/resample.ts";
import { toDb, toneAmplitude } from "../../../_utils.ts";

/** A unit sine of `frames` samples at `hz`, rounded to Float32 like a decoded file. */
function sine(frames: number, hz: number, sr: number): Float32Array {
  return Float32Array.from({ length: frames }, (_, i) => Math.sin((2 * Math.PI * hz * i) / sr));
}

/** Largest |y[j] − sin(2π·hz·j/sr)| over the frames at least `margin` from either end. */
function sineError(y: Float32Array, hz: number, sr: number, margin: number): number {
  let e = 0;
  for (let j = margin; j < y.length - margin; j++) {
    e = Math.max(e, Math.abs(y[j] - Math.sin((2 * Math.PI * hz * j) / sr)));
  }
  return e;
}

/** I₀ by its series, written again here so the reference does not share the module's code. */
function i0(x: number): number {
  let sum = 0;
  let term = 1;
  for (let k = 0; k < 60; k++) {
    if (k > 0) term *= (x / 2) ** 2 / (k * k);
    sum += term;
  }
  return sum;
}

/**
 * The textbook band-limited interpolation, evaluated directly in double precision (no table):
 * `y[j] = s · Σ x[i] · fc·sinc(fc·u) · kaiser(u / H)` over `|u| < H`, `u = s·(t − i)`,
 * `t = j·from/to`, `s = min(1, to/from)`, silence outside the input.
 */
function referenceResample(x: Float32Array, from: number, to: number): Float64Array {
  const s = Math.min(1, to / from);
  const h = RESAMPLE_HALF_TAPS;
  const fc = RESAMPLE_CUTOFF;
  const y = new Float64Array(Math.round((x.length * to) / from));
  for (let j = 0; j < y.length; j++) {
    // t split exactly into whole + frac (integers), so a tap exactly at ±H (where the Kaiser
    // window still has 1/I₀(β) and the kernel jumps by 1e-6) falls on the same side as in lel.
    const whole = Math.floor((j * from) / to);
    const frac = (j * from - whole * to) / to;
    let acc = 0;
    for (let i = 0; i < x.length; i++) {
      const u = s * (whole - i + frac);
      if (Math.abs(u) >= h) continue;
      const sinc = u === 0 ? 1 : Math.sin(Math.PI * fc * u) / (Math.PI * fc * u);
      const w = i0(RESAMPLE_KAISER_BETA * Math.sqrt(1 - (u / h) ** 2)) / i0(RESAMPLE_KAISER_BETA);
      acc += x[i] * fc * sinc * w;
    }
    y[j] = acc * s;
  }
  return y;
}

/** Output frames whose kernel reaches past either end of the input (edges excluded). */
const MARGIN = RESAMPLE_HALF_TAPS * 2;

Deno.test("resample() 44.1 → 48 kHz: sines from 20 Hz to 18 kHz within −105 dB of the analytic sine at 48 kHz", () => {
  let worst = 0;
  let worstHz = 0;
  for (let hz = 20; hz <= 18000; hz += hz < 1000 ? 245 : 250) {
    const [y] = resample({ sampleRate: 44100, channels: [sine(4410, hz, 44100)] }, 48000);
    const e = sineError(y, hz, 48000, MARGIN);
    if (e > worst) [worst, worstHz] = [e, hz];
  }
  // Measured −108.9 dB (at 17.5 kHz); the Float32 output alone rounds at about −150 dB.
  assert.ok(toDb(worst) < -105, `worst error ${toDb(worst).toFixed(1)} dB at ${worstHz} Hz`);
});

Deno.test("resample() 48 → 44.1 kHz: sines up to 18 kHz within −105 dB of the analytic sine at 44.1 kHz", () => {
  let worst = 0;
  for (const hz of [50, 440, 1000, 5000, 10000, 15000, 17000, 18000]) {
    const [y] = resample({ sampleRate: 48000, channels: [sine(4800, hz, 48000)] }, 44100);
    worst = Math.max(worst, sineError(y, hz, 44100, MARGIN));
  }
  assert.ok(toDb(worst) < -105, `worst error ${toDb(worst).toFixed(1)} dB`); // measured −112.5
});

Deno.test("resample() 48 → 44.1 kHz attenuates a 22.5 kHz tone by more than 100 dB (its alias at 21.6 kHz, DFT bin)", () => {
  const [y] = resample({ sampleRate: 48000, channels: [sine(48000, 22500, 48000)] }, 44100);
  const alias = toneAmplitude(y.subarray(MARGIN, y.length - MARGIN), 44100 - 22500, 44100);
  assert.ok(toDb(alias) < -100, `alias at ${toDb(alias).toFixed(1)} dB`); // measured −116.5
});

Deno.test("resample() 48 → 44.1 kHz: every tone from 22.05 to 24 kHz stays more than 100 dB down", () => {
  let loudest = 0;
  for (let hz = 22050; hz < 24000; hz += 150) {
    const [y] = resample({ sampleRate: 48000, channels: [sine(4800, hz, 48000)] }, 44100);
    let p = 0;
    for (let j = MARGIN; j < y.length - MARGIN; j++) p = Math.max(p, Math.abs(y[j]));
    loudest = Math.max(loudest, p);
  }
  assert.ok(toDb(loudest) < -100, `loudest ${toDb(loudest).toFixed(1)} dB`); // measured −107.6 (−106.2 in 50 Hz steps)
});

Deno.test("resample() scales its cutoff when downsampling 96 → 8 kHz: 1 kHz passes, 5 kHz is gone", () => {
  const [pass] = resample({ sampleRate: 96000, channels: [sine(96000, 1000, 96000)] }, 8000);
  assert.ok(toDb(sineError(pass, 1000, 8000, MARGIN)) < -100); // measured −122.2
  const [stop] = resample({ sampleRate: 96000, channels: [sine(96000, 5000, 96000)] }, 8000);
  // 5 kHz would fold to 3 kHz at 8 kHz.
  const alias = toneAmplitude(stop.subarray(MARGIN, stop.length - MARGIN), 3000, 8000);
  assert.ok(toDb(alias) < -100, `alias ${toDb(alias).toFixed(1)} dB`); // measured −119.2
});

Deno.test("resample() 8 → 48 kHz: a 3 kHz sine within −100 dB and no image at 5 kHz", () => {
  const [y] = resample({ sampleRate: 8000, channels: [sine(800, 3000, 8000)] }, 48000);
  assert.ok(toDb(sineError(y, 3000, 48000, MARGIN * 6)) < -100); // measured −115.1
  const image = toneAmplitude(y.subarray(MARGIN * 6, y.length - MARGIN * 6), 5000, 48000);
  assert.ok(toDb(image) < -100, `image ${toDb(image).toFixed(1)} dB`); // measured −118.4
});

Deno.test("resample() matches the direct windowed-sinc sum within 7e-8, edges included (2e-7 at 44.1 ↔ 48.001 kHz, which has no phase bank)", () => {
  let a = 0x2545f491;
  const x = Float32Array.from({ length: 1000 }, () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return a / 2 ** 31 - 1;
  });
  // 44100 ↔ 48000 use a bank of 160 (147) phases weighed exactly once; 44100 → 48001 has 48001
  // phases, too many for a bank, and weighs each frame from a table (4096 steps per sample,
  // linear interpolation, ≤ 1.3e-8 per tap). Beyond that, the Float32 rounding of outputs up to
  // ±2: 6e-8. Measured 5.9e-8, 5.9e-8, 8.3e-8, 7.9e-8.
  const cases = [
    [44100, 48000, 7e-8],
    [48000, 44100, 7e-8],
    [44100, 48001, 2e-7],
    [48001, 44100, 2e-7],
  ];
  for (const [from, to, tolerance] of cases) {
    const [y] = resample({ sampleRate: from, channels: [x] }, to);
    const ref = referenceResample(x, from, to);
    assert.equal(y.length, ref.length);
    let e = 0;
    for (let j = 0; j < y.length; j++) e = Math.max(e, Math.abs(y[j] - ref[j]));
    assert.ok(e < tolerance, `${from} → ${to}: max difference ${e}`);
  }
});

Deno.test("resample() impulse response is the kernel: peak fc on the aligned frame, symmetric, zero past 40 input samples", () => {
  const x = new Float32Array(2058);
  x[1029] = 1; // input frame 1029 = output frame 1120 exactly (1029 · 160/147)
  const [y] = resample({ sampleRate: 44100, channels: [x] }, 48000);
  assert.equal(y[1120], Math.fround(RESAMPLE_CUTOFF));
  for (let m = 1; m < 60; m++) assert.ok(Math.abs(y[1120 + m] - y[1120 - m]) < 1e-9, `lag ${m}`);
  // The kernel reaches 40 input samples = 43.5 output frames either side.
  assert.notEqual(y[1120 + 43], 0);
  assert.equal(y[1120 + 44], 0);
  assert.equal(y[1120 - 44], 0);
  assert.equal(y.slice(0, 1120 - 44).some((v) => v !== 0), false);
});

Deno.test("resample() edges: an impulse on the first and on the last frame lands there, finite, no reads outside", () => {
  const x = new Float32Array(147);
  x[0] = 1;
  x[146] = 1;
  const [y] = resample({ sampleRate: 44100, channels: [x] }, 48000);
  assert.equal(y.length, 160);
  assert.equal(y[0], Math.fround(RESAMPLE_CUTOFF)); // output frame 0 is input frame 0
  assert.ok(y.every(Number.isFinite));
  // The last impulse sits at output time 146 · 160/147 = 158.91: frame 159 is 0.09 frames off
  // its centre (0.90), frame 158 is 0.91 frames off, near the kernel's first zero (0.26).
  assert.ok(y[159] > 0.89 && y[159] < RESAMPLE_CUTOFF, `${y[159]}`);
  assert.ok(y[158] > 0.2 && y[158] < 0.3, `${y[158]}`);
  // A full-level start is a band-limited step: half the kernel's area plus its centre tap.
  const [step] = resample({ sampleRate: 44100, channels: [new Float32Array(400).fill(1)] }, 48000);
  assert.ok(Math.abs(step[0] - (0.5 + RESAMPLE_CUTOFF / 2)) < 1e-3, `first frame ${step[0]}`);
  assert.ok(Math.abs(step[200] - 1) < 1e-5);
});

Deno.test("resample() lengths are round(frames · to / from), 0 frames gives 0", () => {
  const rates = [8000, 11025, 22050, 32000, 44100, 48000, 88200, 96000, 192000];
  for (const from of rates) {
    for (const to of rates) {
      for (const frames of [0, 1, 2, 3, 147, 160, 1001]) {
        const expected = from === to ? frames : Math.round((frames * to) / from);
        assert.equal(resampledLength(frames, from, to), Math.round((frames * to) / from));
        const [y] = resample({ sampleRate: from, channels: [new Float32Array(frames)] }, to);
        assert.equal(y.length, expected, `${frames} frames ${from} → ${to}`);
      }
    }
  }
  assert.equal(resample({ sampleRate: 44100, channels: [] }, 48000).length, 0);
});

Deno.test("resample() converts stereo channels independently: silence stays exactly silent", () => {
  const left = sine(2000, 1000, 44100);
  const right = new Float32Array(2000);
  const [l, r] = resample({ sampleRate: 44100, channels: [left, right] }, 48000);
  const [alone] = resample({ sampleRate: 44100, channels: [left] }, 48000);
  assert.deepEqual(l, alone);
  assert.equal(r.some((v) => v !== 0), false);
  assert.equal(r.length, l.length);
});

Deno.test("resample() at equal rates returns the input's own arrays, bit-identical", () => {
  const left = sine(100, 440, 48000);
  const right = sine(100, 660, 48000);
  const out = resample({ sampleRate: 48000, channels: [left, right] }, 48000);
  assert.equal(out[0], left);
  assert.equal(out[1], right);
});

Deno.test("resample() rejects rates that are not positive whole numbers and unequal channels", () => {
  const x = new Float32Array(4);
  assert.throws(
    () => resample({ sampleRate: 0, channels: [x] }, 48000),
    /^RangeError: Cannot resample: the input sample rate must be a positive whole number of hertz, got 0$/,
  );
  assert.throws(
    () => resample({ sampleRate: 44100, channels: [x] }, 44100.5),
    /output .* 44100\.5/,
  );
  assert.throws(() => resample({ sampleRate: 44100, channels: [x] }, NaN), /got NaN/);
  assert.throws(
    () => resample({ sampleRate: 44100, channels: [x, new Float32Array(3)] }, 48000),
    /4 frames in channel 0 and 3 in channel 1/,
  );
});
