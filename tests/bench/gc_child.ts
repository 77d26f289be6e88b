/**
 * Child process for the bench's GC counts: prepares a form, warms it, then renders 10 s
 * between two forced full GCs (`Mark-Compact … testing` in V8's trace) and prints the heap
 * growth as one JSON line on stderr. The parent counts the collections V8 printed between the
 * two forced ones (V8's trace and Deno's own output are buffered apart, so a marker printed
 * from JavaScript would not land in order).
 *
 * `deno run -A --v8-flags=--trace-gc,--expose-gc tests/bench/gc_child.ts <form> <voices>`
 * @module
 */

import v8 from "node:v8";
import { type FormName, prepare } from "./forms.ts";

const [form, voicesArg, warmArg] = Deno.args;
const voices = Number(voicesArg);
// Per-block code (the engine's loops, each binding's runner) reaches V8's optimising compiler
// after a few thousand calls, per-voice code after more: the parent scales the warm-up.
const warm = Number(warmArg ?? 30);
// One engine, warmed and then measured: a second engine in the process (a second prepare)
// makes V8 generalise the engine's fields (constness) and sends the per-block code back
// through Maglev, which at one voice boxes doubles for tens of seconds of audio — real, but
// not the steady state of `live`, which keeps one engine for the whole set.
const steady = prepare(form as FormName, voices, 10);
for (let s = 0; form !== "native" && s < Math.ceil(warm / 10); s++) await steady.run();
const gc = (globalThis as unknown as { gc: () => void }).gc;
gc();
const before = v8.getHeapStatistics().used_heap_size;
await steady.run();
const after = v8.getHeapStatistics().used_heap_size;
gc();
console.error(JSON.stringify({ heapDelta: after - before }));
