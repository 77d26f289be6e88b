/**
 * `sample(trigger, path)`: files played bit for bit at their own rate, resampled once at
 * another, cached (a second build decodes nothing and copies nothing), decoded again when
 * changed (a voice already sounding plays the old version to its end), paths resolved against
 * the calling file (a reload copy's user file) or `from`, and the errors.
 * @module
 */

import assert from "node:assert/strict";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { renderSignal } from "../../../runtime/core/offline.ts";
import { Engine } from "../../../runtime/core/engine.ts";
import { dataBankStats } from "../../../runtime/core/data_bank.ts";
import { registerMirror } from "../../../runtime/core/diagnostics/location.ts";
import { clearSampleCache, sampleCacheStats } from "../../../runtime/core/samples/cache.ts";
import { resample } from "../../../runtime/core/samples/resample.ts";
import { SampleError } from "../../../runtime/core/samples/sample_error.ts";
import { decodeWav } from "../../../runtime/core/wav/decode.ts";
import { sample } from "../../../helpers/sampler/sample.ts";
import { unregister } from "../../../runtime/core/api.ts";
import type { Context, Signal } from "../../../runtime/core/signal.ts";
import { noiseSamples, tempFolder, wavFile } from "../../runtime/core/samples/_fixtures.ts";

const SR = 48000;
const HERE = dirname(fileURLToPath(import.meta.url));

/** A trigger that is 1 for 8 frames from each of `starts` (frames), else 0. */
function hits(...starts: number[]): Signal {
  return (s: Context) => (starts.some((t) => s.frame >= t && s.frame < t + 8) ? 1 : 0);
}

Deno.test("sample() at the file's own rate plays the decoded file bit for bit: 16 and 24-bit mono, float stereo", () => {
  using dir = tempFolder();
  const cases = [
    ["s16", [noiseSamples(3000, 1)]],
    ["s24", [noiseSamples(3000, 2)]],
    ["f32", [noiseSamples(3000, 3), noiseSamples(3000, 4)]],
  ] as const;
  for (const [format, channels] of cases) {
    const path = dir.file(`${format}.wav`);
    const bytes = wavFile([...channels], SR, format);
    Deno.writeFileSync(path, bytes);
    const decoded = decodeWav(bytes).channels;
    const out = renderSignal(sample(hits(77), path), 3100, { channels: channels.length });
    decoded.forEach((x, c) => {
      for (let n = 0; n < 77; n++) assert.equal(out[c][n], 0);
      for (let k = 0; k < 3000; k++) assert.equal(out[c][77 + k], x[k], `${format} ${c} ${k}`);
      assert.equal(out[c][3077], 0);
    });
  }
});

Deno.test("sample() of a 44.1 kHz file at 48 kHz plays resample() of it exactly, and a 1 kHz sine within −110 dB of the analytic one", () => {
  using dir = tempFolder();
  const path = dir.file("sine.wav");
  const sine = Float32Array.from(
    { length: 44100 },
    (_, i) => 0.5 * Math.sin(2 * Math.PI * 1000 * i / 44100),
  );
  const bytes = wavFile([sine], 44100, "f32");
  Deno.writeFileSync(path, bytes);
  const [y] = renderSignal(sample(hits(0), path), 48000);
  const [ref] = resample(decodeWav(bytes), 48000);
  for (let n = 0; n < 48000; n++) assert.equal(y[n], ref[n], `frame ${n}`);
  // Away from the ends (the kernel's 40 taps see silence past them), against the analytic sine
  // at 48 kHz: −117.5 dB measured (the Float32 file and the resampler ripple), bound −110 dB.
  let worst = 0;
  for (let n = 200; n < 47800; n++) {
    worst = Math.max(worst, Math.abs(y[n] - 0.5 * Math.sin(2 * Math.PI * 1000 * n / 48000)));
  }
  assert.ok(20 * Math.log10(worst / 0.5) < -110, `error ${20 * Math.log10(worst / 0.5)} dB`);
});

