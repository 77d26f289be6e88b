import assert from "node:assert/strict";
import { adsr, adsrTick } from "../../../helpers/modulation/adsr.ts";
import { pulse, square } from "../../../helpers/sources/oscillators.ts";
import { pan } from "../../../helpers/mix/pan.ts";
import { renderSignal } from "../../../runtime/core/offline.ts";
import type { Context, Param } from "../../../runtime/core/signal.ts";
import { maxStep } from "../../_utils.ts";
import { firstDifference, playBoth } from "../control/_play.ts";

const SR = 48000;

/** A gate that is on for frames in [from, to) of each listed span. */
function gateOn(...spans: [number, number][]): (s: Context) => number {
  return (s) => spans.some(([from, to]) => s.frame >= from && s.frame < to) ? 1 : 0;
}

/** The −60 dB multiplier of the formula, per sample. */
const mult = (seconds: number) => Math.pow(10, -3 / (seconds * SR));

Deno.test("adsr() levels at attack, decay, sustain and release checkpoints match the formula within 1e-9", () => {
  const [a, d, S, r] = [0.01, 0.1, 0.6, 0.2];
  const off = 20000;
  // 30000 frames of release: 0.6·10^(−3·30000/9600) is below 1e-9, where it snaps to 0.
  const [e] = renderSignal(adsr(gateOn([0, off]), a, d, S, r), off + 30000, { sampleRate: SR });
  const n = a * SR; // 480 samples of attack
  const dm = mult(d);
  const rm = mult(r);
  const expected = (i: number): number => {
    if (i < n) return (i + 1) / n; // linear: the gate's first frame already climbs one step
    if (i < off) {
      const v = S + (1 - S) * Math.pow(dm, i - (n - 1)); // from the peak at frame n − 1
      return Math.abs(v - S) < 1e-9 ? S : v;
    }
    const v = S * Math.pow(rm, i - off + 1); // the release from the level at frame off − 1
    return v < 1e-9 ? 0 : v;
  };
  const checkpoints: [string, number][] = [
    ["attack, first frame", 0],
    ["attack, halfway (0.5)", n / 2 - 1],
    ["peak (1)", n - 1],
    ["decay, one step", n],
    ["decay, 10 ms in", n - 1 + 480],
    ["decay, at `decay` (distance −60 dB)", n - 1 + d * SR],
    ["sustain", off - 1],
    ["release, first frame", off],
    ["release, at `release` (−60 dB)", off - 1 + r * SR],
    ["release, done (0)", off + 29999],
  ];
  for (const [what, i] of checkpoints) {
    assert.ok(
      Math.abs(e[i] - expected(i)) < 1e-9,
      `${what} (frame ${i}): ${e[i]} vs ${expected(i)}`,
    );
  }
  assert.equal(e[n - 1], 1);
  assert.ok(Math.abs(e[n - 1 + d * SR] - (S + (1 - S) * 0.001)) < 1e-9);
  assert.equal(e[off - 1], S, "the sustain level, snapped onto");
  assert.ok(Math.abs(e[off - 1 + r * SR] - S * 0.001) < 1e-9);
  assert.equal(e[off + 29999], 0);
  // Every frame, not only the checkpoints.
  for (let i = 0; i < e.length; i++) {
    assert.ok(Math.abs(e[i] - expected(i)) < 1e-9, `frame ${i}: ${e[i]} vs ${expected(i)}`);
  }
});

Deno.test("adsr() retriggered mid-release climbs from the current level: no step larger than the envelope's own slope", () => {
  const [a, d, S, r] = [0.005, 0.05, 0.5, 0.3];
  const again = 12000;
  const [e] = renderSignal(adsr(gateOn([0, 10000], [again, 20000]), a, d, S, r), 24000, {
    sampleRate: SR,
  });
  const up = 1 / (a * SR);
  const before = e[again - 1];
  assert.ok(before > 0.05 && before < S, `mid-release at the retrigger: ${before}`);
  // One attack step up from where the release was, not a jump to 0 or to 1.
  assert.ok(Math.abs(e[again] - (before + up)) < 1e-12);
  // The envelope's own slopes: the attack's step, the decay's first step from the peak, the
  // release's first step from the sustain level.
  const slope = Math.max(up, (1 - S) * (1 - mult(d)), S * (1 - mult(r)));
  assert.ok(maxStep(e) <= slope + 1e-12, `largest step ${maxStep(e)} vs ${slope}`);
  assert.ok(maxStep(e, again - 10, again + 10) <= up + 1e-12, "around the retrigger: the attack's");
  const peaks = [...e.keys()].filter((i) => e[i] === 1 && !(e[i - 1] === 1));
  assert.equal(peaks.length, 2);
  // From `before`, the attack needs (1 − before)·a·sr frames, rounded up.
  assert.equal(peaks[1] - again + 1, Math.ceil((1 - before) / up - 1e-9));
});

