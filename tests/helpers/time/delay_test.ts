import assert from "node:assert/strict";
import { delaySamples } from "../../../helpers/time/ring.ts";
import { renderSignal } from "../../../runtime/core/offline.ts";
import { Engine } from "../../../runtime/core/engine.ts";
import { helperInfo } from "../../../runtime/core/signal_tag.ts";
import { delay } from "../../../helpers/time/delay.ts";
import { sin } from "../../../helpers/sources/oscillators.ts";
import type { Context } from "../../../runtime/core/signal.ts";

const SR = 48000;
const click = (s: Context) => (s.frame === 0 ? 1 : 0);

function argmax(x: Float64Array): number {
  let best = 0;
  for (let i = 1; i < x.length; i++) if (Math.abs(x[i]) > Math.abs(x[best])) best = i;
  return best;
}

Deno.test("delay() delivers an impulse `time` seconds later (±1 sample) for 1 ms, 12.5 ms, 100 ms and 250 ms", () => {
  for (const time of [0.001, 0.0125, 0.1, 0.25]) {
    const [y] = renderSignal(delay(click, 0.3, time), SR / 2, { sampleRate: SR });
    const at = argmax(y);
    assert.ok(Math.abs(at - time * SR) <= 1, `${time} s: arrived at sample ${at}`);
    assert.equal(y[at], 1);
    assert.equal(y.reduce((a, v) => a + Math.abs(v), 0), 1, "one impulse in, one out");
  }
});

Deno.test("delay() interpolates a fractional delay linearly: 10.5 samples splits the impulse 0.5/0.5", () => {
  const [y] = renderSignal(delay(click, 0.01, 10.5 / SR), 32, { sampleRate: SR });
  assert.ok(Math.abs(y[10] - 0.5) < 1e-12, `y[10] = ${y[10]}`);
  assert.ok(Math.abs(y[11] - 0.5) < 1e-12, `y[11] = ${y[11]}`);
  const [q] = renderSignal(delay(click, 0.01, 20.25 / SR), 32, { sampleRate: SR });
  assert.ok(Math.abs(q[20] - 0.75) < 1e-12 && Math.abs(q[21] - 0.25) < 1e-12);
});

Deno.test("delay() with time 0 passes the input through unchanged", () => {
  const [y] = renderSignal(delay(sin(440), 0.1, 0), 480, { sampleRate: SR });
  const [x] = renderSignal(sin(440), 480, { sampleRate: SR });
  assert.deepEqual(y, x);
});

Deno.test("delay() clamps time above maxTime to maxTime, and its step a NaN time to 0", () => {
  const [y] = renderSignal(delay(click, 0.01, 0.05), 2000, { sampleRate: SR });
  assert.equal(argmax(y), 480);
  const mem = new Float64Array(3);
  mem[1] = 480; // the ring's longest delay in samples
  assert.equal(delaySamples(mem, 0, NaN, SR), 0);
  assert.equal(delaySamples(mem, 0, 1, SR), 480);
});

Deno.test("delay() defaults time to maxTime", () => {
  const [y] = renderSignal(delay(click, 0.002), 200, { sampleRate: SR });
  assert.equal(argmax(y), 96);
});

Deno.test("delay() follows a time signal: 1 ms then 2 ms of delay on a sine", () => {
  const time = (s: Context) => (s.frame < 1000 ? 0.001 : 0.002);
  const [y] = renderSignal(delay(sin(300), 0.01, time), 2000, { sampleRate: SR });
  const [x] = renderSignal(sin(300), 2000, { sampleRate: SR });
  for (let i = 100; i < 2000; i++) {
    const d = i < 1000 ? 48 : 96;
    assert.ok(Math.abs(y[i] - x[i - d]) < 1e-12, `sample ${i}`);
  }
});

Deno.test("delay() keeps the channels of a stereo input separate", () => {
  const stereo = (s: Context) => [s.frame === 0 ? 1 : 0, s.frame === 5 ? -0.5 : 0];
  const [l, r] = renderSignal(delay(stereo, 0.01, 0.001), 200, { sampleRate: SR, channels: 2 });
  assert.equal(argmax(l), 48);
  assert.equal(l[48], 1);
  assert.equal(argmax(r), 53);
  assert.equal(r[53], -0.5);
  assert.equal(l.reduce((a, v) => a + Math.abs(v), 0), 1);
  assert.equal(r.reduce((a, v) => a + Math.abs(v), 0), 0.5);
});

Deno.test("delay() refuses a maxTime that is not a positive finite number", () => {
  assert.throws(() => delay(click, -1, 0), {
    name: "RangeError",
    message: "Cannot create delay: maxTime must be > 0 seconds, got -1",
  });
  for (const bad of [0, NaN, Infinity]) assert.throws(() => delay(click, bad, 0), RangeError);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => delay(click, click as any, 0), TypeError);
});

Deno.test("changing delay()'s maxTime on re-register gives a fresh block and leaves the neighbour signal untouched", () => {
  const e = new Engine({ sampleRate: SR, channels: 1, fadeTime: 0, softClip: false });
  const run = (frames: number) => {
    const out = [new Float64Array(frames)];
    e.process(out, frames);
    return out[0];
  };
  try {
    const aDelay = delay(sin(300), 0.1, 0.01);
    e.register("a", aDelay);
    const bDelay = delay(sin(440), 0.2, 0.05);
    e.register("b", bDelay);
    e.mute("a"); // "a" keeps running (and writing its ring), but only "b" is heard
    const first = run(4800);
    const oldRing = helperInfo(aDelay)!.node!;
    const bRing = helperInfo(bDelay)!.node!;
    const oldBlock = oldRing.block!;
    const wider = delay(sin(300), 0.5, 0.01);
    e.register("a", wider);
    const fresh = helperInfo(wider)!.node!.block!;
    assert.match(fresh.key, /(^|:)a_delay_0$/); // the engine may prefix its own id
    assert.notEqual(fresh, oldBlock);
    assert.equal(fresh.size, 4 + Math.ceil(0.5 * SR) + 2, "header + ceil(maxTime·sr) + 2");
    const b = bRing.block!;
    const overlaps = fresh.offset < b.offset + b.size && b.offset < fresh.offset + fresh.size;
    assert.ok(!overlaps, "the new ring does not overlap the neighbour's block");
    const second = run(4800);
    const [ref] = renderSignal(delay(sin(440), 0.2, 0.05), 9600, { sampleRate: SR });
    for (let i = 0; i < 4800; i++) {
      assert.equal(first[i], ref[i], `frame ${i}`);
      assert.equal(second[i], ref[4800 + i], `frame ${4800 + i}`);
    }
  } finally {
    e.dispose();
  }
});
