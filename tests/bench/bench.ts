/**
 * `deno task bench`: the reference chain `osc(f) |> lowpass 800 |> tremolo 5 0.8 |> delay 0.5
 * 0.25 |> gain 0.4` summed over 1, 16, 64 and 256 voices, 10 s of 48 kHz stereo, rendered by
 * (a) lel's public API, (b) a hand-fused loop, (c) native node-web-audio-api nodes in an
 * OfflineAudioContext (and, at 64 voices, lel with its chain compiler off), interleaved and
 * repeated; medians as ratios to (b), real-time factor, ns per sample per voice; GC counts and
 * heap growth over a 10 s steady state (in `--trace-gc` children); the oscillator's cost and
 * error; DSL parse + lower time; reload times for a 20-signal session; the example groove
 * compiled and as closures, each effect on 16 voices, a DSL commit with and without its shadow
 * render, a soak of 2,000 reloads (resident memory, heap, import time), and the CPU an idle
 * `live` process uses (Linux). First it checks that
 * (b) renders what (a) renders, sample for sample, at 1 and 2 voices (a fair yardstick).
 *
 * `--json` prints one machine-readable object instead of the tables; `--quick` renders 2 s
 * runs, fewer repeats and skips the GC children (for a smoke test). Not a test: nothing here
 * asserts a timing.
 * @module
 */

import { formatError } from "../../runtime/cli/main.ts";
import { fusedAgreement } from "./agreement.ts";
import { BENCH_HELP, parseBenchArgs } from "./bench_flags.ts";
import { type FormName, prepare, type Prepared, SAMPLE_RATE } from "./forms.ts";
import { type GcCount, gcCount } from "./gc_count.ts";
import { oscillatorFigures } from "./oscillator.ts";
import { idleFigures } from "./idle.ts";
import { commitFigures, effectFigures, grooveFigures } from "./music.ts";
import { reloadTimes } from "./reload.ts";
import { soakReloads } from "./soak.ts";
import { median, table } from "./stats.ts";

const args = (() => {
  try {
    return parseBenchArgs(Deno.args);
  } catch (error) {
    console.error(formatError(error));
    Deno.exit(1);
  }
})();
if (args.help) {
  console.log(BENCH_HELP);
  Deno.exit(0);
}
const { json, quick } = args;
const log = (line: string) => (json ? console.error(line) : console.log(line));

const SECONDS = quick ? 2 : 10;
const VOICES = [1, 16, 64, 256];
const TASK_FLAG = "--max-inlined-bytecode-size-cumulative=4000";

interface FormResult {
  form: FormName;
  voices: number;
  runs: number[];
  medianMs: number;
  ratioToFused: number;
  realTime: number;
  nsPerSampleVoice: number;
  rms: number;
}

// The yardstick must compute what lel computes: sample for sample at 1 and 2 voices.
const agreement = [1, 2].map((voices) => fusedAgreement(voices));
for (const a of agreement) {
  log(
    `Hand-fused loop vs lel, ${a.voices} voice(s), ${a.frames} frames (no fade, below the ` +
      `limiter): ${a.differing} samples differ (largest difference ${a.maxDifference})`,
  );
}

const results: FormResult[] = [];
log(`Rendering ${SECONDS} s of ${SAMPLE_RATE / 1000} kHz stereo per run`);

