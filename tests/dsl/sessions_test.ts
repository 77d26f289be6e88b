/**
 * The example sessions import into a fresh process engine and render a few seconds without
 * faults, audibly and without clipping hard.
 * @module
 */

import assert from "node:assert/strict";
import { decodeWav, engine, render, resetEngine, solo } from "../../mod.ts";
import { peak, rms } from "../_utils.ts";

/** Each session's signals and its largest peak before the master soft clip. */
const SESSIONS: Record<string, { names: string[]; maxPeak: number }> = {
  // The seed's own levels: a full-scale sine panned across plus the lead reach ~1.35 where
  // they meet; the master's soft clip rounds that off.
  "live.lel.ts": { names: ["lead", "pad"], maxPeak: 1.4 },
  "drone.lel.ts": { names: ["drone", "air"], maxPeak: 0.9 },
  "rhythm.lel.ts": { names: ["kick", "hat", "blip"], maxPeak: 0.9 },
  "texture.lel.ts": { names: ["shimmer", "glass"], maxPeak: 0.9 },
  // The sample kit's beat is mixed to stay below −6 dBFS (0.501).
  "beat.lel.ts": { names: ["kick", "snare", "hat", "ghost", "clap"], maxPeak: 10 ** (-6 / 20) },
};

for (const [file, { names, maxPeak }] of Object.entries(SESSIONS)) {
  Deno.test(`sessions/${file} renders 4 seconds without faults, audible, peaking below ${maxPeak}`, async () => {
    resetEngine({ softClip: false });
    const url = new URL(`../../sessions/${file}`, import.meta.url);
    await import(`${url.href}?sessions_test`);
    assert.deepEqual(engine().signals().map((s) => s.name), names);
    const { channels } = render(4);
    assert.deepEqual(engine().faults, [], "no signal faulted");
    const [left, right] = channels;
    for (const ch of channels) {
      assert.ok(rms(ch) > 0.01, `rms ${rms(ch)} is audible`);
      assert.ok(peak(ch) > 0.05 && peak(ch) < maxPeak, `peak ${peak(ch)} is sane`);
      assert.ok(ch.every(Number.isFinite));
    }
    const levels = engine().takeLevels().signals;
    for (const name of names) assert.ok(levels[name].peak > 1e-3, `'${name}' is heard`);
    assert.ok(left.some((v, i) => v !== right[i]), "every example uses the stereo field");
    resetEngine();
  });
}

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
