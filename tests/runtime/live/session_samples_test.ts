/**
 * The session loader decodes a session's samples before running it: every `sample()` the
 * session and its local modules build is then a cache hit, a missing file is a located error
 * that keeps the previous version playing, and a changed file is decoded again on its save.
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { engine, resetEngine } from "../../../runtime/core/process_engine.ts";
import { Session } from "../../../runtime/live/session.ts";
import { clearSampleCache, sampleCacheStats } from "../../../runtime/core/samples/cache.ts";
import { noiseSamples, tempFolder, wavFile } from "../core/samples/_fixtures.ts";

const LEL = pathToFileURL(join(import.meta.dirname!, "../../../mod.ts")).href;

Deno.test("a session's samples (its own and a local module's, TypeScript and DSL) are decoded before it runs: the build only hits the cache", async () => {
  using dir = tempFolder();
  Deno.mkdirSync(dir.file("kit"));
  Deno.writeFileSync(dir.file("kick.wav"), wavFile([noiseSamples(4410, 1)], 44100, "s16"));
  Deno.writeFileSync(dir.file("kit/hat.wav"), wavFile([noiseSamples(900, 2)], 48000, "s16"));
  Deno.writeTextFileSync(
    dir.file("kit/hats.ts"),
    `import { lel } from ${JSON.stringify(LEL)};\n` +
      `export function hats() {\n  lel\`hat: trig "x*8" |> sample "hat.wav" 1 choke:1\`;\n}\n`,
  );
  const song = dir.file("song.lel.ts");
  Deno.writeTextFileSync(
    song,
    `import { pulse, register, sample } from ${JSON.stringify(LEL)};\n` +
      `import { hats } from "./kit/hats.ts";\n` +
      `register("kick", sample(pulse(2), "kick.wav"));\nhats();\n`,
  );
  resetEngine({ softClip: false });
  clearSampleCache();
  const session = new Session(song, engine());
  try {
    const first = await session.load();
    assert.equal(first.kind, "committed", first.kind === "failed" ? first.error.format() : "");
    assert.deepEqual(engine().signals().map((s) => s.name).sort(), ["hat", "kick"]);
    const stats = sampleCacheStats();
    assert.equal(stats.decodes, 2, "each file decoded once, in the worker");
    assert.equal(stats.hits, 2, "both sample() calls found their file in the cache");
    // A saved change to the kick: decoded again before the reload runs; the hat is not.
    Deno.writeFileSync(dir.file("kick.wav"), wavFile([noiseSamples(4000, 3)], 44100, "s16"));
    Deno.writeTextFileSync(song, Deno.readTextFileSync(song) + "// saved again\n");
    assert.equal((await session.load()).kind, "committed");
    assert.deepEqual(
      [sampleCacheStats().decodes, sampleCacheStats().hits],
      [3, 4],
      "one decode (the kick), both builds hits",
    );
  } finally {
    await session.close();
    resetEngine();
  }
});

Deno.test("a session naming a missing sample fails with the location of its sample() call and keeps the previous version", async () => {
  using dir = tempFolder();
  Deno.writeFileSync(dir.file("kick.wav"), wavFile([noiseSamples(480, 4)], 48000, "s16"));
  const song = dir.file("song.lel.ts");
  const text = (name: string) =>
    `import { pulse, register, sample } from ${JSON.stringify(LEL)};\n\n` +
    `register("kick", sample(pulse(2), "${name}"));\n`;
  Deno.writeTextFileSync(song, text("kick.wav"));
  resetEngine({ softClip: false });
  const session = new Session(song, engine());
  try {
    assert.equal((await session.load()).kind, "committed");
    Deno.writeTextFileSync(song, text("kik.wav"));
    const failed = await session.load();
    assert.equal(failed.kind, "failed");
    if (failed.kind !== "failed") return;
    assert.equal(failed.error.line, 3);
    assert.equal(failed.error.column, 18);
    assert.match(
      failed.error.message,
      /^SampleError: Cannot load sample 'kik\.wav': file not found \(looked in '.*\/kik\.wav'\)/,
    );
    assert.match(
      failed.error.frame,
      /register\("kick", sample\(pulse\(2\), "kik\.wav"\)\);\n\s+\|\s+\^/,
    );
    assert.deepEqual(engine().signals().map((s) => s.name), ["kick"], "the kick keeps playing");
  } finally {
    await session.close();
    resetEngine();
  }
});
