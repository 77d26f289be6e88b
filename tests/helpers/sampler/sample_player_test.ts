/**
 * `samplePlayer` measured against references computed here: onsets, the stored values at rate
 * 1, a Hermite interpolation at other rates, voices summed, stolen and choked with their fades,
 * stereo, compiled against closures, and its refusals.
 * @module
 */

import assert from "node:assert/strict";
import { renderSignal } from "../../../runtime/core/offline.ts";
import { Engine } from "../../../runtime/core/engine.ts";
import { compileStats, setChainCompiler } from "../../../runtime/core/chain/mod.ts";
import { bankArray, dataBankStats } from "../../../runtime/core/data_bank.ts";
import { samplePlayer } from "../../../helpers/sampler/sample_player.ts";
import { PLAYER_SLOTS } from "../../../helpers/sampler/_player.ts";
import { sample } from "../../../helpers/sampler/sample.ts";
import { storeFrames } from "../../../helpers/sampler/store_frames.ts";
import { hermite, sampleAt } from "../../../helpers/sampler/hermite.ts";
import { VOICE_LAYOUT } from "../../../helpers/sampler/voices.ts";
import { stepLayout } from "../../../helpers/_step_layout.ts";
import { definitionOf } from "../../../helpers/declare_helper.ts";
import { helperInfo } from "../../../runtime/core/signal_tag.ts";
import { pulse, sin } from "../../../helpers/sources/oscillators.ts";
import { gain } from "../../../helpers/mix/gain.ts";
import { add } from "../../../helpers/mix/math.ts";
import type { Context, Signal } from "../../../runtime/core/signal.ts";
import { noiseSamples } from "../../runtime/core/samples/_fixtures.ts";

const SR = 48000;
/** Frames of a 2 ms fade at 48 kHz (its step per frame is 1/96). */
const FADE_FRAMES = 96;

/** A trigger that is 1 for 8 frames from each of `starts` (frames), else 0. */
function hits(...starts: number[]): Signal {
  return (s: Context) => (starts.some((t) => s.frame >= t && s.frame < t + 8) ? 1 : 0);
}

/** Niemitalo's x-form of the 4-point Hermite, silence outside `x`: the reference reader. */
function reference(x: ArrayLike<number>, pos: number): number {
  const at = (k: number) => (k >= 0 && k < x.length ? x[k] : 0);
  const i = Math.floor(pos);
  const t = pos - i;
  const [ym1, y0, y1, y2] = [at(i - 1), at(i), at(i + 1), at(i + 2)];
  const c1 = 0.5 * (y1 - ym1);
  const c2 = ym1 - 2.5 * y0 + 2 * y1 - 0.5 * y2;
  const c3 = 0.5 * (y2 - ym1) + 1.5 * (y0 - y1);
  return ((c3 * t + c2) * t + c1) * t + y0;
}

/** One voice played from frame `start` at `rate`, as documented: pos += rate until it leaves. */
function voice(x: ArrayLike<number>, rate: number, start: number, frames: number): Float64Array {
  const y = new Float64Array(frames);
  let pos = rate < 0 ? x.length - 1 : 0;
  for (let n = start; n < frames && pos > -1 && pos < x.length; n++, pos += rate) {
    y[n] = reference(x, pos);
  }
  return y;
}

const X = noiseSamples(1000, 7);
const MONO = storeFrames([X], "player-test:mono");

Deno.test("samplePlayer() starts at the trigger's own frame and plays the stored values bit for bit at rate 1", () => {
  for (const start of [0, 1, 1234]) {
    const [y] = renderSignal(samplePlayer(hits(start), 1, { ...MONO }), start + 1100);
    for (let n = 0; n < start; n++) assert.equal(y[n], 0, `before the onset, frame ${n}`);
    for (let k = 0; k < 1000; k++) assert.equal(y[start + k], X[k], `frame ${k} after ${start}`);
    for (let n = start + 1000; n < y.length; n++) assert.equal(y[n], 0, `after the end, ${n}`);
  }
});

