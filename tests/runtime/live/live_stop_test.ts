/**
 * `live` stops cleanly however it is told to: a Ctrl-C that reaches it twice (the terminal
 * signals the whole process group and a wrapper such as `npx` relays it again), SIGTERM,
 * SIGHUP, and a second, later Ctrl-C during the fade. Each time it fades out, prints its
 * "stopped" line, exits 0 and removes control.json (issue 9, item 7).
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";

const ROOT = new URL("../../../", import.meta.url).pathname;
const CLI = join(ROOT, "runtime/cli/main.ts");
const RELAY = join(ROOT, "tests/runtime/live/_relay_child.ts");
const MOD = new URL("../../../mod.ts", import.meta.url).href;
const HAS_SETSID = Deno.build.os === "linux" && (() => {
  try {
    return new Deno.Command("setsid", { args: ["--version"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
})();

interface Ended {
  /** Everything live printed. */
  output: string;
  /** Whether control.json was still there after everything exited. */
  controlLeft: boolean;
  /** Milliseconds from the first signal to the exit. */
  stopMs: number;
}

/**
 * Starts `live` (behind `setsid` and a relaying wrapper when `group`), waits until its control
 * port is up, runs `signal` and waits for everything to exit.
 */
async function runLive(
  signal: (child: Deno.ChildProcess) => Promise<void> | void,
  group: boolean,
  extra: string[] = [],
): Promise<Ended> {
  const dir = await Deno.makeTempDir({ prefix: "lel-test-live-stop-" });
  try {
    const session = join(dir, "set.lel.ts");
    await Deno.writeTextFile(
      session,
      `import { gain, register, sin } from "${MOD}";\nregister("a", gain(sin(220), 0.1));\n`,
    );
    const live = ["run", "-A", CLI, "live", "--sink", "none", "--port", "0", ...extra, session];
    const [command, args] = group
      ? ["setsid", [Deno.execPath(), "run", "-A", RELAY, "30", Deno.execPath(), ...live]]
      : [Deno.execPath(), live];
    const child = new Deno.Command(command, {
      args,
      env: { LEL_HOME: dir, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    let output = "";
    const decoder = new TextDecoder();
    const pump = async (stream: ReadableStream<Uint8Array>) => {
      for await (const chunk of stream) output += decoder.decode(chunk, { stream: true });
    };
    const pumped = Promise.all([pump(child.stdout), pump(child.stderr)]);
    const started = performance.now();
    while (!output.includes("lel: control on")) {
      if (performance.now() - started > 30_000) {
        child.kill("SIGKILL");
        assert.fail(`live did not start; output:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const control = join(dir, "control.json");
    assert.ok((await Deno.stat(control)).isFile);
    const signalled = performance.now();
    await Promise.all([signal(child), child.status]);
    const stopMs = performance.now() - signalled;
    await pumped;
    const controlLeft = await Deno.stat(control).then(() => true, () => false);
    return { output, controlLeft, stopMs };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function assertClean(ended: Ended): void {
  assert.match(ended.output, /lel: stopped after \d+\.\d s/, ended.output);
  assert.equal(ended.controlLeft, false, "control.json was left behind");
}

Deno.test({
  name:
    "a Ctrl-C sent to the whole process group and relayed again by a wrapper stops live cleanly",
  ignore: !HAS_SETSID,
  fn: async () => {
    for (let run = 0; run < 3; run++) {
      assertClean(await runLive((child) => Deno.kill(-child.pid, "SIGINT"), true));
    }
  },
});

for (const signal of ["SIGTERM", "SIGHUP"] as const) {
  Deno.test({
    name: `${signal} stops live cleanly`,
    ignore: Deno.build.os === "windows",
    fn: async () => {
      assertClean(await runLive((child) => child.kill(signal), false));
    },
  });
}

Deno.test({
  name:
    "two SIGINTs 5 ms apart fade out once; a third 350 ms later cuts the fade short and still cleans up",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // A 1 s latency gives a 16384-frame buffer: the fade waits two buffers, about 700 ms.
    const full = await runLive(
      async (child) => {
        child.kill("SIGINT");
        await sleep(5);
        child.kill("SIGINT");
      },
      false,
      ["--latency", "1000"],
    );
    assertClean(full);
    const cut = await runLive(
      async (child) => {
        child.kill("SIGINT");
        await sleep(5);
        child.kill("SIGINT");
        await sleep(500);
        child.kill("SIGINT");
      },
      false,
      ["--latency", "1000"],
    );
    assertClean(cut);
    // The echo 5 ms later did not cut the first fade short; the later signal did.
    assert.ok(full.stopMs > 600, `the fade lasted only ${full.stopMs.toFixed(0)} ms`);
    assert.ok(cut.stopMs < full.stopMs - 150, `cut ${cut.stopMs} ms vs full ${full.stopMs} ms`);
  },
});
