import assert from "node:assert/strict";
import { clampSigned } from "../../../helpers/_clamp.ts";
import { FEEDBACK_MAX_AMOUNT } from "../../../helpers/time/feedback.ts";
import { renderSignal } from "../../../runtime/core/offline.ts";
import { Engine } from "../../../runtime/core/engine.ts";
import { feedback } from "../../../helpers/time/feedback.ts";
import { sin } from "../../../helpers/sources/oscillators.ts";
import type { Context } from "../../../runtime/core/signal.ts";
import { quietly } from "../../_utils.ts";

const SR = 48000;
const click = (s: Context) => (s.frame === 0 ? 1 : 0);

Deno.test("feedback() echoes an impulse at T, 2T, 3T with gains amount, amount², amount³ (±1e-9)", () => {
  for (const [time, amount] of [[0.01, 0.5], [0.0025, -0.7], [0.1, 0.9]]) {
    const t = Math.round(time * SR);
    const [y] = renderSignal(feedback(click, 0.2, time, amount), 4 * t + 1, { sampleRate: SR });
    for (let i = 0; i <= 4 * t; i++) {
      const expected = i % t === 0 ? amount ** (i / t) : 0;
      assert.ok(Math.abs(y[i] - expected) < 1e-9, `T=${t} a=${amount} sample ${i}: ${y[i]}`);
    }
  }
});

Deno.test("feedback() interpolates a fractional echo time: T = 10.5 samples splits the first echo 0.5/0.5", () => {
  const [y] = renderSignal(feedback(click, 0.01, 10.5 / SR, 0.8), 32, { sampleRate: SR });
  assert.ok(Math.abs(y[10] - 0.4) < 1e-12, `y[10] = ${y[10]}`);
  assert.ok(Math.abs(y[11] - 0.4) < 1e-12, `y[11] = ${y[11]}`);
  // Second round trip (21 samples): split again, 0.8² · (0.25, 0.5, 0.25) at 20, 21, 22.
  const second = [y[19], y[20], y[21], y[22], y[23]];
  const expected = [0, 0.16, 0.32, 0.16, 0];
  for (let i = 0; i < 5; i++) assert.ok(Math.abs(second[i] - expected[i]) < 1e-12, `${second}`);
});

Deno.test("feedback() with amount 0 (or NaN in its step) is the dry signal, and a time of 0 means one sample", () => {
  const [dry] = renderSignal(sin(440), 480, { sampleRate: SR });
  const [zero] = renderSignal(feedback(sin(440), 0.01, 0.005, 0), 480, { sampleRate: SR });
  assert.deepEqual(zero, dry);
  assert.equal(clampSigned(NaN, FEEDBACK_MAX_AMOUNT), 0);
  const [one] = renderSignal(feedback(click, 0.01, 0, 0.5), 4, { sampleRate: SR });
  assert.deepEqual([...one], [1, 0.5, 0.25, 0.125]);
});

Deno.test("feedback() clamps amount to ±4 and follows an amount signal", () => {
  const [y] = renderSignal(feedback(click, 0.01, 1 / SR, 10), 3, { sampleRate: SR });
  assert.deepEqual([...y], [1, 4, 16]);
  const amount = (s: Context) => (s.frame < 2 ? 0.5 : 0.25);
  const [z] = renderSignal(feedback(click, 0.01, 1 / SR, amount), 4, { sampleRate: SR });
  assert.deepEqual([...z], [1, 0.5, 0.125, 0.03125]);
});

Deno.test("feedback() keeps the channels of a stereo input separate", () => {
  const stereo = (s: Context) => [s.frame === 0 ? 1 : 0, s.frame === 3 ? 1 : 0];
  const [l, r] = renderSignal(feedback(stereo, 0.01, 10 / SR, 0.5), 40, {
    sampleRate: SR,
    channels: 2,
  });
  for (let i = 0; i < 40; i++) {
    assert.equal(l[i], i % 10 === 0 ? 0.5 ** (i / 10) : 0, `left ${i}`);
    const j = i - 3;
    assert.equal(r[i], j >= 0 && j % 10 === 0 ? 0.5 ** (j / 10) : 0, `right ${i}`);
  }
});

Deno.test("feedback() above 1 runs away and the engine mutes it as a fault", async () => {
  const e = new Engine({ sampleRate: SR, channels: 1, fadeTime: 0, softClip: false });
  try {
    const { errors } = await quietly(() => {
      e.register("howl", feedback(click, 0.01, 0.001, 1.5));
      e.process([new Float64Array(SR)], SR);
    });
    assert.equal(e.faults.length, 1);
    assert.match(e.faults[0].reason, /runaway/);
    assert.equal(errors.length, 1);
  } finally {
    e.dispose();
  }
});

Deno.test("feedback() refuses a bad maxTime", () => {
  assert.throws(() => feedback(click, 0, 0.1, 0.5), {
    name: "RangeError",
    message: "Cannot create feedback: maxTime must be > 0 seconds, got 0",
  });
});