Deno.test("adsr() released mid-attack falls from where it was; gated again mid-decay it climbs from there", () => {
  const [a, d, S, r] = [0.01, 0.1, 0.4, 0.05];
  const [e] = renderSignal(adsr(gateOn([0, 200], [3000, 3600], [3601, 5000]), a, d, S, r), 5000, {
    sampleRate: SR,
  });
  const up = 1 / (a * SR);
  assert.ok(Math.abs(e[199] - 200 * up) < 1e-12);
  assert.ok(Math.abs(e[200] - 200 * up * mult(r)) < 1e-12, "release from the attack's level");
  // A one-frame gap in the gate mid-decay: one release step, then the attack again.
  assert.ok(Math.abs(e[3600] - e[3599] * mult(r)) < 1e-12);
  assert.ok(Math.abs(e[3601] - (e[3600] + up)) < 1e-12);
});

Deno.test("adsr() follows a moving sustain level at the decay's speed, and clamps it to 0..1", () => {
  const d = 0.02;
  const sustain = (s: Context) => (s.frame < 4800 ? 0.8 : 0.2);
  const [e] = renderSignal(adsr(1, 0.001, d, sustain, 0.1), 4800 + 960, { sampleRate: SR });
  assert.equal(e[4799], 0.8);
  // The distance to the new level shrinks by the decay multiplier each frame.
  assert.ok(Math.abs(e[4800] - (0.2 + 0.6 * mult(d))) < 1e-12);
  assert.ok(Math.abs(e[4800 + 959] - (0.2 + 0.6 * 0.001)) < 1e-9, "−60 dB after `decay`");
  for (const [given, level] of [[1.5, 1], [-1, 0]]) {
    const [x] = renderSignal(adsr(1, 0, 0, given, 0.1), 3, { sampleRate: SR });
    assert.equal(x[2], level, `sustain ${given}`);
  }
});

Deno.test("adsr() with times of 0 jumps, as asked: to 1, to the sustain level, to 0", () => {
  const [e] = renderSignal(adsr(gateOn([0, 3]), 0, 0, 0.5, 0), 5, { sampleRate: SR });
  assert.deepEqual([...e], [1, 0.5, 0.5, 0, 0]);
});

Deno.test("adsr() of a stereo gate gives two envelopes; the retrigger restarts both", () => {
  const left = gateOn([0, 1000]);
  const right = gateOn([500, 3000]);
  const gate = (s: Context) => [left(s), right(s)];
  const retrigger = (s: Context) => (s.frame === 2000 ? 1 : 0);
  const [l, r] = renderSignal(adsr(gate, 0.001, 0.01, 0.5, 0.005, { retrigger }), 2100, {
    sampleRate: SR,
    channels: 2,
  });
  assert.equal(l[47], 1);
  assert.equal(r[547], 1, "the right channel's own attack, from its own gate");
  assert.equal(l[1999], 0, "left released (999 frames: 4 release times, snapped to 0)");
  assert.equal(l[2000], 0, "the retrigger does nothing while the gate is off");
  assert.ok(Math.abs(r[2000] - (0.5 + 1 / 48)) < 1e-12, "the right one climbs again");
});

Deno.test("adsr() renders bit-identically compiled and as closures, gated by a square, retriggered by a pulse", () => {
  const build = (k: number) => () =>
    adsr(pan(square(3), 0.2) as Param, 0.004 * k, 0.03, 0.5, 0.05, { retrigger: pulse(11) });
  const { compiled, closure } = playBoth([
    { frames: 20000, register: { x: build(1) } },
    { frames: 10000, register: { x: build(1.5) } },
  ]);
  assert.equal(firstDifference(compiled.out, closure.out), undefined);
  assert.equal(compiled.compiled, 2);
  assert.ok(compiled.out.some((v) => v > 0.9), "it plays");
});

Deno.test("adsrTick() treats a NaN gate as off and never keeps a NaN", () => {
  const mem = new Float64Array(3);
  mem[1] = 0.5; // level
  mem[2] = 2; // decaying
  const rm = mult(0.1);
  assert.equal(adsrTick(mem, 0, NaN, 0, 0.01, 0.99, 0.5, rm), 0.5 * rm);
  assert.ok(Number.isNaN(mem[0]), "the gate's last value is kept as given");
  assert.equal(adsrTick(mem, 0, 1, 0, 0.01, 0.99, 0.5, rm), 0.5 * rm + 0.01, "a rise from NaN");
});
