/**
 * Output unchanged across refactors: every example session (frozen copies under
 * tests/testdata/golden_sessions/) and 200 seeded random chains (a frozen generator) render
 * to the SHA-256 hashes recorded in tests/testdata/golden_hashes.json, compiled and as
 * closures, with a gliding reload halfway through each chain.
 *
 * The hashes were taken on main before the helper-definition refactor. A change that is meant
 * to alter the sound regenerates them with `LEL_UPDATE_GOLDEN=1 deno test -A
 * tests/golden_test.ts` and says why in its commit.
 * @module
 */

import assert from "node:assert/strict";
import { Engine, type Param, resetEngine, setLogger, SILENT_LOGGER } from "../mod.ts";
import { setChainCompiler } from "../runtime/core/chain/mod.ts";
import { build, random, randomChain } from "./testdata/golden_chains.ts";

const HASHES = new URL("./testdata/golden_hashes.json", import.meta.url);
const SESSIONS = ["live", "drone", "rhythm", "texture", "seed"];
const CHAINS = 200;
const SR = 48000;

async function sha256(channels: readonly Float64Array[]): Promise<string> {
  const bytes = new Uint8Array(channels.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of channels) {
    bytes.set(new Uint8Array(c.buffer, c.byteOffset, c.byteLength), at);
    at += c.byteLength;
  }
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Renders one chain on a fresh engine: 4800 frames, a gliding reload at frame 2400. */
function renderChain(seed: number): Float64Array[] {
  const desc = randomChain(random(seed), 4);
  const e = new Engine({ sampleRate: SR, channels: 2, fadeTime: 0, softClip: false });
  const out = [new Float64Array(4800), new Float64Array(4800)];
  try {
    e.register("x", build(desc) as Param);
    e.process(out, 2400);
    e.register("x", build(desc, 1) as Param);
    e.process(out, 2400, 2400);
  } finally {
    e.dispose();
  }
  return out;
}

async function renderSession(name: string, tag: string): Promise<Float64Array[]> {
  const e = resetEngine({ sampleRate: SR, softClip: false });
  const url = new URL(`./testdata/golden_sessions/${name}.lel.ts`, import.meta.url);
  await import(`${url.href}?golden_${tag}`);
  const out = [new Float64Array(2 * SR), new Float64Array(2 * SR)];
  e.process(out, 2 * SR);
  resetEngine();
  return out;
}

async function allHashes(): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  const previousLogger = setLogger(SILENT_LOGGER);
  try {
    for (const compiled of [true, false]) {
      const previous = setChainCompiler(compiled);
      const form = compiled ? "compiled" : "closure";
      try {
        for (const name of SESSIONS) {
          hashes[`session ${name} ${form}`] = await sha256(await renderSession(name, form));
        }
        for (let seed = 1; seed <= CHAINS; seed++) {
          hashes[`chain ${seed} ${form}`] = await sha256(renderChain(seed));
        }
      } finally {
        setChainCompiler(previous);
      }
    }
  } finally {
    setLogger(previousLogger);
  }
  return hashes;
}

Deno.test("every example session and 200 random chains render bit-identically to the recorded hashes", async () => {
  const hashes = await allHashes();
  if (Deno.env.get("LEL_UPDATE_GOLDEN") === "1") {
    await Deno.writeTextFile(HASHES, JSON.stringify(hashes, null, 2) + "\n");
  }
  const recorded: Record<string, string> = JSON.parse(await Deno.readTextFile(HASHES));
  assert.equal(Object.keys(recorded).length, 2 * (SESSIONS.length + CHAINS));
  const differ = Object.keys(recorded).filter((k) => hashes[k] !== recorded[k]);
  assert.deepEqual(differ, [], `renders differ from the recorded hashes: ${differ.join(", ")}`);
});