for (const voices of VOICES) {
  const forms: FormName[] = ["lel", "fused", "native"];
  if (voices === 64) forms.push("lel-closures");
  const repeats = quick ? 2 : voices >= 64 ? 3 : 5;
  const prepared = new Map<FormName, Prepared>();
  const runs = new Map<FormName, number[]>(forms.map((f) => [f, []]));
  const rms = new Map<FormName, number>();
  for (let r = 0; r < repeats; r++) {
    // Interleaved, in a rotating order, so drifts in machine load hit every form alike.
    for (let k = 0; k < forms.length; k++) {
      const form = forms[(k + r) % forms.length];
      // lel forms share the process engine: prepare one just before its run.
      let p = prepared.get(form);
      if (p === undefined || form.startsWith("lel")) {
        p = prepare(form, voices, SECONDS);
        if (!form.startsWith("lel")) prepared.set(form, p);
      }
      runs.get(form)!.push(await p.run());
      rms.set(form, p.rms());
    }
  }
  const fused = median(runs.get("fused")!);
  for (const form of forms) {
    const ms = median(runs.get(form)!);
    results.push({
      form,
      voices,
      runs: runs.get(form)!,
      medianMs: ms,
      ratioToFused: ms / fused,
      realTime: (SECONDS * 1000) / ms,
      nsPerSampleVoice: (ms * 1e6) / (SECONDS * SAMPLE_RATE * voices),
      rms: rms.get(form)!,
    });
  }
  log(`  ${voices} voices done`);
}

const rows = [["voices", "form", "median ms", "× fused", "× real time", "ns/sample/voice", "rms"]];
for (const r of results) {
  rows.push([
    String(r.voices),
    r.form,
    r.medianMs.toFixed(1),
    r.ratioToFused.toFixed(3),
    r.realTime.toFixed(1),
    r.nsPerSampleVoice.toFixed(2),
    r.rms.toFixed(3),
  ]);
}
log("\n" + table(rows));

const gc: { form: string; voices: number; flags: string; count: GcCount }[] = [];
if (!quick) {
  log("\nGC over a 10 s steady state (after warm-up), in --trace-gc children:");
  const jobs: [string, number, string][] = [
    ...VOICES.map((v) => ["lel", v, ""] as [string, number, string]),
    ["lel", 64, TASK_FLAG],
    ["lel-closures", 64, ""],
    ["lel-closures", 64, TASK_FLAG],
    ["fused", 64, ""],
    ["native", 64, ""],
  ];
  for (const [form, voices, flags] of jobs) {
    const count = await gcCount(form, voices, flags);
    gc.push({ form, voices, flags, count });
    log(
      `  ${form} ×${voices} (${flags || "V8 defaults"}): ${count.scavenges} scavenges, ` +
        `${count.markCompacts} mark-compacts, heap +${count.heapDelta} bytes`,
    );
  }
}

log("\nOscillator:");
const oscillator = await oscillatorFigures(64);
const chain64 = results.find((r) => r.form === "lel" && r.voices === 64)!;
log(
  `  sinTurns max error vs Math.sin: ${oscillator.sineMaxError.toExponential(2)} ` +
    `(documented < 6e-8, required < 1e-6); ${oscillator.sinTurnsNs.toFixed(2)} ns per call ` +
    `vs Math.sin ${oscillator.mathSinNs.toFixed(2)} ns`,
);
log(
  `  lel, 64 sine oscillators alone: ${oscillator.oscAloneNs.toFixed(2)} ns/sample/voice; ` +
    `64 constants (engine + runner, nothing to compute): ${oscillator.floorNs.toFixed(2)}; ` +
    `the whole reference chain: ${chain64.nsPerSampleVoice.toFixed(2)} (the oscillator itself ≈ ${
      (oscillator.oscAloneNs - oscillator.floorNs).toFixed(2)
    })`,
);

let dslParseMs: number | undefined;
try {
  const { medianParseMs } = await import("./dsl_parse.ts");
  dslParseMs = medianParseMs(200);
  log(`\nDSL parse + lower, 200-line session: median ${dslParseMs.toFixed(3)} ms`);
} catch (error) {
  log(`\nDSL parse + lower: skipped (${error instanceof Error ? error.message : error})`);
}

const reload = await reloadTimes(quick ? 5 : 20);
log(
  `\nReload, 20-signal session (median of ${reload.runs}): Session.load() ${
    reload.loadMs.toFixed(1)
  } ms; with a new chain shape ${reload.newShapeMs.toFixed(1)} ms; ` +
    `watcher event → commit ${reload.eventToCommitMs.toFixed(1)} ms; file write → commit ${
      reload.saveToCommitMs.toFixed(1)
    } ms`,
);

