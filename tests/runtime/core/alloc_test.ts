import assert from "node:assert/strict";
import { mixedSessionSize, movingSessionSize } from "./_alloc_sessions.ts";

const config = JSON.parse(await Deno.readTextFile(new URL("../../../deno.json", import.meta.url)));
const TASK_V8_FLAGS = /--v8-flags=(\S+)/.exec(config.tasks.live.command)![1];

interface SteadyState {
  scavenges: number;
  markCompacts: number;
  heapDelta: number;
  frames: number;
  faults: number;
  signals: number;
  compiled: number;
  declined: number;
  errors: number;
  lastReason: string;
}

/**
 * Renders 10 s of a session after a 30 s warm-up in a child process with `--trace-gc` and
 * counts the collections V8 prints between the child's two forced GCs (see _alloc_child.ts);
 * the heap growth is `used_heap_size` across the steady-state render.
 *
 * @param session A session file, `reference:<voices>` or `mixed` (_alloc_sessions.ts).
 * @param flags Extra V8 flags (the tasks' larger inlining budget, or none: V8's defaults).
 */
async function steadyState(session: string, flags: string): Promise<SteadyState> {
  const v8 = ["--trace-gc", "--expose-gc", ...(flags === "" ? [] : [flags])].join(",");
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `--v8-flags=${v8}`, "tests/runtime/core/_alloc_child.ts", session, "10"],
    stdout: "piped",
    stderr: "piped",
  });
  const { code, stdout, stderr } = await child.output();
  const text = new TextDecoder().decode(stdout);
  const errors = new TextDecoder().decode(stderr);
  assert.equal(code, 0, errors);
  const lines = text.split("\n");
  // Each forced GC prints one full "Mark-Compact … testing" line (an incremental marking in
  // progress finishes first, as "Incremental Mark-Compact … testing").
  const forced = lines.flatMap((line, i) => (/ms: Mark-Compact .*testing/.test(line) ? [i] : []));
  assert.equal(forced.length, 2, `expected the child's two forced GCs in:\n${text.slice(0, 800)}`);
  const steady = lines.slice(forced[0] + 1, forced[1]).filter((l) => !l.includes("testing"));
  const scavenges = steady.filter((l) => l.includes("Scavenge")).length;
  const markCompacts = steady.filter((l) => /Mark-Compact|Mark-sweep|Minor Mark/.test(l)).length;
  const result = JSON.parse(errors.split("\n").find((l) => l.startsWith("{"))!);
  return { scavenges, markCompacts, ...result };
}

function report(name: string, flags: string, r: SteadyState): void {
  console.log(
    `${name} (${
      flags === "" ? "V8 defaults" : flags
    }), 10 s steady state: ${r.scavenges} scavenges, ` +
      `${r.markCompacts} mark-compacts, heap ${r.heapDelta} bytes; ${r.compiled} compiled, ` +
      `${r.declined} declined${r.declined > 0 ? ` (${r.lastReason})` : ""}`,
  );
}

function assertQuiet(r: SteadyState, signals: number): void {
  assert.equal(r.errors, 0, r.lastReason);
  assert.equal(r.frames, 480000);
  assert.equal(r.faults, 0);
  assert.equal(r.signals, signals);
  assert.equal(r.scavenges, 0);
  assert.equal(r.markCompacts, 0);
  assert.ok(r.heapDelta < 64 * 1024, `heap grew ${r.heapDelta} bytes`);
}

Deno.test("rendering 10 s of the seed session after warm-up allocates nothing: no GC, heap growth < 64 KiB", async () => {
  const r = await steadyState("sessions/seed.lel.ts", TASK_V8_FLAGS);
  report("seed session", TASK_V8_FLAGS, r);
  assertQuiet(r, 2);
});

for (const flags of ["", TASK_V8_FLAGS]) {
  const budget = flags === "" ? "V8's default inlining budget" : "the tasks' inlining budget";

  Deno.test(`the seed session compiles both signals and allocates nothing in 10 s with ${budget}`, async () => {
    const r = await steadyState("sessions/seed.lel.ts", flags);
    report("seed session", flags, r);
    assert.equal(r.compiled, 2);
    assertQuiet(r, 2);
  });

  Deno.test(`64 voices of the reference chain compile and allocate nothing in 10 s with ${budget}`, async () => {
    const r = await steadyState("reference:64", flags);
    report("reference chain ×64", flags, r);
    assert.equal(r.compiled, 64);
    assert.equal(r.declined, 0);
    assertQuiet(r, 64);
  });

  Deno.test(`the sample kit's beat (five sample players, choked and pitched hats) compiles and allocates nothing in 10 s with ${budget}`, async () => {
    const r = await steadyState("sessions/beat.lel.ts", flags);
    report("beat session", flags, r);
    assert.equal(r.compiled, 5);
    assert.equal(r.declined, 0);
    assertQuiet(r, 5);
  });

  Deno.test(`the example groove (synthesised drums, bass, lead: patterns, envelopes, drive, echo, reverb) compiles and allocates nothing in 10 s with ${budget}`, async () => {
    const r = await steadyState("sessions/groove.lel.ts", flags);
    report("groove session", flags, r);
    assert.equal(r.compiled, 5);
    assert.equal(r.declined, 0);
    assertQuiet(r, 5);
  });

  Deno.test(`a session of ${mixedSessionSize()} chain shapes (every helper, stereo, modulation, leaves) allocates nothing in 10 s with ${budget}`, async () => {
    const r = await steadyState("mixed", flags);
    report("mixed session", flags, r);
    assert.equal(r.compiled, mixedSessionSize());
    assert.equal(r.declined, 0);
    assertQuiet(r, mixedSessionSize());
  });
}

Deno.test("the mixed session allocates nothing in 10 s with V8's default budget even when every step function was optimised on its own first (V8 then weighs each with what it inlined)", async () => {
  const r = await steadyState("mixed-preheated", "");
  report("mixed session, step functions preheated", "", r);
  assert.equal(r.compiled, mixedSessionSize());
  assertQuiet(r, mixedSessionSize());
});

Deno.test("every helper with parameters moving every frame allocates nothing after its step functions were optimised on their own (a memoised coefficient's rare path stays inlined)", async () => {
  const r = await steadyState("moving-preheated", "");
  report("every helper, moving parameters, step functions preheated", "", r);
  assert.equal(r.compiled, movingSessionSize());
  assertQuiet(r, movingSessionSize());
});
