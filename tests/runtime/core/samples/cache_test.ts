/**
 * The sample cache: what `loadSample` returns for each file kind, hits and decodes counted,
 * changed files decoded again, the cache shared by a re-imported copy of the module, paths
 * resolved against the session file, and every error message.
 * @module
 */

import assert from "node:assert/strict";
import {
  clearSampleCache,
  loadSample,
  sampleCacheStats,
  storeIfCurrent,
} from "../../../../runtime/core/samples/cache.ts";
import { sampleFromBytes } from "../../../../runtime/core/samples/read_sample.ts";
import { resample } from "../../../../runtime/core/samples/resample.ts";
import { SampleError } from "../../../../runtime/core/samples/sample_error.ts";
import { decodeWav } from "../../../../runtime/core/wav/decode.ts";
import { noiseSamples, tempFolder, wavFile } from "./_fixtures.ts";

Deno.test("loadSample() at the file's own rate returns the decoded samples bit for bit (16, 24, 32-bit and float)", () => {
  using dir = tempFolder();
  clearSampleCache();
  const x = noiseSamples(1000, 1);
  for (const format of ["s16", "s24", "s32", "f32"] as const) {
    const path = dir.file(`${format}.wav`);
    const bytes = wavFile([x], 48000, format);
    Deno.writeFileSync(path, bytes);
    const s = loadSample(path, 48000);
    assert.equal(s.format, format);
    assert.equal(s.frames, 1000);
    assert.equal(s.sampleRate, 48000);
    assert.equal(s.sourceSampleRate, 48000);
    assert.deepEqual(s.channels, decodeWav(bytes).channels);
    // Against the file's integers: |error| ≤ half a step of the format (exact for float).
    const step = format === "f32" ? 0 : 2 ** -({ s16: 15, s24: 23, s32: 31 }[format]);
    for (let i = 0; i < 1000; i++) assert.ok(Math.abs(s.channels[0][i] - x[i]) <= step / 2 + 1e-9);
  }
});

Deno.test("loadSample() of a 44.1 kHz file for 48 kHz equals resample() of the decoded file", () => {
  using dir = tempFolder();
  clearSampleCache();
  const path = dir.file("a.wav");
  const bytes = wavFile([noiseSamples(4410, 2), noiseSamples(4410, 3)], 44100, "s16");
  Deno.writeFileSync(path, bytes);
  const s = loadSample(path, 48000);
  assert.equal(s.frames, 4800);
  assert.equal(s.sourceSampleRate, 44100);
  assert.deepEqual(s.channels, resample(decodeWav(bytes), 48000));
});

Deno.test("loadSample() keeps mono mono, stereo stereo, and the first two channels of a 4-channel file", () => {
  using dir = tempFolder();
  clearSampleCache();
  const chans = [1, 2, 3, 4].map((seed) => noiseSamples(64, seed));
  Deno.writeFileSync(dir.file("m.wav"), wavFile(chans.slice(0, 1), 48000, "f32"));
  Deno.writeFileSync(dir.file("s.wav"), wavFile(chans.slice(0, 2), 48000, "f32"));
  Deno.writeFileSync(dir.file("q.wav"), wavFile(chans, 48000, "f32"));
  assert.equal(loadSample(dir.file("m.wav"), 48000).channels.length, 1);
  assert.deepEqual(loadSample(dir.file("s.wav"), 48000).channels, chans.slice(0, 2));
  const q = loadSample(dir.file("q.wav"), 48000);
  assert.deepEqual(q.channels, chans.slice(0, 2));
  assert.equal(q.sourceChannels, 4);
});

Deno.test("loadSample() a second time is a hit (no decode); another rate is another entry; bytes counted", () => {
  using dir = tempFolder();
  clearSampleCache();
  const path = dir.file("k.wav");
  Deno.writeFileSync(path, wavFile([noiseSamples(4410, 4)], 44100, "s16"));
  const first = loadSample(path, 48000);
  assert.deepEqual(sampleCacheStats(), { decodes: 1, hits: 0, bytes: 4800 * 4, entries: 1 });
  assert.equal(loadSample(path, 48000), first);
  assert.equal(loadSample(path, 48000), first);
  assert.deepEqual(sampleCacheStats(), { decodes: 1, hits: 2, bytes: 4800 * 4, entries: 1 });
  const native = loadSample(path, 44100);
  assert.equal(native.frames, 4410);
  assert.deepEqual(sampleCacheStats(), {
    decodes: 2,
    hits: 2,
    bytes: (4800 + 4410) * 4,
    entries: 2,
  });
  clearSampleCache();
  assert.deepEqual(sampleCacheStats(), { decodes: 0, hits: 0, bytes: 0, entries: 0 });
  assert.notEqual(loadSample(path, 48000), first);
});

