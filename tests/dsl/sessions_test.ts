/**
 * The example sessions import into a fresh process engine and render a few seconds without
 * faults, audibly and without clipping hard.
 * @module
 */

import assert from "node:assert/strict";
import { decodeWav, engine, render, resetEngine, solo } from "../../mod.ts";
import { peak, rms, toDb } from "../_utils.ts";

/** The pitch of a bass tone (30..80 Hz): the lag of the largest normalised autocorrelation. */
function pitch(x: Float32Array, sr: number): number {
  let best = 0, bestLag = 0;
  for (let lag = Math.floor(sr / 80); lag <= Math.ceil(sr / 30); lag++) {
    let r = 0, e = 0;
    for (let i = 0; i + lag < x.length; i++) {
      r += x[i] * x[i + lag];
      e += x[i + lag] * x[i + lag] + x[i] * x[i];
    }
    if (2 * r / e > best) [best, bestLag] = [2 * r / e, lag];
  }
  return sr / bestLag;
}

/** −6 dBFS: every example leaves this much headroom before the master soft clip. */
const HEADROOM = 10 ** (-6 / 20);

/** Each session's signals and how long to render to meet its loudest moment. */
const SESSIONS: Record<string, { names: string[]; seconds: number }> = {
  "live.lel.ts": { names: ["lead", "pad"], seconds: 21 }, // the pad pans once every 21 s
  "seed.lel.ts": { names: ["lead", "pad"], seconds: 21 },
  "drone.lel.ts": { names: ["drone", "air"], seconds: 20 }, // one filter sweep is 20 s
  "rhythm.lel.ts": { names: ["kick", "hat", "blip"], seconds: 4 }, // two bars at 120 bpm
  "groove.lel.ts": { names: ["kick", "snare", "hat", "bass", "lead"], seconds: 9.3 }, // 4 bars
  "texture.lel.ts": { names: ["shimmer", "glass"], seconds: 12 },
  "beat.lel.ts": { names: ["kick", "snare", "hat", "ghost", "clap"], seconds: 8 }, // 4 bars
};

for (const [file, { names, seconds }] of Object.entries(SESSIONS)) {
  Deno.test(`sessions/${file} renders ${seconds} s without faults, audible, peaking below −6 dBFS`, async () => {
    resetEngine({ softClip: false });
    const url = new URL(`../../sessions/${file}`, import.meta.url);
    await import(`${url.href}?sessions_test`);
    assert.deepEqual(engine().signals().map((s) => s.name), names);
    const { channels } = render(seconds);
    assert.deepEqual(engine().faults, [], "no signal faulted");
    const [left, right] = channels;
    for (const ch of channels) {
      assert.ok(rms(ch) > 0.01, `rms ${rms(ch)} is audible`);
      // At least 6 dB of headroom, and not so quiet that a listener must turn it up 20 dB.
      const db = toDb(peak(ch));
      assert.ok(peak(ch) <= HEADROOM && db > -20, `peak ${db.toFixed(2)} dBFS`);
      assert.ok(ch.every(Number.isFinite));
    }
    const levels = engine().takeLevels().signals;
    for (const name of names) assert.ok(levels[name].peak > 1e-3, `'${name}' is heard`);
    assert.ok(left.some((v, i) => v !== right[i]), "every example uses the stereo field");
    resetEngine();
  });
}

Deno.test("sessions/groove.lel.ts: the bass plays its pattern's note, a new one each bar", async () => {
  resetEngine({ softClip: false, fadeTime: 0 });
  await import(`${new URL("../../sessions/groove.lel.ts", import.meta.url).href}?groove_bass`);
  solo("bass");
  const sr = engine().config.sampleRate;
  const [left] = render(4 * 2.4).channels;
  const bar = (4 * 60 / 104) * sr; // frames in a bar at 104 bpm
  // Each bar's first eighth holds its root: a1, f1, c2, g1 (equal temperament, A4 = 440 Hz).
  const roots = [55, 55 * 2 ** (-4 / 12), 55 * 2 ** (3 / 12), 55 * 2 ** (-2 / 12)];
  for (let b = 0; b < 4; b++) {
    const from = Math.ceil(b * bar);
    const hz = pitch(left.subarray(from, Math.floor(from + bar / 8)), sr);
    // A semitone is 5.9 %; the autocorrelation's lag is whole frames (0.1 % at 870 frames).
    assert.ok(Math.abs(hz / roots[b] - 1) < 0.01, `bar ${b + 1}: ${hz} Hz, want ${roots[b]} Hz`);
  }
  resetEngine();
});

Deno.test("sessions/beat.lel.ts peaks below −6 dBFS over four whole bars (8 s), every sample heard", async () => {
  resetEngine({ softClip: false });
  await import(`${new URL("../../sessions/beat.lel.ts", import.meta.url).href}?beat_peak`);
  const { channels } = render(8);
  assert.deepEqual(engine().faults, []);
  const top = Math.max(...channels.map((ch) => peak(ch)));
  const db = 20 * Math.log10(top);
  assert.ok(db <= -6 && db > -12, `peak ${db.toFixed(2)} dBFS`); // −6.7 dBFS measured
  const levels = engine().takeLevels().signals;
  for (const name of ["kick", "snare", "hat", "ghost", "clap"]) {
    assert.ok(levels[name].peak > 0.01, `'${name}' peaks at ${levels[name].peak}`);
  }
  resetEngine();
});

Deno.test("sessions/beat.lel.ts: the kick plays the kit's kick.wav from every beat's own frame (trig on the transport)", async () => {
  resetEngine({ softClip: false, fadeTime: 0 });
  await import(`${new URL("../../sessions/beat.lel.ts", import.meta.url).href}?beat_grid`);
  solo("kick");
  const [left] = render(2).channels;
  const kit = new URL("../../sessions/samples/kick.wav", import.meta.url);
  const [kick] = decodeWav(Deno.readFileSync(kit)).channels;
  const g = 10 ** (-10 / 20); // gain -10db
  for (let n = 0; n < 96000; n++) {
    const beat = Math.floor(n / 24000); // 120 bpm at 48 kHz; the kick lasts one beat
    const expected = g * kick[n - 24000 * beat];
    // The render is Float32: half an ulp of a value below 1 is at most 3e-8.
    if (Math.abs(left[n] - expected) > 3e-8) assert.fail(`frame ${n}: ${left[n]} vs ${expected}`);
  }
  resetEngine();
});
