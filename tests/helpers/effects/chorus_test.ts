import assert from "node:assert/strict";
import { Engine } from "../../../runtime/core/engine.ts";
import { renderSignal } from "../../../runtime/core/offline.ts";
import { chorus } from "../../../helpers/effects/chorus.ts";
import { sin } from "../../../helpers/sources/oscillators.ts";
import type { Context, Signal } from "../../../runtime/core/signal.ts";
import { clicks, measuredDelays } from "./_delays.ts";

const SR = 48000;
/** The documented delay in samples at frame n: 5 ms + depth·6 ms·(1 + sin(2π(rate·n/sr + φ)))/2. */
function chorusDelay(n: number, rate: number, depth: number, turns: number): number {
  return SR * (0.005 + depth * 0.003 * (1 + Math.sin(2 * Math.PI * (rate * n / SR + turns))));
}

Deno.test("chorus() sweeps each side's delay between 5 ms and 5 + 6·depth ms, right a quarter turn ahead (±0.05 sample)", () => {
  const [rate, depth] = [2, 0.8];
  const [l, r] = renderSignal(chorus(clicks, rate, depth, { mix: 1, voices: 1 }), SR, {
    sampleRate: SR,
    channels: 2,
  });
  for (const [side, y, turns] of [["left", l, 0], ["right", r, 0.25]] as const) {
    const delays = measuredDelays(y);
    assert.ok(delays.length > 70);
    for (const { at, delay } of delays) {
      const want = chorusDelay(at, rate, depth, turns);
      assert.ok(Math.abs(delay - want) < 0.05, `${side} at ${at.toFixed(1)}: ${delay} vs ${want}`);
    }
    const lo = Math.min(...delays.map((d) => d.delay));
    const hi = Math.max(...delays.map((d) => d.delay));
    assert.ok(lo > 240 - 0.1 && lo < 241, `${side} shortest ${lo} (5 ms is 240)`);
    assert.ok(hi < 470.4 + 0.1 && hi > 469, `${side} longest ${hi} (9.8 ms is 470.4)`);
  }
});

Deno.test("chorus() spreads its voices evenly over the LFO cycle: four voices at φ, φ+¼, φ+½, φ+¾", () => {
  // Frozen at φ = 0: sin is 0, 1, 0, -1, so the taps sit 240 + 144·(1 + sin) samples back:
  // 8 ms (two voices), 11 ms and 5 ms. (The fast sine's 6e-8 moves them by 1e-5 sample.)
  const click = (s: Context) => (s.frame === 0 ? 1 : 0);
  const [l, r] = renderSignal(chorus(click, 0, 1, { mix: 1, voices: 4 }), 600, { channels: 2 });
  for (const y of [l, r]) { // the right side's voices sit a quarter turn on: the same set
    const near = (at: number) => y[at - 1] + y[at] + y[at + 1];
    assert.ok(Math.abs(near(240) - 0.25) < 1e-9, `${near(240)}`);
    assert.ok(Math.abs(near(384) - 0.5) < 1e-9, `${near(384)}`);
    assert.ok(Math.abs(near(528) - 0.25) < 1e-9, `${near(528)}`);
    assert.ok(Math.abs(y[384] - 0.5) < 1e-5 && Math.abs(y[528] - 0.25) < 1e-5);
    const total = y.reduce((sum, v) => sum + Math.abs(v), 0);
    assert.ok(Math.abs(total - 1) < 1e-9, `${total}`);
  }
});

/** White noise from a fixed LCG, in -1..1. */
function noise(): Signal {
  let seed = 12345;
  let frame = -1;
  let value = 0;
  return (s: Context) => {
    if (s.frame !== frame) {
      frame = s.frame;
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      value = seed / 2147483648 - 1;
    }
    return value;
  };
}

function correlation(a: Float64Array, b: Float64Array, from: number): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = from; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / Math.sqrt(aa * bb);
}

Deno.test("chorus() decorrelates left and right for a mono input (wet correlation under 0.2)", () => {
  const [l, r] = renderSignal(chorus(noise(), 0.8, 0.7, { mix: 1 }), SR, { channels: 2 });
  const rho = correlation(l, r, 1000);
  assert.ok(Math.abs(rho) < 0.2, `correlation ${rho.toFixed(3)}`);
  const [dl, dr] = renderSignal(chorus(noise(), 0.8, 0, { mix: 1 }), SR, { channels: 2 });
  assert.ok(correlation(dl, dr, 1000) > 0.999); // depth 0: both sides the same 5 ms tap
});

/** Sample for sample the same value (0 and -0 alike: the same sample). */
function assertSame(a: Float64Array, b: Float64Array): void {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(a[i] === b[i], `frame ${i}: ${a[i]} vs ${b[i]}`);
}

Deno.test("chorus() with mix 0 is the dry input exactly, on both sides of a mono input and per side of a stereo one", () => {
  const x = (s: Context) => Math.sin(s.frame * 0.05) * 0.8;
  const [dry] = renderSignal(x, 4800);
  const [l, r] = renderSignal(chorus(x, 1.3, 1, { mix: 0, voices: 3 }), 4800, { channels: 2 });
  assertSame(l, dry);
  assertSame(r, dry);
  const stereo = (s: Context) => [x(s), -0.5 * x(s)];
  const [sl, sr] = renderSignal(chorus(stereo, 1.3, 1, { mix: 0 }), 4800, { channels: 2 });
  assertSame(sl, dry);
  assertSame(sr, dry.map((v) => -0.5 * v));
});

Deno.test("chorus() keeps a stereo input's sides apart: a click on the left comes out on the left only", () => {
  const left = (s: Context) => [s.frame === 0 ? 1 : 0, 0];
  const [l, r] = renderSignal(chorus(left, 0, 0, { mix: 1, voices: 1 }), 300, { channels: 2 });
  assert.ok(Math.abs(l[240] - 1) < 1e-12);
  assert.ok(r.every((v) => v === 0));
});

Deno.test("chorus() keeps its LFO phase and ring across a re-register: the sound continues as if never reloaded", () => {
  const make = () => chorus(sin(300), 1.1, 0.8, { mix: 0.5 });
  const [l, r] = renderSignal(make(), 9600, { sampleRate: SR, channels: 2 });
  const e = new Engine({ sampleRate: SR, channels: 2, fadeTime: 0, softClip: false });
  try {
    const out = [new Float64Array(9600), new Float64Array(9600)];
    e.register("pad", make());
    e.process(out.map((c) => c.subarray(0, 4800)), 4800);
    e.register("pad", make()); // a save that changed nothing: state kept, function swapped
    e.process(out.map((c) => c.subarray(4800)), 4800);
    assert.deepEqual(out[0], l);
    assert.deepEqual(out[1], r);
  } finally {
    e.dispose();
  }
});

Deno.test("chorus() rejects a voice count that is not a whole number from 1 to 4", () => {
  for (const voices of [0, 5, 1.5]) {
    assert.throws(
      () => chorus(sin(300), 1, 0.5, { voices }),
      (e: Error) => e instanceof RangeError && e.message.includes("voices must be a whole number"),
    );
  }
});
