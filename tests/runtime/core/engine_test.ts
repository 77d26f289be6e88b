import assert from "node:assert/strict";
import { Engine } from "../../../runtime/core/engine.ts";
import { lowpass } from "../../../helpers/filters/one_pole.ts";
import { osc, sin } from "../../../helpers/sources/oscillators.ts";
import { delay } from "../../../helpers/time/delay.ts";
import { tremolo } from "../../../helpers/modulation/tremolo.ts";
import type { Context } from "../../../runtime/core/signal.ts";
import { maxStep, quietly } from "../../_utils.ts";

const SR = 48000;

function engineFor(options: { fadeTime?: number; channels?: number } = {}): Engine {
  return new Engine({
    sampleRate: SR,
    fadeTime: options.fadeTime ?? 0,
    softClip: false,
    channels: options.channels ?? 1,
  });
}

function run(e: Engine, frames: number): Float64Array[] {
  const out = Array.from({ length: e.config.channels }, () => new Float64Array(frames));
  e.process(out, frames);
  return out;
}

Deno.test("re-registering a signal keeps its oscillator phase: the next sample continues the sine within 1e-9", () => {
  const e = engineFor();
  e.register("a", osc(441));
  const [first] = run(e, 1000);
  e.register("a", osc(441));
  const [second] = run(e, 1000);
  for (let i = 0; i < 1000; i++) {
    const expected = Math.sin((2 * Math.PI * 441 * (1000 + i)) / SR);
    assert.ok(
      Math.abs(second[i] - expected) < 1e-7,
      `frame ${1000 + i}: ${second[i]} vs ${expected}`,
    );
  }
  // The sample right after the swap continues the waveform: compare with an uninterrupted run.
  const ref = engineFor();
  ref.register("a", osc(441));
  const [whole] = run(ref, 2000);
  for (let i = 0; i < 1000; i++) assert.ok(Math.abs(second[i] - whole[1000 + i]) < 1e-9);
  assert.ok(Math.abs(first[999] - whole[999]) < 1e-12);
  e.dispose();
  ref.dispose();
});

Deno.test("a changed frequency glides from the playing value: no step larger than the waveform's own", () => {
  const e = engineFor();
  e.register("a", osc(220));
  const [before] = run(e, 4800);
  e.register("a", osc(880));
  const [after] = run(e, 4800);
  const steady = 2 * Math.PI * 880 / SR; // largest step of a unit sine at 880 Hz
  assert.ok(maxStep(after) <= steady * 1.01, `step ${maxStep(after)} > ${steady}`);
  assert.ok(Math.abs(after[0] - before[4799]) <= 2 * Math.PI * 220 / SR * 1.01);
  // After the glide the frequency is 880 Hz: period of 54.5 samples between rising zero crossings.
  const crossings: number[] = [];
  for (let i = 2400; i < 4800; i++) if (after[i - 1] < 0 && after[i] >= 0) crossings.push(i);
  const period = (crossings[crossings.length - 1] - crossings[0]) / (crossings.length - 1);
  assert.ok(Math.abs(period - SR / 880) < 0.05, `period ${period}`);
  e.dispose();
});

Deno.test("inserting a lowpass before an existing oscillator's consumer keeps the oscillator's phase", () => {
  const e = engineFor();
  e.register("a", osc(300));
  run(e, 777);
  e.register("a", lowpass(osc(300), 20000));
  // The oscillator kept its key (a_sin_0), so its phase continued: its block holds 777 frames of phase.
  const ref = engineFor();
  ref.register("a", sin(300));
  run(ref, 777);
  ref.register("a", sin(300));
  const [x] = run(e, 200);
  const [y] = run(ref, 200);
  // The new lowpass (fresh state) smooths the start; compare once it has settled.
  for (let i = 150; i < 200; i++) assert.ok(Math.abs(x[i] - y[i]) < 0.05, `${x[i]} vs ${y[i]}`);
  e.dispose();
  ref.dispose();
});