Deno.test("samplePlayer() fires on a rise through 0.5 only: staying high, NaN and 0.49 do not fire", () => {
  const levels = [0, 0.49, 0.5, 0.9, 1, 0.2, NaN, 0.7];
  const trig: Signal = (s) => levels[Math.min(Math.floor(s.frame / 100), levels.length - 1)];
  const [y] = renderSignal(samplePlayer(trig, 1, { ...MONO, voices: 8 }), 2000);
  // Fires at 200 (0.49 → 0.5) and at 700 (NaN → 0.7: NaN counts as below); nothing else.
  const expected = new Float64Array(2000);
  for (const start of [200, 700]) {
    const v = voice(X, 1, start, 2000);
    for (let n = 0; n < 2000; n++) expected[n] += v[n];
  }
  assert.deepEqual(y, expected);
});

Deno.test("samplePlayer() at rates 2, 0.5, 0.75 and 1.37 matches the 4-point Hermite reference within 1e-14", () => {
  for (const rate of [2, 0.5, 0.75, 1.37]) {
    const [y] = renderSignal(samplePlayer(hits(10), rate, { ...MONO }), 2200);
    const ref = voice(X, rate, 10, 2200);
    let worst = 0;
    for (let n = 0; n < y.length; n++) worst = Math.max(worst, Math.abs(y[n] - ref[n]));
    // Rounding only: hermite() evaluates the same cubic in de Soras's arrangement.
    assert.ok(worst < 1e-14, `rate ${rate}: ${worst}`);
    const last = ref.findLastIndex((v) => v !== 0);
    assert.ok(
      last > 10 + 1000 / rate - 3 && last <= 10 + 1000 / rate,
      `rate ${rate}: ends ${last}`,
    );
  }
});

Deno.test("hermite() reproduces a quadratic exactly, and the player plays one between its frames", () => {
  for (const t of [0, 0.25, 0.5, 0.9]) {
    assert.ok(Math.abs(hermite(1, 4, 9, 16, t) - (2 + t) ** 2) < 1e-14, `t ${t}`);
  }
  const q = Float64Array.from({ length: 64 }, (_, k) => (k / 64) ** 2);
  const at = storeFrames([q]);
  const [y] = renderSignal(samplePlayer(hits(0), 0.3, { ...at }), 200);
  for (let n = 10; n < 200; n++) {
    const pos = 0.3 * n; // iterated 0.3 additions drift from 0.3·n by < 1e-13 here
    if (pos >= 62) break;
    assert.ok(Math.abs(y[n] - (pos / 64) ** 2) < 1e-12, `frame ${n}: ${y[n]}`);
  }
});

Deno.test("sampleAt()'s inline interpolation is hermite() bit for bit, at every fraction and both ends", () => {
  const d = bankArray();
  const at = MONO.offset;
  for (let k = 0; k < 4000; k++) {
    const pos = -0.999 + (k / 4000) * 1000.998; // −1 < pos < frames
    const i = Math.floor(pos);
    const x = (j: number) => d[at + j];
    const expected = pos === i ? x(i) : hermite(x(i - 1), x(i), x(i + 1), x(i + 2), pos - i);
    assert.ok(Object.is(sampleAt(at, 1, 0, pos), expected), `pos ${pos}`);
  }
  // The padding is silence: past either end the neighbours read 0.
  assert.deepEqual([x0(at - 2), x0(at - 1), x0(at + 1000), x0(at + 1001)], [0, 0, 0, 0]);
  function x0(j: number): number {
    return d[j];
  }
});

