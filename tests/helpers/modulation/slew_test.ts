import assert from "node:assert/strict";
import { slewStep } from "../../../helpers/modulation/slew.ts";
import { renderSignal } from "../../../runtime/core/offline.ts";
import { slew, slewTick } from "../../../helpers/modulation/slew.ts";
import { sin } from "../../../helpers/sources/oscillators.ts";
import type { Context } from "../../../runtime/core/signal.ts";

const SR = 48000;

Deno.test("slew() turns a step of 1 into a straight ramp lasting `time` seconds (±1e-12 per sample)", () => {
  const [y] = renderSignal(slew(1, 0.01), 600, { sampleRate: SR });
  const steps = 0.01 * SR; // 480
  for (let i = 0; i < 600; i++) {
    const expected = Math.min(1, (i + 1) / steps);
    assert.ok(Math.abs(y[i] - expected) < 1e-12, `sample ${i}: ${y[i]} vs ${expected}`);
  }
  assert.equal(y[480], 1, "lands exactly on the target, no overshoot");
});

Deno.test("slew() falls at the `fall` rate and rises at `time` (default fall = time)", () => {
  const step = (s: Context) => (s.frame < 1000 ? 1 : 0);
  const [y] = renderSignal(slew(step, 0.001, { fall: 0.01 }), 2000, { sampleRate: SR });
  assert.equal(y[47], 1, "rises 1 in 48 samples");
  assert.ok(Math.abs(y[1000 + 239] - 0.5) < 1e-9, `half way down after 240 samples: ${y[1239]}`);
  assert.ok(Math.abs(y[1000 + 479]) < 1e-9 && y[1500] === 0);
  const [z] = renderSignal(slew(step, 0.001), 1100, { sampleRate: SR });
  assert.ok(Math.abs(z[1000 + 23] - 0.5) < 1e-9, "falls as fast as it rises");
});

Deno.test("slew() with time 0 (or negative; NaN in its step) passes the input through", () => {
  const [x] = renderSignal(sin(3000), 480, { sampleRate: SR });
  for (const time of [0, -1]) {
    const [y] = renderSignal(slew(sin(3000), time), 480, { sampleRate: SR });
    assert.deepEqual(y, x);
  }
  assert.equal(slewStep(NaN, SR), Infinity, "a NaN time is no limit at all");
});

Deno.test("slew() limits a fast sine to a triangle-like wave of slope 1/time", () => {
  const time = 0.005; // 200 units per second; a 1 kHz sine needs 6283
  const [y] = renderSignal(slew(sin(1000), time), 4800, { sampleRate: SR });
  let worst = 0;
  for (let i = 1; i < y.length; i++) worst = Math.max(worst, Math.abs(y[i] - y[i - 1]));
  assert.ok(Math.abs(worst - 1 / (time * SR)) < 1e-12, `largest step ${worst}`);
});

Deno.test("slew() follows a time signal and slews each channel of a stereo input on its own", () => {
  const time = (s: Context) => (s.frame < 10 ? 0.001 : 0.0005);
  const [y] = renderSignal(slew(1, time), 30, { sampleRate: SR });
  assert.ok(Math.abs(y[9] - 10 / 48) < 1e-12 && Math.abs(y[10] - (10 / 48 + 1 / 24)) < 1e-12);
  const stereo = (s: Context) => [1, s.frame < 5 ? 0 : -1];
  const [l, r] = renderSignal(slew(stereo, 0.001), 60, { sampleRate: SR, channels: 2 });
  assert.ok(Math.abs(l[23] - 0.5) < 1e-12);
  assert.equal(r[4], 0);
  assert.ok(Math.abs(r[5 + 23] + 0.5) < 1e-12);
});

Deno.test("slewTick() does not keep a NaN input in its state: the next finite sample recovers", () => {
  const mem = new Float64Array(1);
  assert.ok(Number.isNaN(slewTick(mem, 0, NaN, 0.1, 0.1)));
  assert.equal(slewTick(mem, 0, 0.05, 0.1, 0.1), 0.05);
  assert.ok(Math.abs(slewTick(mem, 0, 1, 0.1, 0.1) - 0.15) < 1e-15, "then slews again");
});