Deno.test("sample() built again from an unchanged file decodes nothing and copies nothing; a changed file is decoded and stored again", () => {
  using dir = tempFolder();
  const path = dir.file("hit.wav");
  Deno.writeFileSync(path, wavFile([noiseSamples(500, 5)], SR, "s16"));
  clearSampleCache();
  const first = renderSignal(sample(hits(0), path), 500)[0];
  const after = { cache: sampleCacheStats(), bank: dataBankStats().used };
  assert.equal(after.cache.decodes, 1);
  const again = renderSignal(sample(hits(0), path), 500)[0];
  assert.deepEqual(again, first);
  assert.equal(sampleCacheStats().decodes, 1, "not decoded again");
  assert.equal(sampleCacheStats().hits, after.cache.hits + 1);
  assert.equal(dataBankStats().used, after.bank, "not copied into the bank again");
  // A new version (new size, so the change shows whatever the file system's mtime resolution).
  const next = noiseSamples(600, 6);
  Deno.writeFileSync(path, wavFile([next], SR, "s16"));
  const changed = renderSignal(sample(hits(0), path), 600)[0];
  assert.equal(sampleCacheStats().decodes, 2);
  assert.equal(dataBankStats().used, after.bank + 600 + 4, "600 frames and 2 + 2 of silence");
  const decoded = decodeWav(Deno.readFileSync(path)).channels[0];
  for (let k = 0; k < 600; k++) assert.equal(changed[k], decoded[k]);
});

Deno.test("a voice sounding when a save changes its file plays the old version to its end; the next trigger plays the new one", () => {
  using dir = tempFolder();
  const path = dir.file("loop.wav");
  const oldBytes = wavFile([noiseSamples(2000, 8)], SR, "s16");
  const newBytes = wavFile([noiseSamples(1500, 9)], SR, "s16");
  Deno.writeFileSync(path, oldBytes);
  const e = new Engine({ sampleRate: SR, channels: 1, fadeTime: 0, softClip: false });
  try {
    const out = [new Float64Array(6000)];
    e.register("beat", sample(hits(0, 3000), path));
    e.process(out, 1000);
    Deno.writeFileSync(path, newBytes);
    e.register("beat", sample(hits(0, 3000), path)); // the reload: same key, same state
    e.process(out, 5000, 1000);
    const [a] = decodeWav(oldBytes).channels;
    const [b] = decodeWav(newBytes).channels;
    for (let n = 0; n < 2000; n++) assert.equal(out[0][n], a[n], `old voice, frame ${n}`);
    for (let n = 2000; n < 3000; n++) assert.equal(out[0][n], 0);
    for (let k = 0; k < 1500; k++) assert.equal(out[0][3000 + k], b[k], `new voice, frame ${k}`);
  } finally {
    e.dispose();
  }
});

Deno.test("sample() resolves a relative path against the file that called it, or against `from`", () => {
  using dir = tempFolder();
  const x = noiseSamples(100, 10);
  Deno.writeFileSync(dir.file("near.wav"), wavFile([x], SR, "f32"));
  const fromHere = relative(HERE, dir.file("near.wav"));
  assert.ok(!fromHere.startsWith("/"), fromHere);
  const [a] = renderSignal(sample(hits(0), fromHere), 100);
  const [b] = renderSignal(sample(hits(0), "near.wav", { from: dir.file("set.lel.ts") }), 100);
  const [c] = renderSignal(
    sample(hits(0), "near.wav", { from: pathToFileURL(dir.file("set.lel.ts")).href }),
    100,
  );
  for (let k = 0; k < 100; k++) {
    assert.equal(a[k], x[k]);
    assert.equal(b[k], x[k]);
    assert.equal(c[k], x[k]);
  }
});

Deno.test("sample() called from a session loader's copy of a file resolves against the user's file, not the copy", async () => {
  using user = tempFolder();
  using mirror = tempFolder();
  const x = noiseSamples(64, 11);
  Deno.writeFileSync(user.file("kick.wav"), wavFile([x], SR, "f32"));
  const lel = pathToFileURL(join(HERE, "../../../helpers/sampler/sample.ts")).href;
  const copy = mirror.file("0_set.lel.ts");
  Deno.writeTextFileSync(
    copy,
    `import { sample } from ${JSON.stringify(lel)};\nexport const kick = sample(1, "kick.wav");\n`,
  );
  registerMirror(pathToFileURL(copy).href, pathToFileURL(user.file("set.lel.ts")).href);
  const { kick } = await import(pathToFileURL(copy).href);
  const [y] = renderSignal(kick, 64);
  for (let k = 0; k < 64; k++) assert.equal(y[k], x[k]);
});

