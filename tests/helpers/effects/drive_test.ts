import assert from "node:assert/strict";
import { driveGains } from "../../../helpers/effects/drive.ts";
import { renderSignal } from "../../../runtime/core/offline.ts";
import { drive } from "../../../helpers/effects/drive.ts";
import {
  HALFBAND_COUNT,
  HALFBAND_TRANSITION,
  halfbandAttenuation,
  halfbandCoefficients,
} from "../../../helpers/effects/_halfband.ts";
import type { Context } from "../../../runtime/core/signal.ts";
import { peak, rms, toDb, toneAmplitude } from "../../_utils.ts";

const SR = 48000;
const f = (x: number) => x / Math.sqrt(1 + x * x);

/** The static curve: `c·f(g·x)`, `g = 16^amount`, `c = f(½)/f(½·g)`. */
function staticCurve(x: number, amount: number): number {
  const g = Math.pow(16, amount);
  return (f(0.5) / f(0.5 * g)) * f(g * x);
}

/** A 5 kHz sine computed in double precision (48 samples hold exactly 5 periods). */
function sine5k(level: number): (s: Context) => number {
  return (s) => level * Math.sin((2 * Math.PI * 5000 * s.frame) / SR);
}

/** Amplitude of DFT bin `k` of `x` (rectangular window: `x` holds whole periods). */
function bin(x: ArrayLike<number>, k: number): number {
  let re = 0;
  let im = 0;
  for (let i = 0; i < x.length; i++) {
    const p = (2 * Math.PI * k * i) / x.length;
    re += x[i] * Math.cos(p);
    im -= x[i] * Math.sin(p);
  }
  return (2 * Math.hypot(re, im)) / x.length;
}

/**
 * Largest alias of a 5 kHz tone relative to its fundamental, in dB: every component of a
 * periodic 5 kHz signal at 48 kHz sits on a multiple of 1 kHz; all but 5 and 15 kHz (the
 * harmonics below Nyquist) are aliases. The last 0.1 s (the transient is long gone).
 */
function worstAliasDb(y: Float64Array, maxHz: number): number {
  const x = y.subarray(y.length - 4800);
  const fundamental = bin(x, 500);
  let worst = 0;
  for (let hz = 1000; hz <= maxHz; hz += 1000) {
    if (hz !== 5000 && hz !== 15000) worst = Math.max(worst, bin(x, hz / 10));
  }
  return toDb(worst / fundamental);
}

function naive(level: number): Float64Array {
  const y = new Float64Array(9600);
  for (let i = 0; i < y.length; i++) {
    y[i] = staticCurve(level * Math.sin((2 * Math.PI * 5000 * i) / SR), 1);
  }
  return y;
}

Deno.test("drive() at full drive keeps a full-scale 5 kHz sine's aliases below 20 kHz under -47 dB (naive: -18 dB)", () => {
  const [y] = renderSignal(drive(sine5k(1), 1), 9600, { sampleRate: SR });
  const ours = worstAliasDb(y, 20000);
  const plain = worstAliasDb(naive(1), 20000);
  assert.ok(ours < -47, `drive: ${ours.toFixed(1)} dB`); // measured -47.8 dB
  assert.ok(plain > -20, `naive waveshaper: ${plain.toFixed(1)} dB`); // measured -18.4 dB
  assert.ok(plain - ours > 28, `${(plain - ours).toFixed(1)} dB better`);
});

Deno.test("drive() at full drive: aliases under -54 dB for a -6 dBFS 5 kHz sine and under -70 dB at -12 dBFS", () => {
  for (const [level, limit, naiveAbove] of [[0.5, -54, -21], [0.25, -70, -26]]) {
    const [y] = renderSignal(drive(sine5k(level), 1), 9600, { sampleRate: SR });
    const ours = worstAliasDb(y, 20000);
    const plain = worstAliasDb(naive(level), 20000);
    // measured -55.1 / -71.0 dB; the naive waveshaper -20.4 / -25.6 dB
    assert.ok(ours < limit, `${level}: ${ours.toFixed(1)} dB`);
    assert.ok(plain > naiveAbove, `${level} naive: ${plain.toFixed(1)} dB`);
  }
});

Deno.test("drive() at full drive: aliases across the whole band to 24 kHz stay under -38 dB (the half-band's transition)", () => {
  const [y] = renderSignal(drive(sine5k(1), 1), 9600, { sampleRate: SR });
  const ours = worstAliasDb(y, 24000);
  assert.ok(ours < -38, `${ours.toFixed(1)} dB`); // measured -39.2 dB (the 25 kHz harmonic at 23 kHz)
});

Deno.test("drive()'s static curve at DC is c·f(g·x) within 1e-12 for amounts 0..1", () => {
  for (const amount of [0, 0.25, 0.5, 1]) {
    for (const x of [-1, -0.3, -0.01, 0, 0.02, 0.25, 0.7, 1, 2]) {
      const [y] = renderSignal(drive(x, amount), 4800, { sampleRate: SR });
      const want = staticCurve(x, amount);
      assert.ok(
        Math.abs(y[4799] - want) < 1e-12,
        `amount ${amount}, x ${x}: ${y[4799]} vs ${want}`,
      );
    }
  }
});

