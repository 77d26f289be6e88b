/**
 * Preloading in a worker: the cache is filled with exactly what a synchronous load decodes,
 * each file once, errors arrive as the same SampleError, buffers are transferred, and the main
 * thread keeps running while the worker decodes.
 * @module
 */

import assert from "node:assert/strict";
import {
  clearSampleCache,
  loadSample,
  sampleCacheStats,
} from "../../../../runtime/core/samples/cache.ts";
import { preloadSamples } from "../../../../runtime/core/samples/preload.ts";
import { sampleFromBytes } from "../../../../runtime/core/samples/read_sample.ts";
import { SampleError } from "../../../../runtime/core/samples/sample_error.ts";
import { type DecodeReply, postReply } from "../../../../runtime/core/samples/_worker_protocol.ts";
import { noiseSamples, tempFolder, wavFile } from "./_fixtures.ts";

Deno.test("preloadSamples() decodes in a worker: the next loadSample() is a hit with the same samples as a synchronous load", async () => {
  using dir = tempFolder();
  clearSampleCache();
  const path = dir.file("k.wav");
  const bytes = wavFile([noiseSamples(4410, 1), noiseSamples(4410, 2)], 44100, "s24");
  Deno.writeFileSync(path, bytes);
  await preloadSamples([path], 48000);
  assert.deepEqual(sampleCacheStats(), { decodes: 1, hits: 0, bytes: 2 * 4800 * 4, entries: 1 });
  const s = loadSample(path, 48000);
  assert.deepEqual(sampleCacheStats().hits, 1);
  assert.equal(sampleCacheStats().decodes, 1);
  const reference = sampleFromBytes(bytes, path, Deno.realPathSync(path), 48000);
  assert.deepEqual(s, reference);
});

Deno.test("preloadSamples() decodes each file once: duplicates, a symlink and cached files are skipped", async () => {
  using dir = tempFolder();
  clearSampleCache();
  for (const [i, name] of ["a", "b", "c"].entries()) {
    Deno.writeFileSync(dir.file(`${name}.wav`), wavFile([noiseSamples(100, i)], 48000, "s16"));
  }
  Deno.symlinkSync(dir.file("a.wav"), dir.file("link.wav"));
  loadSample(dir.file("c.wav"), 48000);
  const base = dir.file("set.lel.ts");
  await preloadSamples(["a.wav", "b.wav", "a.wav", "link.wav", "c.wav"], 48000, { base });
  assert.deepEqual(sampleCacheStats(), { decodes: 3, hits: 0, bytes: 3 * 400, entries: 3 });
  await preloadSamples(["a.wav", "b.wav"], 48000, { base });
  assert.equal(sampleCacheStats().decodes, 3);
  // A preload for another rate is another decode.
  await preloadSamples(["a.wav"], 44100, { base });
  assert.equal(sampleCacheStats().decodes, 4);
});

Deno.test("preloadSamples() called twice at once decodes a file once and both calls resolve", async () => {
  using dir = tempFolder();
  clearSampleCache();
  const path = dir.file("k.wav");
  Deno.writeFileSync(path, wavFile([noiseSamples(44100, 3)], 44100, "s16"));
  await Promise.all([preloadSamples([path], 48000), preloadSamples([path], 48000)]);
  assert.equal(sampleCacheStats().decodes, 1);
  assert.equal(loadSample(path, 48000).frames, 48000);
});

Deno.test("preloadSamples() rejects with the first file's SampleError after caching the good ones", async () => {
  using dir = tempFolder();
  clearSampleCache();
  const base = dir.file("set.lel.ts");
  Deno.writeFileSync(dir.file("good.wav"), wavFile([noiseSamples(100, 4)], 48000, "f32"));
  Deno.writeTextFileSync(dir.file("text.wav"), "not audio, only words");
  let sync: unknown;
  try {
    loadSample("text.wav", 48000, { base });
  } catch (error) {
    sync = error;
  }
  assert.ok(sync instanceof SampleError);
  await assert.rejects(
    () => preloadSamples(["text.wav", "good.wav", "gone.wav"], 48000, { base }),
    (error: unknown) => {
      // The worker's error, rebuilt on this side: the same class and message as a load here.
      assert.ok(error instanceof SampleError);
      assert.equal(error.message, sync.message);
      assert.match(error.message, /'text\.wav'.*expected 'RIFF' at byte 0, found 'not '/);
      assert.equal(error.path, Deno.realPathSync(dir.file("text.wav")));
      return true;
    },
  );
  assert.equal(sampleCacheStats().entries, 1);
  assert.equal(loadSample("good.wav", 48000, { base }).frames, 100);
  assert.equal(sampleCacheStats().hits, 1);
  await assert.rejects(
    () => preloadSamples(["gone.wav"], 48000, { base }),
    /^SampleError: Cannot load sample 'gone\.wav': file not found/,
  );
});

Deno.test("preloadSamples() of nothing resolves and decodes nothing", async () => {
  clearSampleCache();
  await preloadSamples([], 48000);
  assert.deepEqual(sampleCacheStats(), { decodes: 0, hits: 0, bytes: 0, entries: 0 });
});

Deno.test("the worker transfers sample buffers: they arrive whole and are detached on the sending side", async () => {
  const { port1, port2 } = new MessageChannel();
  const left = noiseSamples(1000, 5);
  const right = noiseSamples(1000, 6);
  const reply: DecodeReply = {
    id: 0,
    ok: true,
    data: {
      path: "/k.wav",
      sampleRate: 48000,
      frames: 1000,
      channels: [left, right],
      sourceSampleRate: 48000,
      sourceChannels: 2,
      format: "f32",
    },
    size: 8044,
    mtimeMs: 1,
  };
  const copies = [left.slice(), right.slice()];
  const received = new Promise<DecodeReply>((resolve) => {
    port2.onmessage = (event) => resolve(event.data);
  });
  postReply(port1, reply);
  assert.equal(left.byteLength, 0); // transferred, not copied
  assert.equal(right.byteLength, 0);
  const got = await received;
  assert.ok(got.ok);
  assert.deepEqual(got.data.channels, copies);
  port1.close();
  port2.close();
});

Deno.test("preloadSamples() leaves the main thread running while the worker decodes", async () => {
  using dir = tempFolder();
  clearSampleCache();
  const path = dir.file("long.wav");
  // 20 s at 44.1 kHz: about 0.5 s of resampling, all of it in the worker.
  Deno.writeFileSync(path, wavFile([noiseSamples(20 * 44100, 7)], 44100, "s16"));
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  try {
    await preloadSamples([path], 48000);
  } finally {
    clearInterval(timer);
  }
  // A decode on this thread would block every timer until it finished.
  assert.ok(ticks > 0, `${ticks} timer callbacks ran during the preload`);
  assert.equal(loadSample(path, 48000).frames, 20 * 48000);
});
