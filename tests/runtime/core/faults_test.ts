import assert from "node:assert/strict";
import { Engine } from "../../../runtime/core/engine.ts";
import { lowpass } from "../../../helpers/filters/one_pole.ts";
import { osc, saw } from "../../../helpers/sources/oscillators.ts";
import { helperMemory } from "../../../runtime/core/pool.ts";
import type { Context, Signal } from "../../../runtime/core/signal.ts";
import { quietly } from "../../_utils.ts";
import { sin } from "../../../helpers/sources/oscillators.ts";
import { gain } from "../../../helpers/mix/gain.ts";
import { setChainCompiler } from "../../../runtime/core/chain/mod.ts";

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
    /^signal 'bad' threw RangeError: boom \(tests\/runtime\/core\/faults_test\.ts:\d+:\d+\); muted until it is registered again$/,
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
  assert.match(
    errors[0],
    /^signal 'bad' produced NaN \(tests\/runtime\/core\/faults_test\.ts:\d+:\d+\)/,
  );
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
    /^signal 'x' threw Error: poisoned \(tests\/runtime\/core\/faults_test\.ts:\d+:\d+\)/,
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

for (const compiled of [true, false]) {
  const form = compiled ? "compiled" : "as closures";
  Deno.test(`a modulator that gives NaN or ±Infinity mutes its signal alone with a report naming the parameter and the line, ${form} (regression: it was clamped to silence without a word)`, async () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const previous = setChainCompiler(compiled);
      try {
        let late = false;
        const result = await compare(() => {
          late = false;
          // Silent until it faults, so the mix with it equals the mix without it.
          return gain(
            lowpass(saw(220), (s: Context) => (late || s.frame > 700 ? bad : 440 + s.t)),
            0,
          );
        });
        assert.deepEqual(result.withBad, result.withoutBad, "the others play on bit-identically");
        assert.equal(result.errors.length, 1);
        assert.match(
          result.errors[0],
          new RegExp(
            `^signal 'bad' lowpass cutoff got ${
              String(bad).replace("+", "\\+")
            } from its modulator \\(tests/runtime/core/faults_test\\.ts:\\d+:\\d+\\); muted until it is registered again$`,
          ),
        );
        assert.equal(result.signals.find((s) => s.name === "bad")?.status, "faulted");
      } finally {
        setChainCompiler(previous);
      }
    }
  });
}

Deno.test("a sin() whose frequency modulator turns NaN is reported, not left near-silent and 'playing' (issue 9, item 5)", async () => {
  const { errors, signals } = await compare(() => sin((s: Context) => (s.frame > 500 ? NaN : 440)));
  assert.equal(errors.length, 1);
  assert.match(errors[0], /^signal 'bad' sin freq got NaN from its modulator/);
  assert.equal(signals.find((s) => s.name === "bad")?.status, "faulted");
});

Deno.test("a signal that forgets to return is muted with a message that says so (regression: lel's internal 'reading length' error)", async () => {
  // deno-lint-ignore no-explicit-any
  const forgetful = () => ((_s: Context) => {}) as any as Signal;
  const { withBad, withoutBad, errors } = await compare(forgetful);
  assert.deepEqual(withBad, withoutBad);
  assert.equal(errors.length, 1);
  assert.match(
    errors[0],
    /^signal 'bad' returned undefined instead of a number or an array of numbers \(does the function forget to return\?\) \(tests\/runtime\/core\/faults_test\.ts:\d+:\d+\)/,
  );
  // The same as a modulator.
  const mod = await compare(() => gain(lowpass(saw(110), forgetful()), 0));
  assert.match(
    mod.errors[0],
    /lowpass cutoff got undefined \(not a number: does it return one\?\) from its modulator/,
  );
});