Deno.test("loadSample() decodes a changed file again: new size, or same size with a new mtime", () => {
  using dir = tempFolder();
  clearSampleCache();
  const path = dir.file("k.wav");
  Deno.writeFileSync(path, wavFile([noiseSamples(100, 5)], 48000, "f32"));
  Deno.utimeSync(path, 1_000_000, 1_000_000);
  const a = loadSample(path, 48000);
  Deno.writeFileSync(path, wavFile([noiseSamples(200, 6)], 48000, "f32"));
  Deno.utimeSync(path, 1_000_000, 1_000_000); // same mtime: the size alone tells
  const b = loadSample(path, 48000);
  assert.equal(b.frames, 200);
  const same = noiseSamples(200, 7);
  Deno.writeFileSync(path, wavFile([same], 48000, "f32"));
  Deno.utimeSync(path, 1_000_005, 1_000_005); // same size: the mtime alone tells
  const c = loadSample(path, 48000);
  assert.deepEqual(c.channels[0], same);
  assert.notEqual(a, b);
  assert.deepEqual(sampleCacheStats(), { decodes: 3, hits: 0, bytes: 800, entries: 1 });
  assert.equal(loadSample(path, 48000), c);
});

Deno.test("the cache lives on globalThis: a re-imported copy of the module hits what this one loaded", async () => {
  using dir = tempFolder();
  clearSampleCache();
  const path = dir.file("k.wav");
  Deno.writeFileSync(path, wavFile([noiseSamples(100, 8)], 48000, "f32"));
  const a = loadSample(path, 48000);
  const copy: typeof import("../../../../runtime/core/samples/cache.ts") = await import(
    `../../../../runtime/core/samples/cache.ts?reimport=${Date.now()}`
  );
  assert.notEqual(copy.loadSample, loadSample); // really another instance of the module
  assert.equal(copy.loadSample(path, 48000), a);
  assert.deepEqual(sampleCacheStats(), { decodes: 1, hits: 1, bytes: 400, entries: 1 });
});

Deno.test("loadSample() resolves paths against the session file; a symlink shares its target's entry", () => {
  using dir = tempFolder();
  clearSampleCache();
  Deno.mkdirSync(dir.file("kit"));
  const target = dir.file("kit/kick.wav");
  Deno.writeFileSync(target, wavFile([noiseSamples(10, 9)], 48000, "f32"));
  const session = dir.file("set.lel.ts");
  const a = loadSample("kit/kick.wav", 48000, { base: session });
  assert.equal(a.path, Deno.realPathSync(target));
  const b = loadSample("./kick.wav", 48000, {
    base: new URL(`file://${dir.file("kit/x.lel.ts")}`),
  });
  assert.equal(b, a);
  Deno.symlinkSync(target, dir.file("alias.wav"));
  assert.equal(loadSample("alias.wav", 48000, { base: session }), a);
  assert.equal(sampleCacheStats().decodes, 1);
});

