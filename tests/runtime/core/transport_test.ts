import assert from "node:assert/strict";
import { Engine } from "../../../mod.ts";
import { TEMPO_GLIDE_SECONDS, Transport } from "../../../runtime/core/transport.ts";
import type { Context } from "../../../runtime/core/signal.ts";

/** The beat of each frame as a signal records it (s.beat, s.bpm), rendered by an engine. */
function record(e: Engine, frames: number): { beat: Float64Array; bpm: Float64Array } {
  const beat = new Float64Array(frames);
  const bpm = new Float64Array(frames);
  let at = 0;
  e.register("probe", (s: Context) => {
    beat[at] = s.beat;
    bpm[at] = s.bpm;
    at++;
    return 0;
  });
  e.process([new Float64Array(frames)], frames);
  return { beat, bpm };
}

Deno.test("s.beat counts beats exactly: at 120 BPM and 48 kHz, frame 24000 is beat 1 and frame 6000 beat 0.25", () => {
  const e = new Engine({ sampleRate: 48000, channels: 1, fadeTime: 0 });
  const { beat, bpm } = record(e, 48001);
  assert.equal(beat[24000], 1);
  assert.equal(beat[6000], 0.25);
  assert.equal(beat[48000], 2);
  for (const f of [1, 777, 12345, 47999]) assert.equal(beat[f], (f * 120) / (60 * 48000));
  assert.ok(bpm.every((v) => v === 120));
  assert.deepEqual(e.transport(), {
    bpm: 120,
    beatsPerBar: 4,
    beat: 48001 / 24000,
    bar: 48001 / 96000,
  });
  e.dispose();
});

Deno.test("a tempo change glides the rate over TEMPO_GLIDE_SECONDS and never jumps the beat", () => {
  const sr = 48000;
  const e = new Engine({ sampleRate: sr, channels: 1, fadeTime: 0 });
  const before = record(e, 24000); // one beat at 120
  e.unregister("probe");
  e.process([new Float64Array(128)], 128); // the probe fades out
  e.tempo(60);
  const after = record(e, 24000);
  const g = Math.round(TEMPO_GLIDE_SECONDS * sr);
  const start = 24128;
  const b0 = (start * 120) / (60 * sr);
  // Each frame of the glide adds bpm(k)/(60·sr), bpm(k) linear from 120 to 60 over g frames.
  let expected = b0;
  for (let k = 0; k < 24000; k++) {
    const rate = k < g ? 120 + ((60 - 120) * k) / g : 60;
    const got = after.beat[k];
    assert.ok(Math.abs(got - expected) < 1e-9, `frame ${k}: ${got} vs ${expected}`);
    assert.ok(Math.abs(after.bpm[k] - rate) < 1e-9, `bpm at ${k}`);
    expected += rate / (60 * sr);
  }
  // Continuous: the first beat after the change is one frame at 120 on from the last before.
  assert.ok(Math.abs(after.beat[0] - b0) < 1e-12);
  assert.ok(before.beat[23999] < b0);
  for (let k = 1; k < 24000; k++) assert.ok(after.beat[k] > after.beat[k - 1], "monotonic");
  e.dispose();
});

Deno.test("a tempo set before anything plays is at once; one set inside a transaction waits for its commit", () => {
  const e = new Engine({ sampleRate: 48000, channels: 1, fadeTime: 0 });
  e.tempo(90, { beatsPerBar: 3 });
  const first = record(e, 2);
  assert.equal(first.bpm[0], 90);
  e.begin();
  e.tempo(150);
  assert.equal(e.transport().bpm, 90, "staged");
  e.abort();
  assert.equal(e.transport().bpm, 90, "an aborted save changes no tempo");
  e.begin();
  e.tempo(150);
  e.commit();
  assert.equal(e.transport().bpm, 150);
  assert.equal(e.transport().beatsPerBar, 3);
  assert.throws(() => e.tempo(0), /bpm must be a number 1\.\.1000, got 0/);
  assert.throws(() => e.tempo(120, { beatsPerBar: 2.5 }), /beatsPerBar must be a whole number/);
  e.dispose();
});

Deno.test("Transport.nextLine finds the first frame on or after a beat or bar line, also during a glide", () => {
  const t = new Transport(44100);
  t.setTempo(173, 0, { glide: false });
  const line = t.nextLine(1000, 4);
  assert.ok(t.beatAt(line) >= 4 && t.beatAt(line - 1) < 4);
  assert.equal(line, Math.ceil((4 * 60 * 44100) / 173));
  assert.equal(t.nextLine(line - 1, 4), line, "from just before the line: the line");
  t.setTempo(90, line + 10);
  const next = t.nextLine(line + 10, 1);
  assert.ok(t.beatAt(next) >= 5 && t.beatAt(next - 1) < 5);
});
