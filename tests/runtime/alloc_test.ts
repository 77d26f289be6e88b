import assert from "node:assert/strict";

const config = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)));
const TASK_V8_FLAGS = /--v8-flags=(\S+)/.exec(config.tasks.live.command)![1];

/**
 * Renders 10 s of a session in a child process with `--trace-gc` and counts the collections
 * V8 prints between the steady-state markers; the heap growth comes from
 * `v8.getHeapStatistics().used_heap_size` read just outside them.
 *
 * The child runs with the V8 flags of the `live` and `render` tasks (deno.json): a larger
 * inlining budget, so a whole helper chain inlines into its frame loop and no double is boxed
 * at a call boundary.
 */
async function steadyState(session: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      `--v8-flags=--trace-gc,${TASK_V8_FLAGS}`,
      "tests/runtime/_alloc_child.ts",
      session,
      "10",
    ],
    stdout: "piped",
    stderr: "piped",
  });
  const { code, stdout, stderr } = await child.output();
  const text = new TextDecoder().decode(stdout);
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  const from = text.indexOf("STEADY_BEGIN");
  const to = text.indexOf("STEADY_END");
  assert.ok(from >= 0 && to > from, text.slice(0, 400));
  const steady = text.slice(from, to);
  const scavenges = steady.match(/Scavenge/g)?.length ?? 0;
  const markCompacts = steady.match(/Mark-Compact|Mark-sweep/g)?.length ?? 0;
  const result = JSON.parse(text.slice(to).split("\n").find((l) => l.startsWith("{"))!);
  return { scavenges, markCompacts, ...result } as {
    scavenges: number;
    markCompacts: number;
    heapDelta: number;
    frames: number;
    faults: number;
  };
}

Deno.test("rendering 10 s of the seed session after warm-up allocates nothing: no GC, heap growth < 64 KiB", async () => {
  const r = await steadyState("sessions/seed.lel.ts");
  console.log(
    `seed session, 10 s steady state: ${r.scavenges} scavenges, ${r.markCompacts} mark-compacts, heap ${r.heapDelta} bytes`,
  );
  assert.equal(r.frames, 480000);
  assert.equal(r.faults, 0);
  assert.equal(r.scavenges, 0);
  assert.equal(r.markCompacts, 0);
  assert.ok(r.heapDelta < 64 * 1024, `heap grew ${r.heapDelta} bytes`);
});
