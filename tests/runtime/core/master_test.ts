import assert from "node:assert/strict";
import { db, Engine, sin } from "../../../mod.ts";
import { applySetLine, takeSetLines } from "../../../runtime/control/repl_set.ts";
import { resetEngine } from "../../../runtime/core/process_engine.ts";

function render(e: Engine, frames: number): Float64Array {
  const out = new Float64Array(frames);
  e.process([out], frames);
  return out;
}

Deno.test("the master gain scales the mix before the soft clip, gliding with a 20 ms time constant and no step", () => {
  const e = new Engine({ sampleRate: 48000, channels: 1, fadeTime: 0, softClip: false });
  e.register("dc", () => 0.8);
  render(e, 256);
  e.masterGain = 0.5;
  const y = render(e, 48000);
  // One-pole glide: after k frames the level is 0.5 + 0.5·a^k, a = e^(−1/(0.02·48000)).
  const a = Math.exp(-1 / (0.02 * 48000));
  for (const k of [0, 100, 960, 5000]) {
    const level = 0.5 + 0.5 * a ** (k + 1);
    assert.ok(Math.abs(y[k] - 0.8 * level) < 1e-9, `frame ${k}: ${y[k]} vs ${0.8 * level}`);
  }
  assert.equal(y[47999], 0.4, "settles exactly on the target");
  let step = 0;
  for (let i = 1; i < y.length; i++) step = Math.max(step, Math.abs(y[i] - y[i - 1]));
  assert.ok(step < 0.8 * 0.5 * (1 - a) + 1e-12, `largest step ${step}`);
  assert.throws(() => (e.masterGain = -1), /master gain: it must be a linear gain 0\.\.16/);
  e.dispose();
});

Deno.test("at master gain 1 the mix is bit for bit what it was", () => {
  const play = (touch: boolean) => {
    const e = new Engine({ sampleRate: 48000, channels: 1, fadeTime: 0 });
    e.register("x", sin(440));
    if (touch) e.masterGain = 1;
    const y = render(e, 4800);
    e.dispose();
    return y;
  };
  assert.deepEqual(play(true), play(false));
});

Deno.test(".set master -6db in the REPL sets the engine's master gain", () => {
  const e = resetEngine({ fadeTime: 0 });
  const taken = takeSetLines(".set master -6db");
  assert.ok("sets" in taken);
  const reply = applySetLine(taken.sets[0]);
  assert.equal(e.masterGain, db(-6));
  assert.match(reply, /^set master gain 0\.501187 \(-6\.0 dB\)$/);
  resetEngine();
});
