/**
 * Engine injection: a REPL evaluator or a control server given an engine evaluates blocks in
 * that engine (its transaction, and the active engine while a block runs, as a session load
 * does), and leaves the process engine alone.
 * @module
 */

import assert from "node:assert/strict";
import { Engine } from "../../../runtime/core/engine.ts";
import { engine, resetEngine } from "../../../runtime/core/process_engine.ts";
import { ReplEvaluator } from "../../../runtime/control/repl_eval.ts";
import { ControlServer } from "../../../runtime/control/control.ts";
import { sendBlock } from "../../../runtime/control/control_client.ts";
import { readControlFile } from "../../../runtime/control/control_file.ts";
import { setLogger, SILENT_LOGGER } from "../../../runtime/core/log.ts";

Deno.test("a ReplEvaluator given an engine registers, mutes and sets master in that engine only", async () => {
  const previous = setLogger(SILENT_LOGGER);
  resetEngine({ sampleRate: 48000 });
  const own = new Engine({ sampleRate: 48000 });
  const repl = new ReplEvaluator({ engine: own });
  try {
    const dsl = await repl.evaluate("a: sin 220 |> gain 0.1");
    assert.equal(dsl.kind, "ok");
    const ts = await repl.evaluate('register("b", sin(330));\nmute("b");\nlel`c: saw 55`');
    assert.equal(ts.kind, "ok", ts.kind === "error" ? ts.error.format() : "");
    const set = await repl.evaluate(".set master -6db");
    assert.equal(set.kind, "ok");
    assert.deepEqual(own.signals().map((s) => [s.name, s.muted]), [
      ["a", false],
      ["b", true],
      ["c", false],
    ]);
    assert.ok(Math.abs(own.masterGain - 0.5011872336272722) < 1e-15, String(own.masterGain));
    assert.deepEqual(engine().signals(), [], "the process engine got nothing");
    assert.equal(engine().masterGain, 1);
  } finally {
    await repl.close();
    own.dispose();
    resetEngine();
    setLogger(previous);
  }
});

Deno.test("a ControlServer given an engine evaluates and reports on that engine", async () => {
  const previous = setLogger(SILENT_LOGGER);
  resetEngine({ sampleRate: 48000 });
  const own = new Engine({ sampleRate: 48000 });
  const home = await Deno.makeTempDir({ prefix: "lel-repl-engine-" });
  const server = await ControlServer.start({ port: 0, home, engine: own });
  try {
    const info = await readControlFile(home);
    const reply = await sendBlock("pad: saw 110 |> lpf 800", info);
    assert.match(reply, /^ok /, reply);
    assert.match(reply, /pad/, reply);
    assert.deepEqual(own.signals().map((s) => s.name), ["pad"]);
    assert.deepEqual(engine().signals(), [], "the process engine got nothing");
  } finally {
    await server.close();
    own.dispose();
    resetEngine();
    await Deno.remove(home, { recursive: true });
    setLogger(previous);
  }
});
