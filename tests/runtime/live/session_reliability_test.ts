/**
 * A session load must never commit what a save left half-written, never wedge on a top-level
 * await that never settles, and never act after it was abandoned (issue 9, items 1 and 2), and
 * an import in a comment is not an import.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import type { Engine } from "../../../runtime/core/engine.ts";
import { resetEngine } from "../../../runtime/core/process_engine.ts";
import { withEngineLock } from "../../../runtime/live/engine_lock.ts";
import { type LoadOutcome, Session } from "../../../runtime/live/session.ts";
import { watchSession } from "../../../runtime/live/session_watcher.ts";
import { quietly } from "../../_utils.ts";

const SR = 48000;
const MOD = new URL("../../../mod.ts", import.meta.url).href;

/** A session of two constant signals; `level` is what `a` outputs. */
function twoSignals(level: number): string {
  return `import { register } from "${MOD}";\n` +
    `register("a", () => ${level});\nregister("b", () => 0.125);\n`;
}

async function setup(options: { loadTimeoutMs?: number; evaluation?: "script" | "module" } = {}) {
  const dir = await Deno.makeTempDir({ prefix: "lel-test-reliable-" });
  const engine: Engine = resetEngine({
    sampleRate: SR,
    fadeTime: 0,
    channels: 1,
    softClip: false,
  });
  const path = join(dir, "set.lel.ts");
  const session = new Session(path, engine, options);
  const render = (frames = 4) => {
    const out = [new Float64Array(frames)];
    engine.process(out, frames);
    return out[0];
  };
  const names = () => engine.signals().map((s) => s.name).sort();
  const cleanup = async () => {
    await session.close();
    resetEngine();
    await Deno.remove(dir, { recursive: true });
  };
  return { dir, path, engine, session, render, names, cleanup };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Every commit a watcher produced; fails the test if one of them removed a signal. */
function collect() {
  const outcomes: LoadOutcome[] = [];
  const assertNoneRemoved = () => {
    for (const o of outcomes) {
      if (o.kind === "committed") {
        assert.deepEqual(o.report.removed, [], `a commit removed signals: ${o.report.removed}`);
      }
    }
  };
  return { outcomes, onOutcome: (o: LoadOutcome) => outcomes.push(o), assertNoneRemoved };
}

async function until(what: string, test: () => boolean, ms = 5000): Promise<void> {
  const end = performance.now() + ms;
  while (!test()) {
    if (performance.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

Deno.test("a save that stalls 300 ms mid-write is loaded once, complete, and nothing is removed", async () => {
  const t = await setup();
  try {
    await Deno.writeTextFile(t.path, twoSignals(0.25));
    assert.equal((await t.session.load()).kind, "committed");
    const seen = collect();
    using watcher = watchSession(t.session, { onOutcome: seen.onOutcome });
    // As `sh -c "sleep 0.3; sed s/0.25/0.5/ src" > set.lel.ts` does: truncate, stall, write.
    {
      using file = await Deno.open(t.path, { write: true, truncate: true });
      await sleep(300);
      await file.write(new TextEncoder().encode(twoSignals(0.5)));
    }
    await until("the new value", () => seen.outcomes.some((o) => o.kind === "committed"));
    await watcher.idle();
    seen.assertNoneRemoved();
    assert.deepEqual(seen.outcomes.map((o) => o.kind), ["committed"]);
    assert.deepEqual(t.names(), ["a", "b"]);
    assert.equal(t.render()[3], 0.5 + 0.125);
  } finally {
    await t.cleanup();
  }
});

Deno.test("an empty session file is refused and the previous version keeps playing", async () => {
  const t = await setup();
  try {
    await Deno.writeTextFile(t.path, twoSignals(0.25));
    await t.session.load();
    await Deno.writeTextFile(t.path, "");
    const outcome = await t.session.load();
    assert.equal(outcome.kind, "failed");
    if (outcome.kind !== "failed") return;
    assert.ok(outcome.error.format().startsWith(`${t.session.origin}: The session is empty`));
    assert.deepEqual(t.names(), ["a", "b"]);
    assert.equal(t.render()[3], 0.25 + 0.125);
  } finally {
    await t.cleanup();
  }
});

Deno.test("a save that lands while the session is being imported is loaded again before commit", async () => {
  const t = await setup();
  try {
    // The first evaluation rewrites its own file, as a save landing mid-import would.
    const first = twoSignals(0.25) +
      `if (!(globalThis as any).__lelRewrote) {\n  (globalThis as any).__lelRewrote = true;\n` +
      `  Deno.writeTextFileSync(${JSON.stringify(t.path)}, ${
        JSON.stringify(twoSignals(0.5))
      });\n}\n`;
    await Deno.writeTextFile(t.path, first);
    const outcome = await t.session.load();
    assert.equal(outcome.kind, "committed");
    assert.equal(t.render()[3], 0.5 + 0.125);
    assert.equal((await t.session.load()).kind, "unchanged");
  } finally {
    delete (globalThis as Record<string, unknown>).__lelRewrote;
    await t.cleanup();
  }
});

Deno.test("a storm of 50 saves in 1 s ends with the last one playing and never removes a signal", async () => {
  const t = await setup();
  try {
    await Deno.writeTextFile(t.path, twoSignals(0));
    await t.session.load();
    const seen = collect();
    using watcher = watchSession(t.session, { onOutcome: seen.onOutcome });
    // Each save truncates, then writes 10 ms later (a slow disk); the gaps between saves go
    // around the watcher's 8 ms debounce, so loads start just as the next save truncates.
    for (let k = 1; k <= 50; k++) {
      {
        using file = await Deno.open(t.path, { write: true, truncate: true });
        await sleep(10);
        await file.write(new TextEncoder().encode(twoSignals(k / 64)));
      }
      await sleep(4 + (k % 8));
    }
    await until("the last save", () => t.render()[3] === 50 / 64 + 0.125);
    await sleep(300);
    await watcher.idle();
    seen.assertNoneRemoved();
    assert.ok(seen.outcomes.some((o) => o.kind === "committed"));
    assert.deepEqual(t.names(), ["a", "b"]);
    assert.equal(t.render()[3], 50 / 64 + 0.125);
  } finally {
    await t.cleanup();
  }
});

Deno.test("a top-level await that never settles fails the load in time and releases the engine", async () => {
  const t = await setup({ loadTimeoutMs: 200 });
  // Nothing resolves it while the test runs (the test runner fails a module whose top-level
  // await is still pending when the test file ends, so it is released in `finally`).
  const never = Promise.withResolvers<void>();
  (globalThis as Record<string, unknown>).__lelNever = never;
  try {
    await Deno.writeTextFile(t.path, twoSignals(0.25));
    await t.session.load();
    await Deno.writeTextFile(
      t.path,
      twoSignals(0.5) + "await (globalThis as any).__lelNever.promise;\n",
    );
    const outcome = await t.session.load();
    assert.equal(outcome.kind, "failed");
    if (outcome.kind !== "failed") return;
    assert.equal(
      outcome.error.format(),
      `${t.session.origin}: The session did not finish loading within 0.2 s (a top-level await that ` +
        "never settles?); nothing was applied",
    );
    assert.equal(t.engine.inTransaction, false);
    assert.equal(t.render()[3], 0.25 + 0.125);
    // The lock is free: a REPL evaluation gets its turn, and the next save loads.
    assert.equal(await withEngineLock(() => "ran"), "ran");
    await Deno.writeTextFile(t.path, twoSignals(0.75));
    assert.equal((await t.session.load()).kind, "committed");
    assert.equal(t.render()[3], 0.75 + 0.125);
  } finally {
    never.resolve();
    delete (globalThis as Record<string, unknown>).__lelNever;
    await t.cleanup();
  }
});

for (const evaluation of ["script", "module"] as const) {
  Deno.test(`code of a timed-out ${evaluation} load that resumes later cannot register, in or out of a transaction`, async () => {
    const t = await setup({ loadTimeoutMs: 500, evaluation });
    const g = globalThis as unknown as Record<string, PromiseWithResolvers<void> | boolean>;
    const first = Promise.withResolvers<void>();
    const second = Promise.withResolvers<void>();
    g.__lelGate1 = first;
    g.__lelGate2 = second;
    try {
      await Deno.writeTextFile(t.path, twoSignals(0.25));
      await t.session.load();
      await Deno.writeTextFile(
        t.path,
        `import { register, clear } from "${MOD}";\n` +
          `await (globalThis as any).__lelGate1.promise;\n` +
          `register("late", () => 1);\nregister("a", () => 1);\n(globalThis as any).__lelResumed = true;\n` +
          `setTimeout(() => clear(), 50);\n`,
      );
      const { value: outcomes, errors: logged } = await quietly(async () => {
        const timedOut = await t.session.load();
        await Deno.writeTextFile(
          t.path,
          twoSignals(0.5) + "await (globalThis as any).__lelGate2.promise;\n",
        );
        const next = t.session.load();
        // The abandoned load resumes while the next one's transaction is open...
        await until("the next transaction", () => t.engine.inTransaction);
        first.resolve();
        await until("the abandoned load to resume", () => g.__lelResumed === true);
        second.resolve();
        const committed = await next;
        // ...and its timer fires after that commit, outside any transaction.
        await sleep(150);
        return [timedOut, committed];
      });
      assert.deepEqual(outcomes.map((o) => o.kind), ["failed", "committed"]);
      assert.deepEqual(t.names(), ["a", "b"]);
      assert.equal(t.render()[3], 0.5 + 0.125);
      assert.ok(
        logged.some((line) => /called register\(\) after that load ended/.test(line)) &&
          logged.some((line) => /called clear\(\) after that load ended/.test(line)),
        `expected log lines about the ignored calls, got ${JSON.stringify(logged)}`,
      );
    } finally {
      first.resolve();
      second.resolve();
      delete g.__lelGate1;
      delete g.__lelGate2;
      delete g.__lelResumed;
      await t.cleanup();
    }
  });
}

Deno.test("an import written in a comment, a string or a template is not loaded", async () => {
  const t = await setup();
  try {
    await Deno.writeTextFile(
      t.path,
      `// import { x } from "./missing.ts"\n/* import "./gone.ts"; */\n` +
        `const s = 'import("./nope.ts")';\nconst u = \`import y from "./nah.ts"\`;\n` +
        twoSignals(0.25),
    );
    const outcome = await t.session.load();
    assert.equal(outcome.kind, "committed", JSON.stringify(outcome));
    assert.deepEqual(t.session.files, [t.path]);
    assert.equal(t.render()[3], 0.25 + 0.125);
  } finally {
    await t.cleanup();
  }
});
