/**
 * Child process for the allocation tests: loads a session, warms up 30 s, then renders N s in
 * 128-frame blocks between two forced full GCs, and prints one JSON line on stderr.
 *
 * The warm-up is long because code that runs once per block (the engine's loops, each
 * binding's runner) reaches V8's optimising compiler only after a few thousand calls; with two
 * signals that is ~25 s of audio, and until then it leaves a little garbage per block.
 *
 * Run with `--v8-flags=--trace-gc,--expose-gc`. The forced GCs appear in V8's trace as
 * `Mark-Compact … testing`; every collection printed between those two lines happened during
 * the steady-state render. (V8 and Deno buffer stdout separately, so markers written from
 * JavaScript would not land in order with V8's lines.)
 *
 * `deno run -A --v8-flags=--trace-gc,--expose-gc _alloc_child.ts <session> <seconds> [closure]`
 * where `<session>` is a session file or `reference:<voices>` / `mixed` (see _alloc_sessions.ts),
 * and `closure` turns the chain compiler off.
 */
import v8 from "node:v8";
import { engine } from "../../../runtime/core/process_engine.ts";
import { compileStats, setChainCompiler } from "../../../runtime/core/chain/mod.ts";
import { loadSession } from "./_alloc_sessions.ts";

const [session, secondsArg, mode] = Deno.args;
const seconds = Number(secondsArg ?? 10);
if (mode === "closure") setChainCompiler(false);
await loadSession(session);
const e = engine();
const block = 128;
const out = [new Float32Array(block), new Float32Array(block)];
const blocks = Math.round((seconds * e.config.sampleRate) / block);
const warmup = Math.round((30 * e.config.sampleRate) / block);
for (let i = 0; i < warmup; i++) e.process(out, block);
const gc = (globalThis as unknown as { gc: () => void }).gc;
gc();
const before = v8.getHeapStatistics().used_heap_size;
for (let i = 0; i < blocks; i++) e.process(out, block);
const after = v8.getHeapStatistics().used_heap_size;
gc();
console.error(JSON.stringify({
  heapDelta: after - before,
  frames: blocks * block,
  faults: e.faults.length,
  signals: e.signals().length,
  ...compileStats(),
}));
