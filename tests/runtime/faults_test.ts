import assert from "node:assert/strict";
import { Engine } from "../../runtime/engine.ts";
import { lowpass } from "../../helpers/filters/one_pole.ts";
import { osc, saw } from "../../helpers/sources/oscillators.ts";
import { helperMemory } from "../../helpers/pool.ts";
import type { Context, Signal } from "../../runtime/signal.ts";
import { quietly } from "../_utils.ts";

const SR = 48000;
const FRAMES = 4800;

function engineFor(): Engine {
  return new Engine({ sampleRate: SR, fadeTime: 0.005, channels: 2 });
}

function run(e: Engine, frames: number): Float32Array[] {
  const out = [new Float32Array(frames), new Float32Array(frames)];
  e.process(out, frames);
  return out;
}

/** Renders the good signals with and without `bad` registered between them. */
async function compare(bad: () => Signal) {
  const good = (e: Engine, withBad: boolean) => {
    e.register("one", lowpass(saw(110), 2000));
    if (withBad) e.register("bad", bad());
    e.register("two", osc(330));
    return run(e, FRAMES);
  };
  const faulty = engineFor();
  const { value: withBad, errors } = await quietly(() => good(faulty, true));
  const clean = engineFor();
  const withoutBad = good(clean, false);
  const result = {
    withBad,
    withoutBad,
    errors,
    faults: [...faulty.faults],
    signals: faulty.signals(),
  };
  faulty.dispose();
  clean.dispose();
  return result;
}

Deno.test("a throwing signal is muted alone, reported once with its name and line, and the rest is bit-identical", async () => {
  const { withBad, withoutBad, errors, faults, signals } = await compare(() => (s: Context) => {
    if (s.frame >= 1000) throw new RangeError("boom");
    return 0;
  });
  assert.deepEqual(withBad, withoutBad);
  assert.equal(errors.length, 1);
  assert.match(
    errors[0],
    /^signal 'bad' threw RangeError: boom \(tests\/runtime\/faults_test\.ts:\d+:\d+\); muted until it is registered again$/,
  );
  assert.equal(faults[0].signal, "bad");
  assert.equal(signals.find((s) => s.name === "bad")?.status, "faulted");
});

Deno.test("a NaN signal is muted alone and reported with the line that registered it", async () => {
  const { withBad, withoutBad, errors } = await compare(
    () => (s: Context) => (s.frame > 300 ? NaN : 0),
  );
  assert.deepEqual(withBad, withoutBad);
  assert.equal(errors.length, 1);
  assert.match(errors[0], /^signal 'bad' produced NaN \(tests\/runtime\/faults_test\.ts:\d+:\d+\)/);
});

Deno.test("±Infinity and runaway values (|x| > 1e6) are faults too", async () => {
  const inf = await compare(() => () => -Infinity);
  assert.deepEqual(inf.withBad, inf.withoutBad);
  assert.match(inf.errors[0], /produced -Infinity/);
  // A runaway recursion (gain 1.5 per sample in the signal's own state) grows past 1e6.
  const runaway = await compare(() => (s: Context) => (s.state[0] = s.state[0] * 1.5 + 1));
  assert.deepEqual(runaway.withBad, runaway.withoutBad);
  assert.match(runaway.errors[0], /produced a runaway value 1\.\d+e\+6/);
});

Deno.test("a faulted signal's s.state and helper blocks are zeroed; registering it again restarts it cleanly", async () => {
  const e = engineFor();
  let poison = false;
  const cutoff = (s: Context) => {
    s.state[3] = 42;
    if (poison) throw new Error("poisoned");
    return 500;
  };
  e.register("x", lowpass(osc(200), cutoff));
  run(e, 256);
  const map = (globalThis as unknown as {
    LEL_HELPER_SLOT_MAP: Map<string, { offset: number; size: number }>;
  })
    .LEL_HELPER_SLOT_MAP;
  const blocks = [...map.entries()].filter(([k]) => /:x_(sin|lowpass)_0$/.test(k)).map(([, b]) =>
    b
  );
  assert.equal(blocks.length, 2);
  const nonZero = (b: { offset: number; size: number }) =>
    helperMemory().subarray(b.offset, b.offset + b.size).some((v) => v !== 0);
  assert.ok(blocks.every(nonZero), "blocks hold state while playing");
  poison = true;
  const { errors } = await quietly(() => run(e, 128));
  assert.equal(errors.length, 1);
  assert.match(
    errors[0],
    /^signal 'x' threw Error: poisoned \(tests\/runtime\/faults_test\.ts:\d+:\d+\)/,
  );
  assert.ok(!blocks.some(nonZero), "the fault zeroed x's helper blocks");
  poison = false;
  // Registered again, it starts over: same output as a brand-new engine playing it.
  e.register("x", lowpass(osc(200), (s: Context) => s.state[3] + 500));
  const again = run(e, 512);
  const fresh = engineFor();
  fresh.register("x", lowpass(osc(200), 500));
  const reference = run(fresh, 512);
  assert.deepEqual(again, reference, "s.state[3] was zeroed too, so the cutoff is 500 again");
  e.dispose();
  fresh.dispose();
});