Deno.test("sample() loads at the process engine's rate unless given `sampleRate` (for a private engine at another rate)", () => {
  using dir = tempFolder();
  const path = dir.file("r.wav");
  Deno.writeFileSync(path, wavFile([noiseSamples(441, 12)], 44100, "s16"));
  const [at48] = renderSignal(sample(hits(0), path), 600);
  assert.equal(at48.findLastIndex((v) => v !== 0), 479, "480 frames at 48 kHz");
  const [at44] = renderSignal(sample(hits(0), path, { sampleRate: 44100 }), 600, {
    sampleRate: 44100,
  });
  const [x] = decodeWav(Deno.readFileSync(path)).channels;
  for (let k = 0; k < 441; k++) assert.equal(at44[k], x[k]);
  assert.equal(at44[441], 0);
});

Deno.test("sample() of a missing file throws the cache's SampleError naming both paths; a bad path or rate is a TypeError or RangeError", () => {
  using dir = tempFolder();
  const base = dir.file("set.lel.ts");
  assert.throws(
    () => sample(hits(0), "nope.wav", { from: base }),
    (e: unknown) => {
      assert.ok(e instanceof SampleError);
      assert.equal(
        e.message,
        `Cannot load sample 'nope.wav': file not found (looked in '${
          dir.file("nope.wav")
        }'); check the name and that the path is relative to the session file`,
      );
      assert.equal(e.requested, "nope.wav");
      assert.equal(e.path, dir.file("nope.wav"));
      return true;
    },
  );
  Deno.writeTextFileSync(dir.file("text.wav"), "not a wav file at all");
  assert.throws(
    () => sample(hits(0), "text.wav", { from: base }),
    /is not a WAV file lel can read/,
  );
  assert.throws(
    () => sample(hits(0), ""),
    new TypeError(
      "Cannot create sample: path is empty; give the name of a WAV file such as 'kick.wav'",
    ),
  );
  assert.throws(
    () => sample(hits(0), 42 as unknown as string),
    new TypeError('Cannot create sample: path must be a file path string, e.g. "kick.wav", got 42'),
  );
  assert.throws(
    () => sample(hits(0), "x.wav", { sampleRate: 10 }),
    new RangeError("Cannot create sample: sampleRate must be 1000..768000 Hz, got 10"),
  );
});

Deno.test("sample() passes voices, choke, rate and gain on to its player", () => {
  using dir = tempFolder();
  const path = dir.file("c.wav");
  const x = noiseSamples(400, 13);
  Deno.writeFileSync(path, wavFile([x], SR, "f32"));
  const [y] = renderSignal(sample(hits(0, 100), path, { choke: 1, gain: 0.5, rate: -1 }), 600);
  const d = (1 / SR) * 500; // dt / FADE_SECONDS, as the player computes it
  for (let n = 100 + 96; n < 500; n++) assert.ok(y[n] === 0.5 * x[399 - (n - 100)], `${n}`);
  assert.ok(Math.abs(y[150] - 0.5 * ((1 - 51 * d) * x[399 - 150] + x[399 - 50])) < 1e-15);
  const [v1] = renderSignal(sample(hits(0, 100), path, { voices: 1 }), 300);
  assert.ok(Math.abs(v1[150] - ((1 - 51 * d) * x[150] + x[50])) < 1e-15, "one voice: stolen");
});

Deno.test("the DSL's sample resolves a relative path against the file holding the template, however deep the build's stack", async () => {
  using dir = tempFolder();
  Deno.writeFileSync(dir.file("kick.wav"), wavFile([noiseSamples(200, 14)], SR, "f32"));
  const lel = pathToFileURL(join(HERE, "../../../mod.ts")).href;
  const file = dir.file("set.lel.ts");
  // Nested modulators make the build's stack deeper than V8's 10 frames of lel's own code;
  // compile() is given the file, as the REPL and editors give theirs.
  Deno.writeTextFileSync(
    file,
    `import { compile, lel, registerProgram } from ${JSON.stringify(lel)};\n` +
      `export const a = lel\`dsltest_a: 1 |> sample "kick.wav" ` +
      `(sin 3 |> mul (sin 2 |> mul (sin 1 |> add 1) |> add 1) |> mul 0 |> add 1)\`;\n` +
      `export const b = registerProgram(compile('dsltest_b: 1 |> sample "kick.wav"', { file: ${
        JSON.stringify(file)
      } }));\n`,
  );
  // Only that folder has a kick.wav: resolving against the working directory would fail.
  const { a, b } = await import(pathToFileURL(file).href);
  assert.deepEqual([a.names, b.names], [["dsltest_a"], ["dsltest_b"]]);
  unregister("dsltest_a");
  unregister("dsltest_b");
});
