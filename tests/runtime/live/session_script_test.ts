/**
 * Loads evaluated as functions (`evaluation: "script"`, the default) behave like loads imported
 * as modules: the same bindings, errors at the same places, and a fallback to modules for what
 * cannot be evaluated. They add no module per reload (issue 9, bounded memory).
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import type { Engine } from "../../../runtime/core/engine.ts";
import { resetEngine } from "../../../runtime/core/process_engine.ts";
import { type LoadOutcome, Session } from "../../../runtime/live/session.ts";
import { quietly } from "../../_utils.ts";

const SR = 48000;
const MOD = new URL("../../../mod.ts", import.meta.url).href;

async function setup(evaluation: "script" | "module") {
  const dir = await Deno.makeTempDir({ prefix: "lel-test-script-" });
  const tempDir = join(dir, "tmp");
  await Deno.mkdir(tempDir);
  const engine: Engine = resetEngine({ sampleRate: SR, fadeTime: 0, channels: 1, softClip: false });
  const path = join(dir, "set.lel.ts");
  const session = new Session(path, engine, { evaluation, tempDir });
  const write = (name: string, text: string) => Deno.writeTextFile(join(dir, name), text);
  const render = (frames = 4) => {
    const out = [new Float64Array(frames)];
    engine.process(out, frames);
    return out[0];
  };
  const versions = async () => {
    const names: string[] = [];
    try {
      for await (const e of Deno.readDir(join(tempDir, "lel-mirror"))) names.push(e.name);
    } catch {
      // No mirror folder: nothing was imported as a module.
    }
    return names;
  };
  const cleanup = async () => {
    await session.close();
    resetEngine();
    await Deno.remove(dir, { recursive: true });
  };
  return { dir, path, engine, session, write, render, versions, cleanup };
}

/** A session using every import and export form the evaluator takes, in TypeScript. */
const FILES: Record<string, string> = {
  "set.lel.ts": `import { register, type Param } from "${MOD}";
import scale, { base as root, Tuning } from "./lib/tune.ts";
import * as all from "./lib/all.ts";
import "./lib/side.ts";
const level: number = (globalThis as any).__lelSide;
const meta = import.meta.url.endsWith("/set.lel.ts") ? 1 / 128 : 0;
register("a", (() => root * scale(2) + all.more + new Tuning().offset + level + meta) as Param);
export const unused = 1;
`,
  "lib/tune.ts": `export const base: number = 0.125;
export default function scale(x: number): number { return x / 8; }
export class Tuning { offset = 0.0625; }
`,
  "lib/more.ts": "const m = 1 / 32;\nexport { m as more };\nexport let other = 0;\n",
  "lib/all.ts": `export * from "./more.ts";\nexport { base as b } from "./tune.ts";\n`,
  "lib/side.ts": "(globalThis as any).__lelSide = 1 / 64;\n",
};
const EXPECTED = 0.125 * (2 / 8) + 1 / 32 + 0.0625 + 1 / 64 + 1 / 128;

async function writeAll(t: Awaited<ReturnType<typeof setup>>) {
  await Deno.mkdir(join(t.dir, "lib"));
  for (const [name, text] of Object.entries(FILES)) await t.write(name, text);
}

for (const evaluation of ["script", "module"] as const) {
  Deno.test(`${evaluation} loads bind every import and export form the same way`, async () => {
    const t = await setup(evaluation);
    try {
      await writeAll(t);
      const outcome = await t.session.load();
      assert.equal(outcome.kind, "committed", JSON.stringify(outcome));
      assert.equal(t.render()[3], EXPECTED);
      // Editing a module the session imports is heard too.
      await t.write("lib/tune.ts", FILES["lib/tune.ts"].replace("0.125", "0.25"));
      assert.equal((await t.session.load()).kind, "committed");
      assert.equal(t.render()[3], EXPECTED + 0.125 * (2 / 8));
      const folders = await t.versions();
      if (evaluation === "script") assert.deepEqual(folders, []);
      else assert.equal(folders.length, 1);
    } finally {
      delete (globalThis as Record<string, unknown>).__lelSide;
      await t.cleanup();
    }
  });
}

