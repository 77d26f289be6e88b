/**
 * The committed sample kit: lel's own synthesis renders it again bit for bit, and each sound
 * has its length, peak, spectrum and shape.
 * @module
 */

import assert from "node:assert/strict";
import {
  KIT,
  KIT_PEAK_DB,
  KIT_SAMPLE_RATE,
  kitWav,
} from "../../../../sessions/samples/make_kit.ts";
import { decodeWav } from "../../../../runtime/core/wav/decode.ts";
import { fftMagnitudes, rms, toDb } from "../../../_utils.ts";

const KIT_DIR = new URL("../../../../sessions/samples/", import.meta.url);

function committed(file: string): Uint8Array {
  return Deno.readFileSync(new URL(file, KIT_DIR));
}

function decoded(file: string): Float32Array {
  return decodeWav(committed(file)).channels[0];
}

/** Share of the energy (zero-padded power spectrum) from `lo` to `hi` Hz. */
function energyShare(x: Float32Array, lo: number, hi: number): number {
  const n = 32768;
  const padded = new Float64Array(n);
  padded.set(x.subarray(0, n));
  const m = fftMagnitudes(padded);
  let band = 0;
  let total = 0;
  for (let k = 1; k < m.length; k++) {
    const hz = (k * KIT_SAMPLE_RATE) / n;
    total += m[k] ** 2;
    if (hz >= lo && hz < hi) band += m[k] ** 2;
  }
  return band / total;
}

/** `[time, frequency]` of each period between rising zero crossings (interpolated). */
function periods(x: Float32Array): [seconds: number, hz: number][] {
  const rising: number[] = [];
  for (let i = 1; i < x.length; i++) {
    if (x[i - 1] < 0 && x[i] >= 0) rising.push(i - 1 + x[i - 1] / (x[i - 1] - x[i]));
  }
  return rising.slice(1).map((t, k) => [t / KIT_SAMPLE_RATE, KIT_SAMPLE_RATE / (t - rising[k])]);
}

Deno.test("the kit renders again bit for bit from lel's synthesis (deno task kit made these files)", () => {
  for (const sound of KIT) {
    const again = kitWav(sound);
    const file = committed(sound.file);
    assert.equal(again.length, file.length, sound.file);
    assert.ok(again.every((b, i) => b === file[i]), `${sound.file} differs: run deno task kit`);
  }
});

Deno.test("each kit sound is 16-bit mono at 48 kHz, at most 0.6 s, peaking at −1 dBFS", () => {
  assert.deepEqual(KIT.map((s) => s.file), ["kick.wav", "snare.wav", "hat.wav", "clap.wav"]);
  for (const sound of KIT) {
    const wav = decodeWav(committed(sound.file));
    assert.equal(wav.sampleRate, 48000);
    assert.equal(wav.format, "s16");
    assert.equal(wav.channels.length, 1);
    assert.ok(sound.seconds <= 0.6);
    assert.equal(wav.channels[0].length, Math.round(sound.seconds * 48000), sound.file);
    let peak = 0;
    for (const v of wav.channels[0]) peak = Math.max(peak, Math.abs(v));
    // 16-bit rounding moves the peak by at most half a step: 0.0005 dB at −1 dBFS.
    assert.ok(Math.abs(toDb(peak) - KIT_PEAK_DB) < 0.001, `${sound.file}: ${toDb(peak)} dBFS`);
  }
});

Deno.test("kick: energy mostly below 150 Hz, pitch falling from 205 Hz to 45 Hz", () => {
  const x = decoded("kick.wav");
  const low = energyShare(x, 0, 150);
  assert.ok(low > 0.75, `${(low * 100).toFixed(1)} % below 150 Hz`); // measured 84.9 %
  // The pitch envelope is 45 + 160 · 10^(−25 t) Hz: 140 Hz at 9 ms, 62 Hz at 50 ms. Periods
  // from 8 ms on (the beater's click, gone by then, would add crossings earlier).
  const p = periods(x).filter(([t]) => t > 0.008);
  const expected = (t: number) => 45 + 160 * 10 ** (-25 * t);
  assert.ok(p[0][1] > 120, `first period after the click at ${p[0][1]} Hz`);
  for (const [t, hz] of p.filter(([t]) => t < 0.1)) {
    // A period's frequency is the mean over it, so it lags the envelope by half a period.
    const mid = t - 0.5 / hz;
    assert.ok(Math.abs(hz - expected(mid)) < 0.1 * expected(mid), `${hz} Hz at ${t} s`);
  }
  const late = p.filter(([t]) => t > 0.15).map(([, hz]) => hz);
  const lateMean = late.reduce((a, b) => a + b) / late.length;
  assert.ok(Math.abs(lateMean - 45) < 1, `after 150 ms at ${lateMean} Hz`);
});

Deno.test("snare: a drum-head body (150–600 Hz) and a noise band above 1.2 kHz, both substantial", () => {
  const x = decoded("snare.wav");
  const body = energyShare(x, 150, 600);
  const wires = energyShare(x, 1200, 24000);
  // Measured 47.8 % and 48.4 %.
  assert.ok(body > 0.3 && body < 0.7, `body ${(body * 100).toFixed(1)} %`);
  assert.ok(wires > 0.3 && wires < 0.7, `wires ${(wires * 100).toFixed(1)} %`);
});

Deno.test("hat: energy mostly above 5 kHz and a closed decay (60 dB down within 0.1 s)", () => {
  const x = decoded("hat.wav");
  const high = energyShare(x, 5000, 24000);
  assert.ok(high > 0.95, `${(high * 100).toFixed(1)} % above 5 kHz`); // measured 98.9 %
  const head = rms(x, 0, 240);
  const at100ms = rms(x, 4800, 5040);
  assert.ok(toDb(at100ms / head) < -60, `${toDb(at100ms / head)} dB at 100 ms`);
});

Deno.test("clap: four bursts 11–12 ms apart (each a jump of more than 6 dB), then a tail", () => {
  const x = decoded("clap.wav");
  const ms = (t: number) => Math.round((t * KIT_SAMPLE_RATE) / 1000);
  // RMS of the millisecond before each burst against the millisecond after its start.
  for (const t of [11, 23, 34]) {
    const before = rms(x, ms(t - 1), ms(t));
    const after = rms(x, ms(t + 0.5), ms(t + 1.5));
    assert.ok(toDb(after / before) > 6, `burst at ${t} ms: +${toDb(after / before)} dB`);
  }
  const band = energyShare(x, 600, 2500);
  assert.ok(band > 0.6, `${(band * 100).toFixed(1)} % in 600–2500 Hz`); // measured 75.1 %
  // The tail: still within 30 dB of the bursts 100 ms later, more than 40 dB down by the end.
  const bursts = rms(x, 0, ms(40));
  assert.ok(toDb(rms(x, ms(130), ms(140)) / bursts) > -30);
  assert.ok(toDb(rms(x, ms(390), ms(400)) / bursts) < -40);
});
