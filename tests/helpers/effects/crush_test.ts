import assert from "node:assert/strict";
import { crushPeriod, crushScale } from "../../../helpers/effects/crush.ts";
import { renderSignal } from "../../../runtime/core/offline.ts";
import { crush } from "../../../helpers/effects/crush.ts";
import type { Context } from "../../../runtime/core/signal.ts";

const SR = 48000;

/** A ramp from -1.25 to 1.25 over `n` frames: every level, and beyond full scale. */
function ramp(n: number): (s: Context) => number {
  return (s) => -1.25 + (2.5 * s.frame) / n;
}

/** The reference quantiser: floor(x·K + ½) clipped to -K..K-1, over K. */
function quantize(x: number, bits: number): number {
  const k = 2 ** (bits - 1);
  return Math.min(k - 1, Math.max(-k, Math.floor(x * k + 0.5))) / k;
}

Deno.test("crush() outputs exact multiples of 2^(1 - bits), 2^bits levels from -1 to 1 - step, rounded to nearest", () => {
  const n = 20000;
  for (const bits of [1, 2, 3, 4, 8, 12]) {
    const [y] = renderSignal(crush(ramp(n), bits), n, { sampleRate: SR });
    const k = 2 ** (bits - 1);
    const levels = new Set<number>();
    for (let i = 0; i < n; i++) {
      const x = -1.25 + (2.5 * i) / n;
      assert.ok(Number.isInteger(y[i] * k), `bits ${bits}, frame ${i}: ${y[i]} is off the grid`);
      assert.equal(y[i], quantize(x, bits), `bits ${bits}, x ${x}`);
      levels.add(y[i]);
    }
    assert.equal(levels.size, 2 ** bits, `bits ${bits}`);
    assert.equal(Math.min(...levels), -1);
    assert.equal(Math.max(...levels), 1 - 2 / 2 ** bits);
  }
});

Deno.test("crush() rounds bits to whole numbers (3.6 is 4) and holds at least 1 bit", () => {
  const [a] = renderSignal(crush(ramp(1000), 3.6), 1000);
  const [b] = renderSignal(crush(ramp(1000), 4), 1000);
  const [c] = renderSignal(crush(ramp(1000), -5), 1000);
  const [d] = renderSignal(crush(ramp(1000), 1), 1000);
  assert.deepEqual(a, b);
  assert.deepEqual(c, d);
  assert.deepEqual(new Set(d), new Set([-1, 0]));
});

Deno.test("crush() with 24 bits or more, or NaN bits, passes the input unchanged", () => {
  const x = (s: Context) => 0.7 * Math.sin(s.frame * 0.37) + 1e-9 * s.frame;
  const [dry] = renderSignal(x, 2000);
  // (A modulator that gives NaN mutes the signal with a report: tests/runtime/core/faults_test.ts.)
  assert.equal(crushScale(new Float64Array(4).fill(NaN), 0, NaN), 0, "its step bypasses NaN bits");
  for (const bits of [24, 32]) {
    const [y] = renderSignal(crush(x, bits), 2000);
    assert.deepEqual(y, dry, `bits ${bits}`);
  }
  const [just] = renderSignal(crush(x, 23), 2000);
  assert.notDeepEqual(just, dry); // 23 bits still quantises
});

/** Lengths of the runs of equal values in `y`. */
function holds(y: Float64Array): number[] {
  const runs: number[] = [];
  let start = 0;
  for (let i = 1; i <= y.length; i++) {
    if (i === y.length || y[i] !== y[i - 1]) {
      runs.push(i - start);
      start = i;
    }
  }
  return runs;
}

Deno.test("crush() holds exactly N samples at rate sr/N, including ratios inexact in binary (sr/7, sr/48)", () => {
  for (const n of [2, 3, 7, 48, 1000]) {
    const frames = 12 * n;
    const [y] = renderSignal(crush((s: Context) => s.frame + 1, 32, { rate: SR / n }), frames, {
      sampleRate: SR,
    });
    assert.deepEqual(holds(y), new Array(12).fill(n), `sr/${n}`);
    for (let i = 0; i < frames; i++) assert.equal(y[i], Math.floor(i / n) * n + 1); // takes the first
  }
});

Deno.test("crush() averages fractional hold lengths exactly: sr/2.5 holds 3, 2, 3, 2… samples", () => {
  const [y] = renderSignal(crush((s: Context) => s.frame, 32, { rate: SR / 2.5 }), 1000, {
    sampleRate: SR,
  });
  const runs = holds(y);
  assert.equal(runs.length, 400);
  assert.deepEqual(runs.slice(0, 6), [3, 2, 3, 2, 3, 2]);
});

Deno.test("crush() at a rate of the sample rate or more, or NaN, holds nothing; below 1 Hz it holds for 1 s", () => {
  const x = (s: Context) => Math.sin(s.frame * 0.1);
  const [dry] = renderSignal(crush(x, 30), 500, { sampleRate: SR });
  assert.equal(crushPeriod(NaN, SR), 1, "its step holds nothing at a NaN rate");
  for (const rate of [SR, 4 * SR]) {
    const [y] = renderSignal(crush(x, 30, { rate }), 500, { sampleRate: SR });
    assert.deepEqual(y, dry);
  }
  const [slow] = renderSignal(crush((s: Context) => s.frame, 30, { rate: 0.01 }), 2 * SR + 1, {
    sampleRate: SR,
  });
  assert.deepEqual(holds(slow), [SR, SR, 1]);
});

Deno.test("crush() switches to a faster rate within one new hold, not at the end of the old one", () => {
  const rate = (s: Context) => (s.frame < 100 ? 1 : SR / 4);
  const [y] = renderSignal(crush((s: Context) => s.frame, 30, { rate }), 120, { sampleRate: SR });
  // held from frame 0; the new rate's countdown starts at frame 100: a new sample by frame 104
  assert.equal(y[99], 0);
  const firstNew = y.findIndex((v) => v !== 0);
  assert.ok(firstNew >= 100 && firstNew <= 104, `first new sample at ${firstNew}`);
  assert.deepEqual(holds(y.subarray(firstNew, firstNew + 12)), [4, 4, 4]);
});

Deno.test("crush() holds every channel of a stereo input on one clock", () => {
  const stereo = (s: Context) => [s.frame, 100 - s.frame];
  const [l, r] = renderSignal(crush(stereo, 30, { rate: SR / 3 }), 12, {
    sampleRate: SR,
    channels: 2,
  });
  assert.deepEqual([...l], [0, 0, 0, 3, 3, 3, 6, 6, 6, 9, 9, 9]);
  assert.deepEqual([...r], [...l].map((v) => 100 - v));
});