/** The error block of a failed load. */
async function failure(t: Awaited<ReturnType<typeof setup>>): Promise<string> {
  const { value: outcome } = await quietly(() => t.session.load());
  assert.equal(outcome.kind, "failed");
  return (outcome as Extract<LoadOutcome, { kind: "failed" }>).error.format();
}

Deno.test("an error thrown by an evaluated session is located in the user's file, line 1 included", async () => {
  for (const evaluation of ["script", "module"] as const) {
    const t = await setup(evaluation);
    try {
      await t.write("set.lel.ts", `throw new RangeError("first line");\n`);
      const first = await failure(t);
      await t.write("set.lel.ts", `import { register } from "${MOD}";\nconst x = 1;\n  nope();\n`);
      const third = await failure(t);
      const o = t.session.origin;
      assert.match(
        first,
        new RegExp(`^${o}:1:7: RangeError: first line\\n1 \\| throw`),
        evaluation,
      );
      assert.match(third, new RegExp(`^${o}:3:3: ReferenceError: nope is not defined`), evaluation);
      assert.ok(!first.includes("lel-eval") && !third.includes("lel-eval"), first + third);
    } finally {
      await t.cleanup();
    }
  }
});

Deno.test("a signal from an evaluated session that throws while playing is reported at its line", async () => {
  const seen: string[] = [];
  for (const evaluation of ["script", "module"] as const) {
    const t = await setup(evaluation);
    try {
      await t.write(
        "set.lel.ts",
        // After the shadow render's window (50 ms), so the live fault is what is tested here.
        `import { register } from "${MOD}";\nregister("bad", (s) => {\n  if (s.t > 0.1) throw new Error("boom");\n  return 0;\n});\n`,
      );
      assert.equal((await t.session.load()).kind, "committed");
      await quietly(() => t.render(9600));
      const fault = t.engine.faults.at(-1);
      assert.ok(fault !== undefined, "no fault was reported");
      assert.equal(fault.signal, "bad");
      seen.push(String(fault.location).replace(t.dir, "<dir>"));
    } finally {
      await t.cleanup();
    }
  }
  // `new Error` is at column 24 of line 3, in both.
  assert.deepEqual(seen, ["<dir>/set.lel.ts:3:24", "<dir>/set.lel.ts:3:24"]);
});

Deno.test("a module the evaluator cannot take (an enum) is imported as a module instead", async () => {
  const t = await setup("script");
  try {
    await t.write(
      "set.lel.ts",
      `import { register } from "${MOD}";\nenum Level { Low = 1, High = 2 }\nregister("a", () => Level.High / 8);\n`,
    );
    assert.equal((await t.session.load()).kind, "committed");
    assert.equal(t.render()[3], 0.25);
    assert.equal((await t.versions()).length, 1);
  } finally {
    await t.cleanup();
  }
});

Deno.test("a DSL error in an evaluated session reads exactly as in an imported one", async () => {
  const seen: string[] = [];
  for (const evaluation of ["script", "module"] as const) {
    const t = await setup(evaluation);
    try {
      await t.write(
        "set.lel.ts",
        `import { lel } from "${MOD}";\n\nlel\`\n  lead: sin 440 |> lowpas 800\n\`;\n`,
      );
      seen.push((await failure(t)).replace(t.session.origin, "<set>"));
    } finally {
      await t.cleanup();
    }
  }
  assert.match(seen[0], /^<set>:4:\d+: .*lowpas/);
  assert.equal(seen[0], seen[1]);
});

Deno.test("code V8 refuses after the types are stripped reports as an imported module would", async () => {
  const seen: string[] = [];
  for (const evaluation of ["script", "module"] as const) {
    const t = await setup(evaluation);
    try {
      await t.write("set.lel.ts", `const a: number = 1;\nconst b = 2;\nlet a = 3;\n`);
      seen.push((await failure(t)).replaceAll(t.dir, "<dir>"));
    } finally {
      await t.cleanup();
    }
  }
  assert.match(seen[0], /^(?:<dir>\/)?set\.lel\.ts:3:5: SyntaxError: Identifier 'a' has already/);
  assert.equal(seen[0], seen[1]);
});