Deno.test("drive() is odd symmetric: drive(-x) is exactly -drive(x)", () => {
  const x = (s: Context) => 0.8 * Math.sin(s.frame * 0.0731) + 0.3 * Math.sin(s.frame * 0.61);
  const [a] = renderSignal(drive(x, 0.7), 2000, { sampleRate: SR });
  const [b] = renderSignal(drive((s: Context) => -x(s), 0.7), 2000, { sampleRate: SR });
  let nonzero = 0;
  for (let i = 0; i < a.length; i++) {
    assert.ok(b[i] === -a[i], `sample ${i}: ${b[i]} vs ${-a[i]}`);
    if (a[i] !== 0) nonzero++;
  }
  assert.ok(nonzero > 1900);
});

Deno.test("drive() holds a -6 dBFS sine's peak at every amount and its RMS rises by under 3 dB", () => {
  const tone = (s: Context) => 0.5 * Math.sin((2 * Math.PI * 500 * s.frame) / SR);
  const [zero] = renderSignal(drive(tone, 0), 9600, { sampleRate: SR });
  const [full] = renderSignal(drive(tone, 1), 9600, { sampleRate: SR });
  const peakDb = toDb(peak(full, 4800) / peak(zero, 4800));
  assert.ok(Math.abs(peakDb) < 0.1, `${peakDb.toFixed(3)} dB`);
  const louder = toDb(rms(full, 4800) / rms(zero, 4800));
  assert.ok(louder > 1 && louder < 3, `${louder.toFixed(2)} dB`);
});

Deno.test("drive() at amount 0 passes quiet sines as cos(πf/96 kHz), ADAA's average at the 2× rate, within 0.02 dB", () => {
  for (const hz of [100, 1000, 5000, 10000, 15000, 18000]) {
    const x = (s: Context) => 0.001 * Math.sin((2 * Math.PI * hz * s.frame) / SR);
    const [y] = renderSignal(drive(x, 0), 9600, { sampleRate: SR });
    const db = toDb(toneAmplitude(y.subarray(2400), hz, SR) / 0.001);
    const want = toDb(Math.cos((Math.PI * hz) / (2 * SR))); // -0.47 dB at 10 kHz
    assert.ok(Math.abs(db - want) < 0.02, `${hz} Hz: ${db.toFixed(3)} dB, want ${want.toFixed(3)}`);
  }
});

Deno.test("drive() clamps its amount: 2 sounds as 1, NaN and -1 as 0", () => {
  const x = (s: Context) => 0.6 * Math.sin(s.frame * 0.05);
  const render = (amount: number | ((s: Context) => number)) =>
    renderSignal(drive(x, amount), 500, { sampleRate: SR })[0];
  assert.deepEqual(render(2), render(1));
  // (A modulator that gives NaN mutes the signal with a report: tests/runtime/core/faults_test.ts.)
  const [nan, zero] = [new Float64Array(16).fill(NaN), new Float64Array(16).fill(NaN)];
  assert.equal(driveGains(nan, 0, NaN), driveGains(zero, 0, 0), "its step takes NaN as 0");
  assert.deepEqual(render(-1), render(0));
  assert.notDeepEqual(render(1), render(0));
});

/** The half-band's response: `½·(A0(z²) + z⁻¹·A1(z²))` at `fr` (a fraction of its rate). */
function halfbandDb(a: Float64Array, fr: number): number {
  const w = 2 * Math.PI * fr;
  // Each section (a + z⁻²)/(1 + a·z⁻²) is an allpass: only its phase matters.
  const phase = (path: number) => {
    let p = path === 1 ? -w : 0;
    for (let k = path; k < a.length; k += 2) {
      const c = a[k];
      p += Math.atan2(-Math.sin(2 * w), c + Math.cos(2 * w)) -
        Math.atan2(-c * Math.sin(2 * w), 1 + c * Math.cos(2 * w));
    }
    return p;
  };
  const p0 = phase(0);
  const p1 = phase(1);
  return toDb(0.5 * Math.hypot(Math.cos(p0) + Math.cos(p1), Math.sin(p0) + Math.sin(p1)));
}

Deno.test("drive()'s half-band attenuates its stopband by the designed 80 dB and is flat in its passband", () => {
  const a = halfbandCoefficients(HALFBAND_COUNT, HALFBAND_TRANSITION);
  const designed = halfbandAttenuation(HALFBAND_COUNT, HALFBAND_TRANSITION);
  assert.ok(designed > 79 && designed < 81, `${designed} dB`);
  let stop = -Infinity;
  for (let fr = 0.25 + HALFBAND_TRANSITION / 2; fr <= 0.5; fr += 0.0005) {
    stop = Math.max(stop, halfbandDb(a, fr));
  }
  assert.ok(stop < -designed + 0.01, `stopband peak ${stop.toFixed(2)} dB`);
  assert.ok(stop > -designed - 1, `stopband peak ${stop.toFixed(2)} dB (equiripple at the design)`);
  for (let fr = 0; fr <= 0.25 - HALFBAND_TRANSITION / 2; fr += 0.0005) {
    const db = halfbandDb(a, fr);
    assert.ok(Math.abs(db) < 1e-6, `passband ${fr}: ${db} dB`);
  }
  assert.ok(Math.abs(halfbandDb(a, 0.25) + 3.0103) < 1e-6); // a half-band: -3 dB at a quarter
});
