import assert from "node:assert/strict";
import { renderSignal } from "../../../runtime/core/offline.ts";
import { comp } from "../../../helpers/effects/comp.ts";
import { pan } from "../../../helpers/mix/pan.ts";
import { channelsOf } from "../../../runtime/core/signal_tag.ts";
import type { Context } from "../../../runtime/core/signal.ts";
import { peak, toDb } from "../../_utils.ts";

const SR = 48000;

/** Giannoulis et al. eq. 4: the gain computer's output level y_G for a level x_G, in dB. */
function staticDb(level: number, threshold: number, ratio: number, knee: number): number {
  const over = level - threshold;
  if (2 * over < -knee || (knee === 0 && over === 0)) return level;
  if (2 * Math.abs(over) <= knee) {
    return level + ((1 / ratio - 1) * (over + knee / 2) ** 2) / (2 * knee);
  }
  return threshold + over / ratio;
}

function sine(levelDb: number, hz = 1000): (s: Context) => number {
  const a = 10 ** (levelDb / 20);
  return (s) => a * Math.sin((2 * Math.PI * hz * s.frame) / SR);
}

/** Peak output level in dBFS of a steady sine through `comp` (the second half second). */
function steadyPeakDb(levelDb: number, knee: number, attack: number, release: number): number {
  const [y] = renderSignal(comp(sine(levelDb), -30, 4, { attack, release, knee }), SR, {
    sampleRate: SR,
  });
  return toDb(peak(y, SR / 2));
}

Deno.test("comp()'s static curve: steady sines from -60 to 0 dBFS follow eq. 4 within 0.1 dB (hard and 10 dB knees)", () => {
  for (const knee of [0, 10]) {
    for (let level = -60; level <= 0; level += 3) {
      const want = staticDb(level, -30, 4, knee);
      // A 1 ms attack settles just under each peak.
      const got = steadyPeakDb(level, knee, 0.001, 1);
      assert.ok(Math.abs(got - want) < 0.1, `knee ${knee}, ${level} dBFS: ${got} vs ${want}`);
    }
  }
});

/**
 * The whole compressor written out per frame in double precision: the gain from the reduction
 * so far, then the detector on the frame's largest |x| (eq. 4, then eq. 17).
 */
function reference(
  frames: readonly number[][],
  t: number,
  ratio: number,
  knee: number,
  attack: number,
  release: number,
  makeup: number,
): number[][] {
  const aA = attack > 0 ? Math.exp(-1 / (attack * SR)) : 0;
  const aR = release > 0 ? Math.exp(-1 / (release * SR)) : 0;
  let y = 0;
  return frames.map((xs) => {
    const g = Math.pow(10, (makeup - y) / 20);
    const level = 20 * Math.log10(Math.max(...xs.map(Math.abs)));
    const target = level - staticDb(level, t, ratio, knee);
    const a = target > y ? aA : aR;
    y = a * y + (1 - a) * (Number.isNaN(target) ? 0 : target);
    return xs.map((x) => g * x);
  });
}

Deno.test("comp() matches the per-frame reference (eq. 4 and 17, a one-frame sidechain) within 1e-12", () => {
  const x = (n: number) => 0.9 * Math.sin(n * 0.05) * (0.5 + 0.5 * Math.sin(n * 0.001));
  const frames = Array.from({ length: 9600 }, (_, n) => [x(n), 0.7 * x(n + 300)]);
  for (
    const [t, ratio, knee, attack, release, makeup] of [
      [-24, 4, 0, 0, 0.05, 0],
      [-18, 8, 12, 0.003, 0.2, 6],
      [-30, 2, 6, 0.0005, 0, 0],
    ]
  ) {
    const want = reference(frames, t, ratio, knee, attack, release, makeup);
    const stereo = (s: Context) => frames[s.frame];
    const [l, r] = renderSignal(comp(stereo, t, ratio, { knee, attack, release, makeup }), 9600, {
      channels: 2,
      sampleRate: SR,
    });
    for (let n = 0; n < 9600; n++) {
      const tolerance = 1e-12 * Math.max(1, Math.abs(want[n][0]));
      assert.ok(Math.abs(l[n] - want[n][0]) < tolerance, `${t}/${ratio}: frame ${n}`);
      assert.ok(Math.abs(r[n] - want[n][1]) < tolerance, `${t}/${ratio}: frame ${n}`);
    }
  }
});

