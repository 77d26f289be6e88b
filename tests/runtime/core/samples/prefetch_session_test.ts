/**
 * `prefetchSessionSamples`: what a session loader calls before running a session, so every
 * `sample()` the session builds is a cache hit.
 * @module
 */

import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { prefetchSessionSamples } from "../../../../runtime/core/samples/prefetch_session.ts";
import { clearSampleCache, sampleCacheStats } from "../../../../runtime/core/samples/cache.ts";
import { sample } from "../../../../helpers/sampler/sample.ts";
import { noiseSamples, tempFolder, wavFile } from "./_fixtures.ts";

Deno.test("prefetchSessionSamples() decodes what a session and its modules name, each against its own folder; the build then decodes nothing", async () => {
  using dir = tempFolder();
  Deno.mkdirSync(dir.file("drums"));
  Deno.writeFileSync(dir.file("kick.wav"), wavFile([noiseSamples(441, 1)], 44100, "s16"));
  Deno.writeFileSync(dir.file("drums/hat.wav"), wavFile([noiseSamples(300, 2)], 48000, "s16"));
  const session = dir.file("set.lel.ts");
  const module = dir.file("drums/kit.ts");
  const texts = new Map([
    [
      pathToFileURL(session).href,
      `import "./drums/kit.ts";\nlel\`k: trig "x" |> sample "kick.wav"\`;`,
    ],
    [module, `export const hat = (t) => sample(t, "hat.wav"); // "not-this.wav"`],
  ]);
  clearSampleCache();
  const result = await prefetchSessionSamples(texts, 48000);
  assert.deepEqual(result, { paths: [dir.file("kick.wav"), dir.file("drums/hat.wav")], failed: 0 });
  const decoded = sampleCacheStats();
  assert.equal(decoded.decodes, 2, "both decoded, in the worker");
  assert.equal(decoded.entries, 2);
  sample(1, "kick.wav", { from: session });
  sample(1, "hat.wav", { from: module });
  assert.equal(sampleCacheStats().decodes, 2, "the build decoded nothing");
  assert.equal(sampleCacheStats().hits, decoded.hits + 2);
  // Again (a reload with nothing changed): nothing to decode.
  await prefetchSessionSamples(texts, 48000);
  assert.equal(sampleCacheStats().decodes, 2);
});

Deno.test("prefetchSessionSamples() reads the files itself when given paths, and counts a missing sample without rejecting", async () => {
  using dir = tempFolder();
  Deno.writeFileSync(dir.file("snare.wav"), wavFile([noiseSamples(100, 3)], 48000, "f32"));
  Deno.writeTextFileSync(dir.file("set.lel.ts"), `sample(t, "snare.wav"); sample(t, "gone.wav");`);
  clearSampleCache();
  const result = await prefetchSessionSamples(
    [dir.file("set.lel.ts"), dir.file("unreadable-module.ts")],
    48000,
  );
  assert.deepEqual(result, { paths: [dir.file("snare.wav"), dir.file("gone.wav")], failed: 1 });
  assert.equal(sampleCacheStats().decodes, 1);
  assert.deepEqual(await prefetchSessionSamples([], 48000), { paths: [], failed: 0 });
});
