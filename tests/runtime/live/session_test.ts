import assert from "node:assert/strict";
import { join } from "node:path";
import { Engine } from "../../../runtime/core/engine.ts";
import { Session } from "../../../runtime/live/session.ts";
import { quietly } from "../../_utils.ts";

const SR = 48000;

async function setup() {
  const dir = await Deno.makeTempDir({ prefix: "lel-test-song-" });
  const engine = new Engine({ sampleRate: SR, fadeTime: 0, channels: 1, softClip: false });
  const session = new Session(join(dir, "song.lel.ts"), engine);
  const write = (name: string, text: string) => Deno.writeTextFile(join(dir, name), text);
  const render = (frames: number) => {
    const out = [new Float64Array(frames)];
    engine.process(out, frames);
    return out[0];
  };
  const cleanup = async () => {
    await session.close();
    engine.dispose();
    await Deno.remove(dir, { recursive: true });
  };
  return { dir, engine, session, write, render, cleanup };
}

Deno.test("a session loads, and a save of a local module it imports reloads with the new value", async () => {
  const t = await setup();
  try {
    await t.write("level.ts", "export const level = 0.25;\n");
    // Sessions register into the process engine; these tests point them at their own.
    await t.write(
      "song.lel.ts",
      `import { level } from "./level.ts";\nexport const x = level;\n(globalThis as any).__lelTestEngine.register("dc", () => level);\n`,
    );
    (globalThis as unknown as { __lelTestEngine: Engine }).__lelTestEngine = t.engine;
    const first = await t.session.load();
    assert.equal(first.kind, "committed");
    assert.equal(t.render(4)[3], 0.25);
    assert.deepEqual(t.session.files.map((f) => f.split("/").pop()), ["song.lel.ts", "level.ts"]);
    await t.write("level.ts", "export const level = 0.5;\n");
    const second = await t.session.load();
    assert.equal(second.kind, "committed");
    assert.equal(t.render(4)[3], 0.5);
    assert.equal((await t.session.load()).kind, "unchanged");
  } finally {
    await t.cleanup();
  }
});

Deno.test("a syntax error keeps the previous version and reports file:line:col with a caret frame", async () => {
  const t = await setup();
  (globalThis as unknown as { __lelTestEngine: Engine }).__lelTestEngine = t.engine;
  try {
    await t.write(
      "song.lel.ts",
      `(globalThis as any).__lelTestEngine.register("dc", () => 0.125);\n`,
    );
    assert.equal((await t.session.load()).kind, "committed");
    await t.write(
      "song.lel.ts",
      `const a = 1;\nconst b = ;\n(globalThis as any).__lelTestEngine.register("dc", () => 0.5);\n`,
    );
    const outcome = await t.session.load();
    assert.equal(outcome.kind, "failed");
    if (outcome.kind !== "failed") return;
    const text = outcome.error.format();
    assert.match(text, /song\.lel\.ts:2:11: Expression expected \(SyntaxError\)/);
    assert.match(text, /2 \| const b = ;\n {2}\| {11}\^/);
    assert.ok(!text.includes("lel-session-"), `mirror path leaked: ${text}`);
    assert.equal(t.render(4)[3], 0.125);
  } finally {
    await t.cleanup();
  }
});

Deno.test("an exception while the session runs aborts the whole generation", async () => {
  const t = await setup();
  (globalThis as unknown as { __lelTestEngine: Engine }).__lelTestEngine = t.engine;
  try {
    await t.write(
      "song.lel.ts",
      `(globalThis as any).__lelTestEngine.register("dc", () => 0.125);\n`,
    );
    await t.session.load();
    await t.write(
      "song.lel.ts",
      `const e = (globalThis as any).__lelTestEngine;\ne.register("dc", () => 0.5);\ne.register("other", () => 0.25);\nthrow new RangeError("half-built");\n`,
    );
    const { value: outcome } = await quietly(() => t.session.load());
    assert.equal(outcome.kind, "failed");
    if (outcome.kind !== "failed") return;
    assert.match(outcome.error.format(), /song\.lel\.ts:4:7: RangeError: half-built/);
    assert.deepEqual(t.engine.signals().map((s) => s.name), ["dc"]);
    assert.equal(t.render(4)[3], 0.125);
  } finally {
    await t.cleanup();
  }
});

Deno.test("import.meta in a reloaded session still describes the user's file", async () => {
  const t = await setup();
  (globalThis as unknown as { __lelTestEngine: Engine }).__lelTestEngine = t.engine;
  try {
    await t.write(
      "song.lel.ts",
      `(globalThis as any).__lelMetaSeen = [import.meta.url, import.meta.resolve("./kick.wav")];\n`,
    );
    await t.session.load();
    const [url, kick] = (globalThis as unknown as { __lelMetaSeen: string[] }).__lelMetaSeen;
    assert.equal(url, new URL(`file://${join(t.dir, "song.lel.ts")}`).href);
    assert.equal(kick, new URL(`file://${join(t.dir, "kick.wav")}`).href);
  } finally {
    await t.cleanup();
  }
});

Deno.test("a deleted session reports missing and keeps playing", async () => {
  const t = await setup();
  (globalThis as unknown as { __lelTestEngine: Engine }).__lelTestEngine = t.engine;
  try {
    await t.write(
      "song.lel.ts",
      `(globalThis as any).__lelTestEngine.register("dc", () => 0.125);\n`,
    );
    await t.session.load();
    await Deno.remove(join(t.dir, "song.lel.ts"));
    assert.equal((await t.session.load()).kind, "missing");
    assert.equal(t.render(4)[3], 0.125);
  } finally {
    await t.cleanup();
  }
});

Deno.test("a session's register() and lel go to the engine the Session was given, not the process engine (regression: they went to the process engine)", async () => {
  const t = await setup();
  try {
    const mod = new URL("../../../mod.ts", import.meta.url).href;
    await t.write(
      "song.lel.ts",
      `import { lel, register, saw } from ${
        JSON.stringify(mod)
      };\nregister("dc", () => 0.125);\nlel\`buzz: saw 55 |> gain 0\`;\n`,
    );
    const first = await t.session.load();
    assert.equal(first.kind, "committed");
    assert.deepEqual(t.engine.signals().map((s) => s.name), ["dc", "buzz"]);
    assert.equal(t.render(4)[3], 0.125);
    const { engine } = await import("../../../runtime/core/process_engine.ts");
    assert.ok(!engine().signals().some((s) => s.name === "dc" || s.name === "buzz"));
  } finally {
    await t.cleanup();
  }
});

Deno.test("a helper a module builds at its top level, kept from one load to the next, plays on as it is", async () => {
  const t = await setup();
  try {
    const mod = new URL("../../../mod.ts", import.meta.url).href;
    await t.write(
      "voice.ts",
      `import { saw } from ${JSON.stringify(mod)};\nexport const pad = saw(110);\n`,
    );
    const song = (gain: number) =>
      `import { register, gain } from ${
        JSON.stringify(mod)
      };\nimport { pad } from "./voice.ts";\nregister("pad", pad);\nregister("level", () => ${gain});\n`;
    await t.write("song.lel.ts", song(0.1));
    assert.equal((await t.session.load()).kind, "committed");
    await t.write("song.lel.ts", song(0.2));
    const second = await t.session.load();
    assert.equal(second.kind, "committed", second.kind === "failed" ? second.error.format() : "");
    assert.ok(second.kind === "committed" && second.report.kept.includes("pad"));
  } finally {
    await t.cleanup();
  }
});