/** Gain reduction in dB of `comp` on a DC level that steps between `from` and `to` dBFS. */
function stepReduction(from: number, to: number, attack: number, release: number): Float64Array {
  const [a, b] = [10 ** (from / 20), 10 ** (to / 20)];
  const x = (s: Context) => (s.frame < SR ? a : b);
  const [y] = renderSignal(comp(x, -20, 4, { attack, release }), 2 * SR, { sampleRate: SR });
  const r = new Float64Array(SR);
  for (let i = 0; i < SR; i++) r[i] = toDb(b / y[SR + i]);
  return r;
}

Deno.test("comp() reaches 63% of a 15 dB reduction after its attack time (10 ms, 2 ms) within 1%", () => {
  for (const attack of [0.01, 0.002]) {
    const r = stepReduction(-40, 0, attack, 0.1);
    const at = r.findIndex((v) => v >= 15 * (1 - Math.exp(-1))); // frames after the step
    assert.ok(Math.abs(at / SR - attack) < 0.01 * attack, `${attack} s: 63% at ${at / SR} s`);
    assert.ok(Math.abs(r[SR - 1] - 15) < 1e-9, `settles at ${r[SR - 1]} dB`);
  }
});

Deno.test("comp() releases to 37% of its reduction after its release time (100 ms, 500 ms) within 1%", () => {
  for (const release of [0.1, 0.5]) {
    const r = stepReduction(0, -40, 0.005, release);
    const at = r.findIndex((v) => v <= 15 * Math.exp(-1));
    assert.ok(Math.abs(at / SR - release) < 0.01 * release, `${release} s: 37% at ${at / SR} s`);
  }
});

Deno.test("comp() with ratio 1 is exactly transparent at any threshold and knee", () => {
  const x = (s: Context) => 1.5 * Math.sin(s.frame * 0.031) * Math.sin(s.frame * 0.0007);
  const [dry] = renderSignal(x, 9600);
  for (const [threshold, knee] of [[-40, 0], [-10, 12]]) {
    const [y] = renderSignal(comp(x, threshold, 1, { knee, attack: 0.001 }), 9600);
    assert.deepEqual(y, dry);
  }
  const [below] = renderSignal(comp(x, -20, 0.5), 9600); // ratio below 1 counts as 1
  assert.deepEqual(below, dry);
});

Deno.test("comp() adds its makeup gain in dB after the reduction", () => {
  const [plain] = renderSignal(comp(1, -20, 4, { attack: 0 }), 100);
  const [made] = renderSignal(comp(1, -20, 4, { attack: 0, makeup: 6 }), 100);
  assert.ok(Math.abs(toDb(plain[99]) + 15) < 1e-9);
  assert.ok(Math.abs(toDb(made[99]) + 9) < 1e-9);
});

Deno.test("comp() links a stereo input: one gain, set by the louder channel, for both", () => {
  const loud = sine(-6, 220);
  for (const louder of [0, 1]) {
    const stereo = (s: Context) =>
      louder === 0 ? [loud(s), 0.1 * loud(s)] : [0.1 * loud(s), loud(s)];
    const [l, r] = renderSignal(comp(stereo, -24, 6, { attack: 0.002 }), 4800, { channels: 2 });
    const [mono] = renderSignal(comp(loud, -24, 6, { attack: 0.002 }), 4800);
    const [big, small] = louder === 0 ? [l, r] : [r, l];
    for (let i = 0; i < 4800; i++) {
      assert.equal(big[i], mono[i], `frame ${i}`); // the louder channel alone sets the gain
      assert.ok(Math.abs(small[i] - 0.1 * mono[i]) < 1e-15, `frame ${i}`);
    }
    assert.ok(toDb(peak(big, 2400) / 10 ** (-6 / 20)) < -12); // it did compress (15 dB at 6:1)
  }
});

Deno.test("comp() keeps its input's channel count: mono stays mono, stereo stays stereo", () => {
  assert.equal(channelsOf(comp(sine(0), -20, 4)), 1);
  assert.equal(channelsOf(comp(pan(sine(0), 0.3), -20, 4)), 2);
});
