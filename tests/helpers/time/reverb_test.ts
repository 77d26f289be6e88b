import assert from "node:assert/strict";
import { renderSignal } from "../../../runtime/core/offline.ts";
import { reverb } from "../../../helpers/time/reverb.ts";
import type { Context } from "../../../runtime/core/signal.ts";
import { rms, toDb } from "../../_utils.ts";

const SR = 48000;
const click = (s: Context) => (s.frame === 0 ? 1 : 0);

/** A fixed pseudo-random signal in -1..1 (a Park-Miller LCG), independent of the helpers. */
function lcgNoise(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return (state / 2147483647) * 2 - 1;
  };
}

/**
 * RT60 from an impulse response: Schroeder's backward-integrated energy decay curve, a least
 * squares line through its -5..-35 dB part (T30), extrapolated to 60 dB.
 */
function rt60(y: Float64Array, sr = SR): number {
  const edc = new Float64Array(y.length);
  let acc = 0;
  for (let i = y.length - 1; i >= 0; i--) edc[i] = acc += y[i] * y[i];
  let sx = 0, sy = 0, sxx = 0, sxy = 0, n = 0;
  for (let i = 0; i < y.length; i++) {
    const db = 10 * Math.log10(edc[i] / edc[0]);
    if (db > -5) continue;
    if (db < -35) break;
    const t = i / sr;
    sx += t, sy += db, sxx += t * t, sxy += t * db, n++;
  }
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx); // dB per second
  return -60 / slope;
}

Deno.test("reverb() decays 60 dB in `time` (RT60 from the energy decay within ±25%) for 0.5, 1 and 2 s", () => {
  for (const damping of [0, 0.5]) {
    for (const time of [0.5, 1, 2]) {
      const [y] = renderSignal(reverb(click, time, damping, 1), Math.round((2 * time + 0.5) * SR), {
        sampleRate: SR,
      });
      const measured = rt60(y);
      assert.ok(
        Math.abs(measured / time - 1) < 0.25,
        `damping ${damping}, time ${time} s: RT60 ${measured.toFixed(3)} s`,
      );
    }
  }
});

Deno.test("reverb() scales its delays to the sample rate: RT60 stays within ±25% at 44.1 and 96 kHz", () => {
  for (const sampleRate of [44100, 96000]) {
    const [y] = renderSignal(reverb(click, 1, 0, 1), Math.round(2.5 * sampleRate), { sampleRate });
    const measured = rt60(y, sampleRate);
    assert.ok(Math.abs(measured - 1) < 0.25, `${sampleRate} Hz: RT60 ${measured.toFixed(3)} s`);
    let first = 0;
    while (y[first] === 0) first++;
    // The shortest comb (1116 samples at 44.1 kHz) plus the allpass chain's direct path.
    assert.equal(first, Math.round(1116 * sampleRate / 44100), `${sampleRate} Hz: first echo`);
  }
});

Deno.test("reverb() with mix 0 is the dry signal bit for bit, mono and stereo", () => {
  const [dry] = renderSignal(lcgNoise(1), 9600, { sampleRate: SR });
  const [wet0] = renderSignal(reverb(lcgNoise(1), 1.5, 0.5, 0), 9600, { sampleRate: SR });
  assert.deepEqual(wet0, dry);
  const [mod] = renderSignal(reverb(lcgNoise(1), 1.5, 0.5, () => 0), 9600, { sampleRate: SR });
  assert.deepEqual(mod, dry);
  const a = lcgNoise(2);
  const b = lcgNoise(3);
  const stereo = () => [a(), b()];
  const [l, r] = renderSignal(reverb(stereo, 1.5, 0.5, 0), 4800, { sampleRate: SR, channels: 2 });
  const [dl] = renderSignal(lcgNoise(2), 4800, { sampleRate: SR });
  const [dr] = renderSignal(lcgNoise(3), 4800, { sampleRate: SR });
  assert.deepEqual([l, r], [dl, dr]);
});

Deno.test("reverb() decorrelates a stereo input with identical channels (|correlation| of the tails < 0.3)", () => {
  const both = (s: Context) => {
    const v = click(s);
    return [v, v];
  };
  const [l, r] = renderSignal(reverb(both, 1, 0.5, 1), SR, { sampleRate: SR, channels: 2 });
  let lr = 0, ll = 0, rr = 0;
  for (let i = 0; i < l.length; i++) lr += l[i] * r[i], ll += l[i] * l[i], rr += r[i] * r[i];
  const corr = lr / Math.sqrt(ll * rr);
  assert.ok(Math.abs(corr) < 0.3, `correlation ${corr.toFixed(3)}`);
  assert.ok(Math.abs(toDb(rms(l) / rms(r))) < 1, "both sides carry the same energy (±1 dB)");
});

Deno.test("reverb() wet level for steady noise is within 3 dB of the dry level at a 1 s decay", () => {
  const [y] = renderSignal(reverb(lcgNoise(5), 1, 0.5, 1), 3 * SR, { sampleRate: SR });
  const [x] = renderSignal(lcgNoise(5), 3 * SR, { sampleRate: SR });
  const db = toDb(rms(y, SR) / rms(x, SR));
  assert.ok(Math.abs(db) < 3, `wet/dry ${db.toFixed(2)} dB`);
});

Deno.test("reverb() damping darkens the tail: the high-frequency share falls as damping rises", () => {
  const brightness = (damping: number) => {
    const [y] = renderSignal(reverb(click, 2, damping, 1), SR, { sampleRate: SR });
    const tail = y.subarray(SR / 4);
    const diff = tail.map((v, i) => (i === 0 ? 0 : v - tail[i - 1]));
    return rms(diff) / rms(tail);
  };
  const [open, half, closed] = [brightness(0), brightness(0.5), brightness(1)];
  assert.ok(half < 0.7 * open && closed < 0.7 * half, `${open}, ${half}, ${closed}`);
});

Deno.test("reverb() with a time of 0, a negative or a NaN time has no tail (below 1e-12 after 1 s)", () => {
  for (const time of [0, -1, () => NaN]) {
    const [y] = renderSignal(reverb(click, time, 0.5, 1), 2 * SR, { sampleRate: SR });
    assert.ok(y.every(Number.isFinite));
    let late = 0;
    for (let i = SR; i < y.length; i++) late = Math.max(late, Math.abs(y[i]));
    assert.ok(late < 1e-12, `time ${String(time)}: ${late}`);
  }
});
