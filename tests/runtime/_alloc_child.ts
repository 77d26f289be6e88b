/**
 * Child process for the allocation test: loads a session, warms up, then renders 10 s in
 * 128-frame blocks between two markers, printing the heap growth. Run with
 * `--v8-flags=--trace-gc` so every scavenge and mark-compact is printed between the markers.
 */
import v8 from "node:v8";
import { engine } from "../../runtime/engine.ts";

const session = Deno.args[0];
const seconds = Number(Deno.args[1] ?? 10);
await import(new URL(session, `file://${Deno.cwd()}/`).href);
const e = engine();
const block = 128;
const out = [new Float32Array(block), new Float32Array(block)];
const blocks = Math.round((seconds * e.config.sampleRate) / block);
const warmup = Math.round((3 * e.config.sampleRate) / block);
for (let i = 0; i < warmup; i++) e.process(out, block);
const encoder = new TextEncoder();
const begin = encoder.encode("\nSTEADY_BEGIN\n");
const end = encoder.encode("\nSTEADY_END\n");
const before = v8.getHeapStatistics().used_heap_size;
Deno.stdout.writeSync(begin);
for (let i = 0; i < blocks; i++) e.process(out, block);
Deno.stdout.writeSync(end);
const after = v8.getHeapStatistics().used_heap_size;
console.log(
  JSON.stringify({ heapDelta: after - before, frames: blocks * block, faults: e.faults.length }),
);
