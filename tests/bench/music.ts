/**
 * Bench figures for music rather than for the reference chain: the example groove
 * (`sessions/groove.lel.ts`, five chains of patterns, envelopes, filters, drive, echo and
 * reverb) rendered compiled and with the chain compiler off; each effect on 16 saw voices,
 * compiled and as closures, against the bare saw; and the cost of a DSL commit of the groove
 * with the shadow render (EngineOptions.shadowTime, 50 ms by default) and without it.
 * Not a test: nothing here asserts a timing.
 * @module
 */

import {
  chorus,
  comp,
  crush,
  drive,
  engine,
  flanger,
  gain,
  lel,
  lpf,
  peak,
  resetEngine,
  reverb,
  saw,
} from "../../mod.ts";
import { setChainCompiler } from "../../runtime/core/chain/mod.ts";
import type { Signal } from "../../runtime/core/signal.ts";
import { prepare, SAMPLE_RATE } from "./forms.ts";
import { median } from "./stats.ts";

const GROOVE = new URL("../../sessions/groove.lel.ts", import.meta.url);
let imports = 0;

/** The groove rendered one way: medians over the runs. */
export interface GrooveFigure {
  form: "compiled" | "closures";
  medianMs: number;
  /** Seconds of audio per second of rendering. */
  realTime: number;
  /** Nanoseconds per stereo frame for the whole mix (five signals). */
  nsPerFrame: number;
}

/**
 * Renders `seconds` of the groove, compiled and with the compiler off, interleaved.
 *
 * @param seconds Seconds per run.
 * @param repeats Runs per form.
 * @returns One figure per form.
 */
export async function grooveFigures(seconds: number, repeats: number): Promise<GrooveFigure[]> {
  const frames = Math.round(seconds * SAMPLE_RATE);
  const out = [new Float32Array(frames), new Float32Array(frames)];
  const runs = { compiled: [] as number[], closures: [] as number[] };
  for (let r = 0; r < repeats; r++) {
    for (
      const form of r % 2 ? ["closures", "compiled"] as const : ["compiled", "closures"] as const
    ) {
      resetEngine({ sampleRate: SAMPLE_RATE, channels: 2 });
      const previous = setChainCompiler(form === "compiled");
      await import(`${GROOVE.href}?bench_${imports++}`);
      setChainCompiler(previous);
      engine().process(out, 2 * SAMPLE_RATE); // warm-up: the JIT tiers up
      const t0 = performance.now();
      engine().process(out, frames);
      runs[form].push(performance.now() - t0);
    }
  }
  resetEngine();
  return (["compiled", "closures"] as const).map((form) => {
    const ms = median(runs[form]);
    return { form, medianMs: ms, realTime: (seconds * 1000) / ms, nsPerFrame: (ms * 1e6) / frames };
  });
}

const EFFECTS: Record<string, (x: Signal) => Signal> = {
  "saw alone": (x) => x,
  "lpf 1200 0.5": (x) => lpf(x, 1200, 0.5),
  "drive 0.5": (x) => drive(x, 0.5),
  "crush 6": (x) => crush(x, 6),
  "comp -20 4": (x) => comp(x, -20, 4),
  "chorus": (x) => chorus(x),
  "flanger": (x) => flanger(x),
  "peak 1k +6": (x) => peak(x, 1000, 6),
  "reverb 2 s": (x) => reverb(x, 2),
};

/** One effect on `voices` saws: ns per sample per voice, compiled and as closures. */
export interface EffectFigure {
  effect: string;
  compiledNs: number;
  closuresNs: number;
  /** The compiled cost above the bare saw's, ns per sample per voice. */
  effectNs: number;
}

/**
 * Times each effect on `voices` saw voices (`saw |> effect |> gain 0.02`).
 *
 * @param seconds Seconds per run.
 * @param repeats Runs per form.
 * @param voices Voices per run.
 * @returns One figure per effect, the bare saw first.
 */
export async function effectFigures(
  seconds: number,
  repeats: number,
  voices = 16,
): Promise<EffectFigure[]> {
  const perSampleVoice = (ms: number) => (ms * 1e6) / (seconds * SAMPLE_RATE * voices);
  const figures: EffectFigure[] = [];
  for (const [effect, apply] of Object.entries(EFFECTS)) {
    const voice = (k: number) => gain(apply(saw(110 + 7 * k)), 0.02);
    const ns = { lel: [] as number[], "lel-closures": [] as number[] };
    for (let r = 0; r < repeats; r++) {
      for (const form of ["lel", "lel-closures"] as const) {
        ns[form].push(perSampleVoice(await prepare(form, voices, seconds, voice).run()));
      }
    }
    const compiledNs = median(ns.lel);
    const bare = figures[0]?.compiledNs ?? compiledNs;
    figures.push({
      effect,
      compiledNs,
      closuresNs: median(ns["lel-closures"]),
      effectNs: compiledNs - bare,
    });
  }
  resetEngine();
  return figures;
}

/** What a DSL commit of the whole groove costs, with and without the shadow render. */
export interface CommitFigure {
  shadowTime: number;
  /** Median ms of `lel` (compile, build, bind, shadow render, commit) on an edited groove. */
  medianMs: number;
}

/**
 * Times `lel` commits of the groove's template with each number edited per run, once with the
 * default 50 ms shadow render and once with it off.
 *
 * @param runs Commits per setting.
 * @returns One figure per setting.
 */
export async function commitFigures(runs: number): Promise<CommitFigure[]> {
  const text = await Deno.readTextFile(GROOVE);
  const template = /lel`([\s\S]*)`;/.exec(text)![1];
  const constants = Object.fromEntries(
    [...text.matchAll(/const (\w+) =\s*"([^"]*)";/g)].map((m) => [m[1], m[2]]),
  );
  const source = template.replace(/\$\{(\w+)\}/g, (_, name) => `"${constants[name]}"`);
  const out = [new Float32Array(128), new Float32Array(128)];
  const figures: CommitFigure[] = [];
  for (const shadowTime of [0.05, 0]) {
    resetEngine({ sampleRate: SAMPLE_RATE, channels: 2, shadowTime });
    const times: number[] = [];
    for (let n = 0; n < runs; n++) {
      const edited = source.replace("gain -9db", `gain -${9 + (n % 7) / 10}db`);
      const t0 = performance.now();
      lel(edited);
      times.push(performance.now() - t0);
      engine().process(out, 128);
    }
    figures.push({ shadowTime, medianMs: median(times.slice(Math.min(5, runs - 1))) });
  }
  resetEngine();
  return figures;
}
