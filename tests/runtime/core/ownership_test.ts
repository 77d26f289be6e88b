/**
 * Who owns a helper: the signal whose tree reaches it, or the first signal whose hand-written
 * code plays it; never two signals, never the leftovers of a failed build.
 * @module
 */

import assert from "node:assert/strict";
import {
  delay,
  Engine,
  gain,
  lel,
  lpf,
  mix,
  pan,
  resetEngine,
  saw,
  setLogger,
  SILENT_LOGGER,
  sin,
} from "../../../mod.ts";
import { openBuildScope } from "../../../runtime/core/build_scope.ts";
import type { Context, Param } from "../../../runtime/core/signal.ts";

const SR = 48000;

function engine(): Engine {
  return new Engine({ sampleRate: SR, channels: 2, fadeTime: 0, softClip: false });
}

function run(e: Engine, frames: number): Float64Array[] {
  const out = [new Float64Array(frames), new Float64Array(frames)];
  e.process(out, frames);
  return out;
}

/** The pool keys of a private engine's signal, without the engine's prefix. */
function keysOf(name: string): string[] {
  const map = (globalThis as { LEL_HELPER_SLOT_MAP?: Map<string, unknown> }).LEL_HELPER_SLOT_MAP!;
  return [...map.keys()].filter((k) => k.includes(`:${name}_`)).map((k) => k.replace(/^#\d+:/, ""))
    .sort();
}

const sweep = (s: Context) => 600 + 200 * Math.sin(s.t * 3);
const padChain = () => pan(gain(lpf(saw(220), sweep), 0.1), 1);
const bassChain = () => pan(gain(delay(saw(55), 1, 0.3), 0.2), -1);

Deno.test("helpers built before an earlier register belong to the signal whose tree reaches them (regression: bass's saw and delay were filed under pad)", () => {
  const e = engine();
  const pad = padChain();
  const bass = bassChain();
  e.register("pad", pad);
  e.register("bass", bass);
  assert.deepEqual(keysOf("pad"), ["pad_gain_0", "pad_lpf_0", "pad_pan_0", "pad_saw_0"]);
  assert.deepEqual(keysOf("bass"), ["bass_delay_0", "bass_gain_0", "bass_pan_0", "bass_saw_0"]);
  e.dispose();
});

Deno.test("after the earlier signal is unregistered, the later one plays on bit-identically to it alone (regression: its memory was freed under it)", () => {
  const alone = engine();
  alone.register("bass", bassChain());
  const reference = run(alone, 24000);
  alone.dispose();

  const e = engine();
  const pad = padChain();
  const bass = bassChain();
  e.register("pad", pad);
  e.register("bass", bass);
  const first = run(e, 12000);
  e.unregister("pad");
  // Another signal takes whatever memory pad freed: bass must not share it.
  e.register("other", mix(saw(330), sin(440)));
  const second = run(e, 12000);
  e.dispose();

  const bassAlone = (c: number, i: number) => reference[c][i];
  // pad is panned hard right (its left is 0 at a pan of 1), so the left channel is bass alone
  // until pad goes; after that, bass plus the new signal, whose own render is subtracted.
  const other = engine();
  other.register("other", mix(saw(330), sin(440)));
  const otherOut = run(other, 12000);
  other.dispose();
  for (let i = 0; i < 12000; i++) {
    assert.ok(Math.abs(first[0][i] - bassAlone(0, i)) < 1e-12, `frame ${i} before`);
    const expected = bassAlone(0, 12000 + i) + otherOut[0][i];
    assert.ok(
      Math.abs(second[0][i] - expected) < 1e-12,
      `frame ${i} after: ${second[0][i]} vs ${expected}`,
    );
  }
});

Deno.test("a fault in the earlier signal leaves the later one's echo and phase alone (regression: bass's delay was wiped)", () => {
  const alone = engine();
  alone.register("bass", bassChain());
  const reference = run(alone, 9600);
  alone.dispose();

  const previous = setLogger(SILENT_LOGGER);
  const e = engine();
  let late = false;
  const pad = pan(gain(lpf(saw(220), (s: Context) => (late ? NaN : 600 + s.t)), 0.1), 1);
  e.register("pad", gain(pad, () => (late ? Infinity : 1)));
  e.register("bass", bassChain());
  const first = run(e, 4800);
  late = true;
  const second = run(e, 4800);
  e.dispose();
  setLogger(previous);
  assert.equal(e.faults.length, 1);
  assert.equal(e.faults[0].signal, "pad");
  for (let i = 0; i < 4800; i++) {
    assert.ok(Math.abs(first[0][i] - reference[0][i]) < 1e-12);
    assert.ok(
      Math.abs(second[0][i] - reference[0][4800 + i]) < 1e-12,
      `frame ${i} after pad faulted`,
    );
  }
});

Deno.test("a failed build leaves nothing behind: the next good save keeps the oscillator (regression: it was numbered saw_1 and restarted)", () => {
  const e = engine();
  e.register("osc", saw(110));
  run(e, 1000);
  e.begin();
  const stray = saw(220); // built, then the save throws before registering it
  void stray;
  e.abort();
  e.begin();
  e.register("osc", saw(110));
  const report = e.commit();
  assert.deepEqual(report.helpers.osc, [{ key: "saw_0", change: "kept" }]);
  e.dispose();
});

Deno.test("a failed lel template with an interpolated helper does not shift the next one's helpers", () => {
  resetEngine({ fadeTime: 0 });
  lel`lead: saw 110 |> gain 0.1`;
  assert.throws(() => lel`lead: saw 110 |> nosuchhelper ${sin(3)}`, SyntaxError);
  const { names } = lel`lead: saw 110 |> gain 0.1`;
  assert.deepEqual(names, ["lead"]);
  const map = (globalThis as { LEL_HELPER_SLOT_MAP?: Map<string, unknown> }).LEL_HELPER_SLOT_MAP!;
  assert.ok(map.has("lead_saw_0"), "the saw kept its key");
  assert.ok(!map.has("lead_saw_1"));
  assert.ok(!map.has("lead_sin_0"), "the failed template's interpolated sine was never bound");
  resetEngine();
});

Deno.test("a helper a hand-written modulator captured joins the signal that plays it, and sounds as if it were in the tree", () => {
  const a = engine();
  const lfo = sin(2);
  a.register("x", lpf(saw(110), (s: Context) => 800 + 300 * (lfo(s) as number)));
  const captured = run(a, 9600);
  assert.deepEqual(keysOf("x"), ["x_lpf_0", "x_saw_0", "x_sin_0"]);
  a.dispose();
  const b = engine();
  b.register("x", lpf(saw(110), mix(gain(sin(2), 300), 800) as Param));
  const tree = run(b, 9600);
  b.dispose();
  for (let i = 0; i < 9600; i++) assert.ok(Object.is(captured[0][i], tree[0][i]), `frame ${i}`);
});

Deno.test("a helper played by two signals is refused in the second, which alone is muted with a clear reason", () => {
  const previous = setLogger(SILENT_LOGGER);
  const e = engine();
  const lfo = sin(2);
  e.register("a", lpf(saw(110), mix(gain(lfo, 300), 800)));
  e.register("b", (s: Context) => 0.1 * (lfo(s) as number));
  run(e, 256);
  setLogger(previous);
  assert.equal(e.faults.length, 1);
  assert.equal(e.faults[0].signal, "b");
  assert.match(e.faults[0].reason, /plays a sin helper that already plays in 'a'/);
  assert.deepEqual(e.signals().map((s) => [s.name, s.status]), [["a", "playing"], [
    "b",
    "faulted",
  ]]);
  e.dispose();
});

Deno.test("registering a helper that already plays in another signal is a clear error and changes nothing", () => {
  const e = engine();
  const shared = saw(110);
  e.register("a", gain(shared, 0.5));
  assert.throws(
    () => e.register("b", gain(shared, 0.25)),
    {
      name: "HelperOwnershipError",
      message:
        "Cannot register 'b': its saw helper already plays in 'a'; one helper instance has one state, so build a new one for each signal (or register the shared part once and read it from both)",
    },
  );
  assert.deepEqual(e.signals().map((s) => s.name), ["a"]);
  e.dispose();
});

Deno.test("a helper built in a build that has ended cannot be registered from another", () => {
  const e = engine();
  const scope = openBuildScope("an earlier reload");
  const old = saw(110);
  scope.close();
  assert.throws(
    () => e.register("x", old),
    /its saw helper was built by an earlier build \(an earlier reload\) that has ended/,
  );
  e.dispose();
});

Deno.test("registering the very signal that plays again keeps it as it is", () => {
  const e = engine();
  const x = saw(110);
  e.register("x", x);
  run(e, 100);
  e.begin();
  e.register("x", x);
  const report = e.commit();
  assert.deepEqual(report.kept, ["x"]);
  assert.deepEqual(report.helpers.x, [{ key: "saw_0", change: "kept" }]);
  e.register("x", x);
  assert.deepEqual(e.signals().map((s) => s.status), ["playing"]);
  e.dispose();
});