Deno.test("a hand-written signal whose code changes crossfades with both versions continuing from the same s.state", () => {
  const e = engineFor({ fadeTime: 0.005 });
  const phaseSine = (amp: number) => (s: Context) => {
    s.state[0] += 200 * s.dt;
    return amp * Math.sin(2 * Math.PI * s.state[0]);
  };
  e.register("a", phaseSine(0.5));
  run(e, 2000); // past the fade-in
  e.register("a", (s: Context) => {
    s.state[0] += 200 * s.dt;
    return 0.5 * Math.sin(2 * Math.PI * s.state[0]) + 0;
  });
  const [x] = run(e, 2000);
  for (let i = 0; i < 2000; i++) {
    const expected = 0.5 * Math.sin(2 * Math.PI * 200 * (2001 + i) / SR);
    assert.ok(Math.abs(x[i] - expected) < 1e-9, `frame ${i}: ${x[i]} vs ${expected}`);
  }
  e.dispose();
});

Deno.test("clear() followed by register() of a playing name in the same evaluation is a swap, not a restart", () => {
  const e = engineFor({ fadeTime: 0.01 });
  e.register("a", osc(500));
  e.register("b", osc(700));
  run(e, 1000);
  e.clear();
  e.register("a", osc(500));
  const [x] = run(e, 1000);
  const ref = engineFor({ fadeTime: 0.01 });
  ref.register("a", osc(500));
  const [whole] = run(ref, 2000);
  // "a" continues; "b" fades out over 10 ms (480 frames), then is gone.
  for (let i = 480; i < 1000; i++) assert.ok(Math.abs(x[i] - whole[1000 + i]) < 1e-9);
  assert.deepEqual(e.signals().map((s) => s.name), ["a"]);
  e.dispose();
  ref.dispose();
});

Deno.test("a new signal fades in and a removed one fades out over fadeTime, then its state is freed", () => {
  const e = engineFor({ fadeTime: 0.01 });
  e.register("dc", () => 1);
  const [x] = run(e, 960);
  // A linear ramp of 480 frames (10 ms at 48 kHz): frame i has gain (i + 1) / 480.
  assert.ok(Math.abs(x[0] - 1 / 480) < 1e-12);
  assert.ok(Math.abs(x[239] - 0.5) < 1e-12, `midway ${x[239]}`);
  assert.equal(x[479], 1);
  assert.equal(e.unregister("dc"), true);
  const [y] = run(e, 960);
  assert.ok(y[100] < 1 && y[100] > 0);
  assert.equal(y[600], 0);
  assert.deepEqual(e.signals(), []);
  e.dispose();
});

Deno.test("mute fades a signal out while it keeps running; unmute continues in phase", () => {
  const e = engineFor({ fadeTime: 0.001 });
  e.register("a", osc(250));
  run(e, 1000);
  e.mute("a");
  const [muted] = run(e, 1000);
  assert.equal(muted[999], 0);
  e.unmute("a");
  const [back] = run(e, 1000);
  const expected = Math.sin(2 * Math.PI * 250 * 2999 / SR);
  assert.ok(Math.abs(back[999] - expected) < 1e-7);
  assert.throws(() => e.mute("nope"), /Cannot mute 'nope': no such signal/);
  e.dispose();
});

Deno.test("solo mutes the others without destroying their state; solo() with no names ends it", () => {
  const e = engineFor({ fadeTime: 0.001 });
  e.register("a", () => 0.25);
  e.register("b", osc(100));
  run(e, 500);
  e.solo("a");
  const [x] = run(e, 500);
  assert.equal(x[499], 0.25);
  assert.equal(e.signals().find((s) => s.name === "b")?.status, "muted");
  e.solo();
  const [y] = run(e, 500);
  const expected = 0.25 + Math.sin(2 * Math.PI * 100 * 1499 / SR);
  assert.ok(Math.abs(y[499] - expected) < 1e-7);
  e.dispose();
});

Deno.test("mono signals go to every output channel; a stereo frame maps channel by channel", () => {
  const e = engineFor({ channels: 2 });
  e.register("m", () => 0.5);
  e.register("st", () => [0.1, -0.2]);
  const [l, r] = run(e, 4);
  assert.equal(l[3], 0.5 + 0.1);
  assert.equal(r[3], 0.5 - 0.2);
  e.dispose();
});

Deno.test("s.state is kept by name across re-registration and handed out fresh for new names", () => {
  const e = engineFor();
  const counter = (s: Context) => ++s.state[0];
  e.register("a", counter);
  run(e, 10);
  e.register("a", counter);
  const [x] = run(e, 1);
  assert.equal(x[0], 11);
  e.register("b", counter);
  const out = run(e, 1)[0];
  assert.equal(out[0], 12 + 1);
  e.dispose();
});

