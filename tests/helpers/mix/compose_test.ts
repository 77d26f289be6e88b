import assert from "node:assert/strict";
import { renderSignal } from "../../../runtime/core/offline.ts";
import { mix, pipe } from "../../../helpers/mix/compose.ts";
import { gain } from "../../../helpers/mix/gain.ts";
import { pan } from "../../../helpers/mix/pan.ts";
import { lowpass } from "../../../helpers/filters/one_pole.ts";
import { tremolo } from "../../../helpers/modulation/tremolo.ts";
import { delay } from "../../../helpers/time/delay.ts";
import { osc, phasor, sin } from "../../../helpers/sources/oscillators.ts";
import { channelsOf } from "../../../runtime/core/signal_tag.ts";
import type { Context, Signal } from "../../../runtime/core/signal.ts";

const SR = 48000;

Deno.test("pipe() runs the reference chain osc → lowpass → tremolo → delay → gain like nested calls", () => {
  const piped = () =>
    pipe(
      osc(440),
      (x) => lowpass(x, 800),
      (x) => tremolo(x, 5, 0.8),
      (x) => delay(x, 0.5, 0.25),
      (x) => gain(x, 0.4),
    );
  const nested = () => gain(delay(tremolo(lowpass(osc(440), 800), 5, 0.8), 0.5, 0.25), 0.4);
  const [a] = renderSignal(piped(), SR / 2, { sampleRate: SR });
  const [b] = renderSignal(nested(), SR / 2, { sampleRate: SR });
  assert.deepEqual(a, b);
  assert.ok(a.subarray(0, SR / 4).every((v) => v === 0), "silent until the delay comes round");
  assert.ok(Math.max(...a.subarray(SR / 4)) > 0.1, "then the tone");
});

Deno.test("pipe() with no stages returns the source, lifting a number into a signal", () => {
  const s = sin(100);
  assert.equal(pipe(s), s);
  const [y] = renderSignal(pipe(0.5), 3, { sampleRate: SR });
  assert.deepEqual([...y], [0.5, 0.5, 0.5]);
});

Deno.test("pipe() names the stage that is not a function or returns no signal", () => {
  // deno-lint-ignore no-explicit-any
  const bad = 3 as any;
  assert.throws(() => pipe(1, (x) => x, bad), {
    name: "TypeError",
    message: "Cannot pipe: stage 2 must be a function (x) => signal, got number",
  });
  assert.throws(() => pipe(1, () => bad as unknown as Signal, () => "x" as unknown as Signal), {
    name: "TypeError",
    message: "Cannot pipe: stage 2 must return a signal function or a number, got string",
  });
});

Deno.test("mix() sums mono signals and constants into a mono signal (±1e-15)", () => {
  const freqs = [300, 700, 1100, 1300, 1700, 1900];
  const refs = freqs.map((hz) => renderSignal(sin(hz), 480, { sampleRate: SR })[0]);
  const [y] = renderSignal(mix(...freqs.map((hz) => sin(hz)), 0.25), 480, { sampleRate: SR });
  for (let i = 0; i < 480; i++) {
    const expected = refs.reduce((sum, r) => sum + r[i], 0.25);
    assert.ok(Math.abs(y[i] - expected) < 1e-15, `frame ${i}`);
  }
});

Deno.test("mix() broadcasts a mono signal onto every channel of a stereo one", () => {
  const stereo = (s: Context) => [s.frame, -s.frame];
  const mono = (s: Context) => 1000 * s.frame;
  const m = mix(mono, stereo);
  assert.equal(channelsOf(m), 1, "an untagged stereo function is only known when it runs");
  const [l, r] = renderSignal(m, 4, { sampleRate: SR, channels: 2 });
  assert.deepEqual([...l], [0, 1001, 2002, 3003]);
  assert.deepEqual([...r], [0, 999, 1998, 2997]);
  const [pl, pr] = renderSignal(mix(0.5, pan(1, -1)), 2, { sampleRate: SR, channels: 2 });
  assert.ok(Math.abs(pl[1] - 1.5) < 1e-7 && Math.abs(pr[1] - 0.5) < 1e-7, "a helper's stereo");
});

Deno.test("mix() adds channel by channel and announces the widest input's channel count", () => {
  const wide = (s: Context) => [1, 2, 3, s.frame];
  const narrow = () => [10, 20];
  const fn = mix(narrow, wide, 100);
  const [c0, c1, c2, c3] = renderSignal(fn, 2, { sampleRate: SR, channels: 4 });
  assert.deepEqual([c0[1], c1[1], c2[1], c3[1]], [111, 122, 103, 101]);
  assert.equal(channelsOf(mix(sin(1), pan(sin(2), 0.5))), 2, "pan() is tagged stereo");
  assert.equal(channelsOf(mix(sin(1), 0.5)), 1);
});

Deno.test("mix() renders a signal given twice once per frame and counts it twice", () => {
  const p = phasor(1000);
  const [y] = renderSignal(mix(p, p), 48, { sampleRate: SR });
  const [ref] = renderSignal(phasor(1000), 48, { sampleRate: SR });
  for (let i = 0; i < 48; i++) assert.ok(Math.abs(y[i] - 2 * ref[i]) < 1e-15, `frame ${i}`);
});

Deno.test("mix() reuses one output array for multichannel frames", () => {
  const fn = mix(() => [1, 2], 0.5);
  const s = {
    t: 0,
    frame: 0,
    sr: SR,
    dt: 1 / SR,
    name: "x",
    state: new Float64Array(0),
    beat: 0,
    bpm: 120,
    beatsPerBar: 4,
  };
  const first = fn(s);
  const second = fn(s);
  assert.equal(first, second);
  assert.deepEqual([...(second as Float64Array)], [1.5, 2.5]);
});

Deno.test("mix() of nothing is silence, and a non-signal argument is a TypeError", () => {
  const [y] = renderSignal(mix(), 2, { sampleRate: SR });
  assert.deepEqual([...y], [0, 0]);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => mix(sin(1), "loud" as any), {
    name: "TypeError",
    message: "Cannot mix: argument 2 must be a signal function or a number, got string",
  });
});