log(`\nThe example groove (sessions/groove.lel.ts, 5 signals), ${SECONDS} s per run:`);
const groove = await grooveFigures(SECONDS, quick ? 2 : 5);
for (const g of groove) {
  log(
    `  ${g.form}: ${g.medianMs.toFixed(1)} ms, ${g.realTime.toFixed(1)}× real time, ` +
      `${g.nsPerFrame.toFixed(0)} ns per stereo frame`,
  );
}

const effectSeconds = quick ? 1 : 4;
log(`\nEffects, 16 voices of saw |> effect |> gain, ${effectSeconds} s per run (ns/sample/voice):`);
const effects = await effectFigures(effectSeconds, quick ? 1 : 3);
const effectRows = [["effect", "compiled", "closures", "effect alone (compiled)"]];
for (const f of effects) {
  effectRows.push([
    f.effect,
    f.compiledNs.toFixed(1),
    f.closuresNs.toFixed(1),
    f.effect === "saw alone" ? "—" : f.effectNs.toFixed(1),
  ]);
}
log(table(effectRows));

const commits = await commitFigures(quick ? 10 : 40);
log(
  `\nA DSL commit of the whole groove (compile, build, bind, commit), median: ` +
    commits.map((c) => `${c.medianMs.toFixed(2)} ms with a ${c.shadowTime * 1000} ms shadow render`)
      .join("; ").replace("with a 0 ms shadow render", "without the shadow render"),
);

const soakCount = quick ? 200 : 2000;
log(`\nSoak: ${soakCount} reloads of a 6-signal session with a local module, renaming as it goes:`);
const soak = await soakReloads(soakCount);
log(
  `  RSS ${soak.rssMb.first.toFixed(1)} → ${soak.rssMb.mid.toFixed(1)} → ${
    soak.rssMb.last.toFixed(1)
  } MB (reload 100, middle, last; ${(100 * soak.rssMb.growth).toFixed(1)}%); heap ${
    soak.heapMb.first.toFixed(1)
  } → ${soak.heapMb.last.toFixed(1)} MB (${(100 * soak.heapMb.growth).toFixed(1)}%; committed ${
    soak.committedMb.first.toFixed(1)
  } → ${soak.committedMb.last.toFixed(1)} MB); ` +
    `import ${soak.importMs.first.toFixed(2)} → ${soak.importMs.last.toFixed(2)} ms; ` +
    `Session.load() ${soak.loadMs.first.toFixed(2)} → ${soak.loadMs.last.toFixed(2)} ms`,
);

const idle = quick ? [] : await idleFigures(20);
if (idle.length > 0) {
  log("\nIdle: `live --sink none` left playing, CPU over 20 s after a 5 s warm-up:");
}
for (const f of idle) log(`  ${f.session}: ${f.percentOfCore.toFixed(1)}% of one core`);

const target = (voices: number, form: FormName) =>
  results.find((r) => r.voices === voices && r.form === form)!;
const lel64 = target(64, "lel");
const lel256 = target(256, "lel");
log(
  `\nTargets: lel/fused at 64 voices ${lel64.ratioToFused.toFixed(3)} (≤ 1.10); ` +
    `lel/native at 64 voices ${
      (lel64.medianMs / target(64, "native").medianMs).toFixed(3)
    } (< 1); ` +
    `256 voices at ${lel256.realTime.toFixed(2)}× real time (≥ 1)`,
);

if (json) {
  console.log(JSON.stringify({
    seconds: SECONDS,
    sampleRate: SAMPLE_RATE,
    agreement,
    results,
    gc,
    oscillator,
    dslParseMs,
    reload,
    groove,
    effects,
    commits,
    soak,
    idle,
  }));
}