Deno.test("samplePlayer() backwards (rate -1) plays the last frame first; rate 0 holds; a rate past the end plays one frame", () => {
  const [back] = renderSignal(samplePlayer(hits(5), -1, { ...MONO }), 1010);
  for (let k = 0; k < 1000; k++) assert.equal(back[5 + k], X[999 - k], `frame ${k}`);
  assert.equal(back[1005], 0);
  const [held] = renderSignal(samplePlayer(hits(5), 0, { ...MONO }), 3000);
  for (let n = 5; n < 3000; n++) assert.equal(held[n], X[0]);
  const [jump] = renderSignal(samplePlayer(hits(5), 1e9, { ...MONO }), 20);
  assert.equal(jump[5], X[0]);
  for (let n = 6; n < 20; n++) assert.equal(jump[n], 0, `frame ${n}`);
});

Deno.test("samplePlayer() sums overlapping voices exactly, in the order they started", () => {
  const [y] = renderSignal(samplePlayer(hits(100, 400, 450), 1, { ...MONO }), 1600);
  const a = voice(X, 1, 100, 1600);
  const b = voice(X, 1, 400, 1600);
  const c = voice(X, 1, 450, 1600);
  for (let n = 0; n < 1600; n++) assert.equal(y[n], 0 + a[n] + b[n] + c[n], `frame ${n}`);
});

/** The documented fade: from a trigger at `at`, the level is 1 − d, 1 − 2d, … then 0. */
function fade(at: number, frames: number): Float64Array {
  const d = (1 / SR) * 500; // dt / FADE_SECONDS, as the player computes it
  const level = new Float64Array(frames).fill(1, 0, at);
  for (let n = at, l = 1 - d; n < frames && l > 0; n++, l = l - d > 0 ? l - d : 0) level[n] = l;
  return level;
}

Deno.test("samplePlayer() with every voice sounding steals the oldest with a 2 ms linear fade (96 frames at 48 kHz)", () => {
  const [y] = renderSignal(samplePlayer(hits(100, 200, 300), 1, { ...MONO, voices: 2 }), 1400);
  const [a, b, c] = [100, 200, 300].map((t) => voice(X, 1, t, 1400));
  const level = fade(300, 1400);
  for (let n = 0; n < 1400; n++) {
    // Same operations in the same order as the player: ±1 ulp would say otherwise.
    assert.equal(y[n], 0 + level[n] * a[n] + b[n] + c[n], `frame ${n}`);
  }
  // 96 frames fade (the last at a rounding residue of 1 − 96·(1/96)), then silence.
  assert.ok(level[300 + FADE_FRAMES - 1] > 0 && level[300 + FADE_FRAMES - 1] < 1e-12);
  assert.equal(level[300 + FADE_FRAMES], 0);
  for (let k = 0; k < FADE_FRAMES; k++) {
    assert.ok(Math.abs(level[300 + k] - (1 - (k + 1) / 96)) < 1e-12, `fade frame ${k}`);
  }
  // Four voices: the same three triggers all sound in full.
  const [all] = renderSignal(samplePlayer(hits(100, 200, 300), 1, { ...MONO }), 1400);
  for (let n = 0; n < 1400; n++) assert.equal(all[n], 0 + a[n] + b[n] + c[n]);
});

Deno.test("samplePlayer() with choke fades out the sounding voice in 2 ms as the next one starts", () => {
  const [y] = renderSignal(samplePlayer(hits(100, 300), 1, { ...MONO, choke: 1 }), 1400);
  const [a, b] = [100, 300].map((t) => voice(X, 1, t, 1400));
  const level = fade(300, 1400);
  for (let n = 0; n < 1400; n++) assert.equal(y[n], 0 + level[n] * a[n] + b[n], `frame ${n}`);
  for (let n = 300 + FADE_FRAMES; n < 1300; n++) assert.equal(y[n], X[n - 300]);
});