Deno.test("transactions apply all their registers at commit, or none at abort", () => {
  const e = engineFor();
  e.register("keep", () => 0.125);
  e.begin({ origin: "file", replaceOrigin: true });
  e.register("a", () => 0.25);
  assert.deepEqual(e.signals().map((s) => s.name), ["keep"]);
  e.abort();
  assert.deepEqual(e.signals().map((s) => s.name), ["keep"]);
  e.begin({ origin: "file", replaceOrigin: true });
  e.register("a", () => 0.25);
  const report = e.commit();
  assert.deepEqual(report.added, ["a"]);
  assert.deepEqual(e.signals().map((s) => s.name), ["keep", "a"]);
  // A later generation of the same origin that drops "a" removes it but leaves other origins.
  e.begin({ origin: "file", replaceOrigin: true });
  e.register("b", () => 0.5);
  const next = e.commit();
  assert.deepEqual(next.removed, ["a"]);
  run(e, 10);
  assert.deepEqual(e.signals().map((s) => s.name), ["keep", "b"]);
  assert.throws(() => e.commit(), /no transaction is open/);
  e.dispose();
});

Deno.test("the master bus soft clip leaves quiet mixes bit-exact and never exceeds ±1", () => {
  const e = new Engine({ sampleRate: SR, fadeTime: 0, channels: 1 });
  e.register("quiet", () => 0.5);
  e.register("loud", (s: Context) => (s.frame % 2 === 0 ? 40 : -40));
  const out = [new Float32Array(64)];
  e.process(out, 64);
  for (const v of out[0]) assert.ok(Math.abs(v) <= 1, `${v}`);
  e.unregister("loud");
  e.process(out, 64);
  assert.equal(out[0][63], 0.5);
  e.dispose();
});

Deno.test("building a helper inside a running signal is refused with a clear error and mutes only that signal", async () => {
  const e = engineFor();
  e.register("good", () => 0.25);
  e.register("bad", (s) => osc(440)(s));
  const { value: out, errors } = await quietly(() => run(e, 64));
  assert.equal(out[0][63], 0.25);
  assert.equal(errors.length, 1);
  assert.match(
    errors[0],
    /signal 'bad' threw TypeError: Cannot build 'sin' while a signal is rendering/,
  );
  assert.match(errors[0], /engine_test\.ts:\d+:\d+/);
  e.dispose();
});

Deno.test("a delay keeps its tail across re-registration: the echo of an impulse sent before the save arrives after it", () => {
  const e = engineFor();
  const impulse = (s: Context) => (s.frame === 10 ? 1 : 0);
  e.register("echo", delay(impulse, 0.5, 0.01)); // 480 samples later
  const [before] = run(e, 300);
  assert.ok(before.every((v) => v === 0));
  e.register("echo", delay(() => 0, 0.5, 0.01)); // the input changes, the line keeps ringing
  const [after] = run(e, 300);
  assert.equal(after[190], 1, "the impulse from frame 10 arrives at frame 490");
  assert.equal(after.filter((v) => v !== 0).length, 1);
  e.dispose();
});

Deno.test("inserting a lowpass before an existing tremolo keeps the tremolo's LFO phase", () => {
  // The tremolo's gain is read through a DC input, so its LFO phase is visible directly.
  const e = engineFor();
  e.register("t", tremolo(1, 3, 1));
  run(e, 10_000);
  e.register("t", tremolo(lowpass(1, 20), 3, 1));
  const [x] = run(e, 2000);
  const ref = engineFor();
  ref.register("t", tremolo(1, 3, 1));
  const [whole] = run(ref, 12_000);
  // The new lowpass starts from silence, so divide it out: its output is known in closed form.
  const coef = Math.tan(Math.PI * 20 / SR) / (1 + Math.tan(Math.PI * 20 / SR));
  let s1 = 0;
  for (let i = 0; i < 2000; i++) {
    const v = (1 - s1) * coef;
    const y = v + s1;
    s1 = y + v;
    const gainNow = x[i] / y;
    assert.ok(
      Math.abs(gainNow - whole[10_000 + i]) < 1e-9,
      `frame ${i}: ${gainNow} vs ${whole[10_000 + i]}`,
    );
  }
  e.dispose();
  ref.dispose();
});
