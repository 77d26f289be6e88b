/**
 * Reload soak: 2,000 reloads of a small session with a local module, renaming signals as it
 * goes, measuring resident memory and import time. Deno never unloads a module, so whatever a
 * reload leaves behind shows up here as growth from the 100th to the last reload.
 *
 * Run it in a child process of its own (`--expose-gc`, so memory is read after a full GC, with
 * the V8 flags of the `live` task, and not mixed with the rest of the bench): `soakReloads()`
 * does that. Running this file directly (`deno run -A --v8-flags=--expose-gc
 * tests/bench/soak.ts [reloads]`) prints one JSON object. Not a test: nothing here asserts a
 * figure.
 *
 * Reading the figures: RSS also climbs while V8 grows its young generation to its cap (watch
 * `committedMb`), which levels off after about 1,000 reloads; `heapMb` and `importMs` are what
 * a leak moves.
 * @module
 */

import { join } from "node:path";
import { engine, resetEngine } from "../../mod.ts";
import { Session } from "../../runtime/live/session.ts";
import { median } from "./stats.ts";

const MOD = new URL("../../mod.ts", import.meta.url).href;
/** Reloads averaged for each end of the comparison. */
const WINDOW = 50;

/** What {@linkcode soakReloads} measured. */
export interface SoakResult {
  reloads: number;
  /**
   * Resident set size after a full GC at reload 100 and at the last reload, in MB, and at the
   * middle reload (`mid`), to tell a plateau from a climb.
   */
  rssMb: Growth & { mid: number };
  /** JS heap in use after a full GC at the same two points, in MB. */
  heapMb: Growth;
  /** JS heap V8 keeps committed (in use or not) at the same two points, in MB. */
  committedMb: Growth;
  /** Median `importMs` over the 50 reloads up to the 100th and up to the last, in ms. */
  importMs: Growth;
  /** Median whole `Session.load()` time over the same windows, in ms. */
  loadMs: Growth;
}

function sessionSource(n: number): string {
  const lines = [
    `import { clear, gain, lowpass, pan, register, saw, sin } from "${MOD}";`,
    `import { base } from "./parts.ts";`,
    "clear();",
  ];
  for (let k = 0; k < 6; k++) {
    // Two of the six names change on every reload: renames, not just edits.
    const name = k < 4 ? `keep${k}` : `moving${(n + k) % 40}`;
    const osc = k % 2 === 0 ? "saw" : "sin";
    lines.push(
      `register("${name}", pan(gain(lowpass(${osc}(base * ${k + 1} + ${n % 97}), ${
        600 + k
      }), 0.05), ${(k / 6 - 0.5).toFixed(2)}));`,
    );
  }
  return lines.join("\n") + "\n";
}

function partsSource(n: number): string {
  return `export const base = ${55 + (Math.floor(n / 10) % 5)};\n`;
}

function memoryMb(): { rss: number; heap: number; committed: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed, heapTotal } = Deno.memoryUsage();
  return { rss: rss / 2 ** 20, heap: heapUsed / 2 ** 20, committed: heapTotal / 2 ** 20 };
}

interface Growth {
  first: number;
  last: number;
  /** `last / first - 1`. */
  growth: number;
}

function growth(first: number, last: number): Growth {
  return { first, last, growth: last / first - 1 };
}

/**
 * Runs the soak in this process.
 *
 * @param reloads How many reloads (>= 200). @default {2000}
 * @returns The figures.
 */
export async function soakHere(reloads = 2000): Promise<SoakResult> {
  resetEngine({ sampleRate: 48000, channels: 2 });
  const dir = await Deno.makeTempDir({ prefix: "lel-soak-" });
  const path = join(dir, "soak.lel.ts");
  const session = new Session(path, engine());
  const out = [new Float32Array(128), new Float32Array(128)];
  const imports: number[] = [];
  const loads: number[] = [];
  let first = { rss: NaN, heap: NaN, committed: NaN };
  let mid = first;
  try {
    for (let n = 0; n <= reloads; n++) {
      if (n % 10 === 0) await Deno.writeTextFile(join(dir, "parts.ts"), partsSource(n));
      await Deno.writeTextFile(path, sessionSource(n));
      const t0 = performance.now();
      const outcome = await session.load();
      loads.push(performance.now() - t0);
      if (outcome.kind !== "committed") throw new Error(`soak reload ${n}: ${outcome.kind}`);
      imports.push(outcome.timings.importMs);
      engine().process(out, 128);
      if (n === 100) first = memoryMb();
      if (n === reloads >> 1) mid = memoryMb();
    }
    const last = memoryMb();
    const window = (values: number[], end: number) => median(values.slice(end - WINDOW, end + 1));
    return {
      reloads,
      rssMb: { ...growth(first.rss, last.rss), mid: mid.rss },
      heapMb: growth(first.heap, last.heap),
      committedMb: growth(first.committed, last.committed),
      importMs: growth(window(imports, 100), window(imports, reloads)),
      loadMs: growth(window(loads, 100), window(loads, reloads)),
    };
  } finally {
    await session.close();
    await Deno.remove(dir, { recursive: true });
    resetEngine();
  }
}

/**
 * Runs the soak in a child process (with `--expose-gc`) and returns its figures.
 *
 * @param reloads How many reloads (>= 200). @default {2000}
 * @returns The figures.
 */
export async function soakReloads(reloads = 2000): Promise<SoakResult> {
  // The V8 flags `live` runs with (the compilation cache is off there: see deno.json).
  const config = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)));
  const flags = /--v8-flags=(\S+)/.exec(config.tasks.live.command)?.[1];
  const v8 = `--v8-flags=--expose-gc${flags === undefined ? "" : `,${flags}`}`;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", v8, new URL(import.meta.url).pathname, `${reloads}`],
    stdout: "piped",
    stderr: "inherit",
  });
  const { code, stdout } = await child.output();
  if (code !== 0) throw new Error(`soak child exited with code ${code}`);
  return JSON.parse(new TextDecoder().decode(stdout)) as SoakResult;
}

if (import.meta.main) {
  const reloads = Deno.args[0] === undefined ? 2000 : Number(Deno.args[0]);
  console.log(JSON.stringify(await soakHere(reloads)));
}