Deno.test("loadSample() errors: missing, folder, empty, not a WAV, no frames, each a SampleError that says what to do", () => {
  using dir = tempFolder();
  clearSampleCache();
  const session = dir.file("set.lel.ts");
  const where = Deno.realPathSync(dir.path);
  const fails = (name: string, message: string) => {
    try {
      loadSample(name, 48000, { base: session });
    } catch (error) {
      assert.ok(error instanceof SampleError, String(error));
      assert.equal(error.message, message);
      assert.equal(error.requested, name);
      assert.match(error.path, /^\//);
      return;
    }
    assert.fail(`loading '${name}' did not throw`);
  };
  fails(
    "kick.wav",
    `Cannot load sample 'kick.wav': file not found (looked in '${dir.path}/kick.wav'); check the name and that the path is relative to the session file`,
  );
  Deno.mkdirSync(dir.file("kit.wav"));
  fails(
    "kit.wav",
    `Cannot load sample 'kit.wav': '${where}/kit.wav' is a folder; give the path of a .wav file`,
  );
  Deno.writeFileSync(dir.file("empty.wav"), new Uint8Array(0));
  fails(
    "empty.wav",
    `Cannot load sample 'empty.wav': '${where}/empty.wav' is empty (0 bytes); export or render the sample again`,
  );
  Deno.writeTextFileSync(dir.file("notes.wav"), "ID3 not really audio");
  fails(
    "notes.wav",
    `Cannot load sample 'notes.wav': '${where}/notes.wav' is not a WAV file lel can read: expected 'RIFF' at byte 0, found 'ID3 '; export it as WAV (PCM 8/16/24/32-bit or float 32/64-bit)`,
  );
  Deno.writeFileSync(dir.file("none.wav"), wavFile([new Float32Array(0)], 48000, "s16"));
  fails(
    "none.wav",
    `Cannot load sample 'none.wav': '${where}/none.wav' holds no audio (0 frames); export or render the sample again`,
  );
  const truncated = wavFile([noiseSamples(100, 1)], 48000, "s16").subarray(0, 100);
  Deno.writeFileSync(dir.file("cut.wav"), truncated);
  fails(
    "cut.wav",
    `Cannot load sample 'cut.wav': '${where}/cut.wav' is not a WAV file lel can read: chunk 'data' at byte 36 says 200 bytes but only 56 remain (is the file truncated?); export it as WAV (PCM 8/16/24/32-bit or float 32/64-bit)`,
  );
  assert.deepEqual(sampleCacheStats(), { decodes: 0, hits: 0, bytes: 0, entries: 0 });
  // Fixed on disk, the same name loads.
  Deno.writeFileSync(dir.file("cut.wav"), wavFile([noiseSamples(100, 1)], 48000, "s16"));
  assert.equal(loadSample("cut.wav", 48000, { base: session }).frames, 100);
});

Deno.test("loadSample() without read permission is a SampleError saying so", async () => {
  using dir = tempFolder();
  const path = dir.file("k.wav");
  Deno.writeFileSync(path, wavFile([noiseSamples(10, 1)], 48000, "s16"));
  const cache = new URL("../../../../runtime/core/samples/cache.ts", import.meta.url).href;
  const script = dir.file("load.ts");
  Deno.writeTextFileSync(
    script,
    `import { loadSample } from "${cache}";
    try { loadSample(${
      JSON.stringify(path)
    }, 48000); } catch (e) { console.log(\`\${e.name}: \${e.message}\`); }`,
  );
  // No --allow-read: imports still load, but the sample cannot be looked at.
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-config", "--no-check", "--no-prompt", script],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout).trim();
  assert.equal(
    text,
    `SampleError: Cannot load sample '${path}': permission denied reading '${path}'; make the file readable (and run lel with --allow-read)`,
    new TextDecoder().decode(out.stderr),
  );
});

Deno.test("storeIfCurrent() keeps a worker's sample only while the file is what it read", () => {
  using dir = tempFolder();
  clearSampleCache();
  const path = dir.file("k.wav");
  const oldBytes = wavFile([noiseSamples(100, 1)], 48000, "f32");
  Deno.writeFileSync(path, oldBytes);
  Deno.utimeSync(path, 1_000_000, 1_000_000);
  const real = Deno.realPathSync(path);
  const oldStat = { size: oldBytes.length, mtimeMs: 1_000_000_000 };
  const oldData = sampleFromBytes(oldBytes, "k.wav", real, 48000);
  // The file changes (and a load here caches the new version) before the old reply lands.
  Deno.writeFileSync(path, wavFile([noiseSamples(200, 2)], 48000, "f32"));
  const fresh = loadSample(path, 48000);
  assert.equal(storeIfCurrent(oldData, oldStat), false);
  assert.equal(loadSample(path, 48000), fresh);
  assert.deepEqual(sampleCacheStats(), { decodes: 2, hits: 1, bytes: 800, entries: 1 });
  // A reply about the file as it is now is stored.
  clearSampleCache();
  const info = Deno.statSync(path);
  const current = sampleFromBytes(Deno.readFileSync(path), "k.wav", real, 48000);
  assert.equal(storeIfCurrent(current, { size: info.size, mtimeMs: info.mtime!.getTime() }), true);
  assert.equal(loadSample(path, 48000), current);
  // A file gone by the time the reply lands is not stored.
  Deno.removeSync(path);
  assert.equal(storeIfCurrent(current, { size: info.size, mtimeMs: info.mtime!.getTime() }), false);
});