Deno.test("samplePlayer() of stereo frames gives two channels: exact at rate 1, Hermite per channel at 0.6", () => {
  const L = noiseSamples(500, 11);
  const R = noiseSamples(500, 12);
  const at = storeFrames([L, R]);
  for (const rate of [1, 0.6]) {
    const out = renderSignal(samplePlayer(hits(3), rate, { ...at }), 1000, { channels: 2 });
    [L, R].forEach((x, c) => {
      const ref = voice(x, rate, 3, 1000);
      for (let n = 0; n < 1000; n++) {
        if (rate === 1) assert.equal(out[c][n], ref[n], `channel ${c} frame ${n}`);
        else assert.ok(Math.abs(out[c][n] - ref[n]) < 1e-14, `channel ${c} frame ${n}`);
      }
    });
  }
});

Deno.test("samplePlayer() and sample() choose mono or stereo per build, whatever was built before (stepConsts)", () => {
  const st = storeFrames([[0.5, 0.25], [-0.5, -0.25]]);
  const mono = storeFrames([[0.125, 0.375]]);
  for (const at of [mono, st, mono, st]) {
    const out = renderSignal(samplePlayer(hits(0), 1, { ...at }), 3, { channels: 2 });
    const expected = at === st
      ? [[0.5, 0.25, 0], [-0.5, -0.25, 0]]
      : [[0.125, 0.375, 0], [0.125, 0.375, 0]];
    assert.deepEqual(out.map((c) => Array.from(c)), expected);
  }
  // A placement outside the bank is refused on its own build, after valid ones.
  assert.throws(
    () => samplePlayer(hits(0), 1, { ...mono, offset: 1 }),
    /do not lie in the data bank/,
  );
});

Deno.test("samplePlayer() with a gain multiplies the output by it, modulated too", () => {
  const [plain] = renderSignal(samplePlayer(hits(0), 1, { ...MONO }), 1000);
  const [half] = renderSignal(samplePlayer(hits(0), 1, { ...MONO, gain: 0.5 }), 1000);
  // === rather than Object.is: the engine's mix (+=) turns the -0 of 0 × negative into +0.
  for (let n = 0; n < 1000; n++) assert.ok(half[n] === 0.5 * plain[n], `frame ${n}`);
  const ramp: Signal = (s) => s.frame / 1000;
  const [mod] = renderSignal(samplePlayer(hits(0), 1, { ...MONO, gain: ramp }), 1000);
  for (let n = 0; n < 1000; n++) assert.ok(mod[n] === (n / 1000) * plain[n], `frame ${n}`);
});

/** Renders on a fresh engine with the chain compiler on or off; counts compiled bindings. */
function engineRender(compile: boolean, make: () => Signal, frames: number, channels: number) {
  const previous = setChainCompiler(compile);
  const before = compileStats().compiled;
  const e = new Engine({ sampleRate: SR, channels, fadeTime: 0, softClip: false });
  try {
    e.register("kit", make());
    const out = Array.from({ length: channels }, () => new Float64Array(frames));
    e.process(out, frames);
    return { out, compiled: compileStats().compiled - before };
  } finally {
    e.dispose();
    setChainCompiler(previous);
  }
}

Deno.test("samplePlayer() compiled is bit-identical to its closures: real frames, steals, chokes, modulated rate, stereo", () => {
  const stereo = storeFrames([noiseSamples(3000, 3), noiseSamples(3000, 4)], "player-test:st");
  const cases: [string, () => Signal, number][] = [
    ["mono voices 2", () => samplePlayer(pulse(40), 1, { ...MONO, voices: 2 }), 1],
    ["mono choke", () => samplePlayer(pulse(90), 0.8, { ...MONO, choke: 1 }), 1],
    ["mono rate modulated", () => samplePlayer(pulse(30), add(sin(3), 1.2), { ...MONO }), 1],
    ["stereo", () => samplePlayer(pulse(25), 1.1, { ...stereo, gain: 0.7 }), 2],
    ["stereo backwards", () => gain(samplePlayer(pulse(20), -1.5, { ...stereo }), 0.5), 2],
  ];
  for (const [name, make, channels] of cases) {
    const closure = engineRender(false, make, 20000, channels);
    const compiled = engineRender(true, make, 20000, channels);
    assert.equal(compiled.compiled, 1, `${name}: compiled`);
    assert.ok(closure.out[0].some((v) => v !== 0), `${name}: sounds`);
    for (let c = 0; c < channels; c++) {
      for (let n = 0; n < 20000; n++) {
        if (!Object.is(closure.out[c][n], compiled.out[c][n])) {
          assert.fail(
            `${name}: channel ${c} frame ${n}: ${closure.out[c][n]} vs ${compiled.out[c][n]}`,
          );
        }
      }
    }
  }
});

