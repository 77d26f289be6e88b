/**
 * Reload timing: how long a save takes to reach the engine for a 20-signal session, measured
 * around `Session.load()` (edit → committed) and from the watcher's first file event to the
 * commit (as `live` does it).
 * @module
 */

import { join } from "node:path";
import { engine, resetEngine } from "../../mod.ts";
import { Session } from "../../runtime/live/session.ts";
import { watchFiles } from "../../runtime/live/watch.ts";
import { median } from "./stats.ts";

const MOD = new URL("../../mod.ts", import.meta.url).href;

/**
 * A session of 20 signals (reference chains and a few other shapes). `edit` moves numbers;
 * a `shape` from 1 to 31 gives signal 0 five more stages, lowpass or highpass by its bits, so
 * each value is a chain shape no other value makes.
 */
function sessionSource(edit: number, shape = 0): string {
  const lines = [
    `import { clear, delay, gain, highpass, lowpass, lpf, osc, pan, pipe, register, reverb, saw, tremolo } from "${MOD}";`,
    "clear();",
  ];
  for (let k = 0; k < 20; k++) {
    const f = (110 * 2 ** ((k % 12) / 12) + edit).toFixed(3);
    const stages = k % 4 === 3
      ? `(x) => lpf(x, ${900 + edit}, 0.3), (x) => pan(x, ${
        (k / 20 - 0.5).toFixed(2)
      }), (x) => reverb(x, 1.2, 0.4, 0.2)`
      : `(x) => lowpass(x, 800), (x) => tremolo(x, 5, 0.8), (x) => delay(x, 0.5, 0.25)`;
    let extra = "";
    for (let bit = 0; shape > 0 && k === 0 && bit < 5; bit++) {
      extra += `, (x) => ${(shape >> bit) & 1 ? "lowpass" : "highpass"}(x, ${3000 + bit})`;
    }
    lines.push(
      `register("s${k}", pipe(${
        k % 2 ? "saw" : "osc"
      }(${f}), ${stages}${extra}, (x) => gain(x, 0.02)));`,
    );
  }
  return lines.join("\n") + "\n";
}

/** Reload figures in milliseconds (medians). */
export interface ReloadTimes {
  /** `Session.load()` after an edit that changes numbers only (kernels cached). */
  loadMs: number;
  /** The same when one signal gets a new chain shape (a kernel is built and warmed). */
  newShapeMs: number;
  /** From the watcher's first event of a save to the committed load. */
  eventToCommitMs: number;
  /** From the start of the file write to the committed load. */
  saveToCommitMs: number;
  runs: number;
}

/**
 * Measures reloads of a temporary 20-signal session.
 *
 * @param runs Edits per measurement. @default {20}
 * @returns Medians.
 */
export async function reloadTimes(runs = 20): Promise<ReloadTimes> {
  resetEngine({ sampleRate: 48000, channels: 2 });
  const dir = await Deno.makeTempDir({ prefix: "lel-bench-" });
  const path = join(dir, "bench.lel.ts");
  const session = new Session(path, engine());
  const out = [new Float32Array(128), new Float32Array(128)];
  const load = async () => {
    const outcome = await session.load();
    if (outcome.kind !== "committed") {
      throw new Error(`bench session did not load: ${outcome.kind}`);
    }
    engine().process(out, 128);
  };
  try {
    let edit = 0;
    await Deno.writeTextFile(path, sessionSource(edit));
    await load();
    const loads: number[] = [];
    for (let r = 0; r < runs; r++) {
      await Deno.writeTextFile(path, sessionSource(++edit));
      const t0 = performance.now();
      await load();
      loads.push(performance.now() - t0);
    }
    const shapes: number[] = [];
    for (let r = 0; r < runs; r++) {
      await Deno.writeTextFile(path, sessionSource(++edit, 1 + (r % 31)));
      const t0 = performance.now();
      await load();
      shapes.push(performance.now() - t0);
    }
    const events: number[] = [];
    const saves: number[] = [];
    for (let r = 0; r < runs; r++) {
      const done = Promise.withResolvers<void>();
      let writeStarted = 0;
      const watcher = watchFiles([path], (changes) => {
        load().then(() => {
          const now = performance.now();
          events.push(now - changes[0].firstEventAt);
          saves.push(now - writeStarted);
          done.resolve();
        }, done.reject);
      });
      writeStarted = performance.now();
      await Deno.writeTextFile(path, sessionSource(++edit));
      await done.promise;
      watcher.close();
    }
    return {
      loadMs: median(loads),
      newShapeMs: median(shapes),
      eventToCommitMs: median(events),
      saveToCommitMs: median(saves),
      runs,
    };
  } finally {
    await session.close();
    await Deno.remove(dir, { recursive: true });
    resetEngine();
  }
}