Deno.test("samplePlayer()'s and sample()'s slot layout is the one their step functions write", () => {
  for (const factory of [samplePlayer, sample]) {
    const layout = stepLayout(definitionOf(factory)!);
    assert.equal(layout.header, PLAYER_SLOTS.HEADER);
    assert.equal(layout.strideSlot, PLAYER_SLOTS.STRIDE);
    assert.equal(layout.paramSlot.get("rate"), PLAYER_SLOTS.RATE);
    assert.equal(layout.paramSlot.get("gain"), PLAYER_SLOTS.GAIN);
    assert.equal(layout.perChannelSlots, VOICE_LAYOUT.FIRST);
  }
  // After one trigger at rate 1, voice 0 is at its first frame, level 1, pointing at MONO.
  const e = new Engine({ sampleRate: SR, channels: 1, fadeTime: 0 });
  try {
    const fn = samplePlayer(hits(0), 1, { ...MONO, voices: 3 });
    e.register("probe", fn);
    e.process([new Float64Array(5)], 5);
    const { mem, base } = helperInfo(fn)!.node!;
    const st = base + PLAYER_SLOTS.HEADER;
    const v = st + VOICE_LAYOUT.FIRST;
    assert.equal(
      mem[base + PLAYER_SLOTS.STRIDE],
      VOICE_LAYOUT.FIRST + 4 * VOICE_LAYOUT.SLOTS,
    );
    assert.equal(mem[st + VOICE_LAYOUT.PREV], 1);
    assert.equal(mem[st + VOICE_LAYOUT.NEXT], 1);
    assert.equal(mem[v + VOICE_LAYOUT.POS], 5);
    assert.equal(mem[v + VOICE_LAYOUT.LEVEL], 1);
    assert.equal(mem[v + VOICE_LAYOUT.OFFSET], MONO.offset);
    assert.equal(mem[v + VOICE_LAYOUT.FRAMES], 1000);
  } finally {
    e.dispose();
  }
});

Deno.test("samplePlayer() refuses frames outside the bank and constants out of range, saying what to do", () => {
  const { used } = dataBankStats();
  assert.throws(
    () => samplePlayer(hits(0), 1, { offset: used - 10, frames: 20 }),
    new RangeError(
      `Cannot create samplePlayer: 20 frame(s) of 1 channel(s) at offset ${
        used - 10
      }, with 2 frames either side, do not lie in the data bank's ${used} values; store the sample with storeFrames() and pass what it returns`,
    ),
  );
  assert.throws(
    () => samplePlayer(hits(0), 1, { offset: 1, frames: 4 }),
    /do not lie in the data bank/,
  );
  assert.throws(
    () => samplePlayer(hits(0), 1, { ...MONO, voices: 0 }),
    new RangeError("Cannot create samplePlayer: voices must be a whole number 1..32, got 0"),
  );
  assert.throws(
    () => samplePlayer(hits(0), 1, { ...MONO, choke: 0.5 }),
    new RangeError("Cannot create samplePlayer: choke must be a whole number 0..1, got 0.5"),
  );
  assert.throws(
    () => samplePlayer(hits(0), 1, { ...MONO, channels: 3 }),
    /channels must be a whole number 1\.\.2, got 3/,
  );
});
