/**
 * A frozen copy of the compiler tests' chain generator as it was when the golden hashes were
 * taken: the golden test must build the same 200 chains whatever later happens to the live
 * generator. Uses only the public API.
 * @module
 */

import {
  bpf,
  delay,
  feedback,
  gain,
  gainDb,
  highpass,
  hpf,
  lowpass,
  lpf,
  mix,
  noise,
  notch,
  osc,
  type OscShape,
  pan,
  perc,
  reverb,
  slew,
  tremolo,
} from "../../mod.ts";
import type { Context, Param, Signal } from "../../mod.ts";

/** A parameter's value: a number, a helper chain around it, or a hand-written function. */
export type ParamDesc =
  | { readonly kind: "const"; readonly value: number }
  | { readonly kind: "mod"; readonly value: number; readonly depth: number; readonly by: ChainDesc }
  | {
    readonly kind: "leaf";
    readonly value: number;
    readonly depth: number;
    readonly rate: number;
  };

/** A chain: a source, or a stage applied to an input, or a mix. */
export type ChainDesc =
  | { readonly kind: "osc"; readonly shape: OscShape; readonly freq: ParamDesc }
  | { readonly kind: "noise"; readonly seed: number }
  | {
    readonly kind: "stage";
    readonly stage: string;
    readonly input: ChainDesc;
    readonly params: readonly ParamDesc[];
    readonly option: number;
  }
  | { readonly kind: "mix"; readonly inputs: readonly ChainDesc[]; readonly constant: number };

/** A stage: parameter ranges (lo, hi) and how to build it (`option` picks a variant). */
export interface StageDef {
  readonly ranges: readonly (readonly [number, number])[];
  readonly build: (input: Param, p: readonly Param[], option: number) => Signal;
}

/** Every stage helper, with ranges that keep it audible and stable. */
export const STAGES: Readonly<Record<string, StageDef>> = {
  lowpass: { ranges: [[50, 5000]], build: (x, [c]) => lowpass(x, c) },
  highpass: { ranges: [[50, 5000]], build: (x, [c]) => highpass(x, c) },
  lpf: { ranges: [[50, 5000], [0, 0.9]], build: (x, [c, r]) => lpf(x, c, r) },
  hpf: { ranges: [[50, 5000], [0, 0.9]], build: (x, [c, r]) => hpf(x, c, r) },
  bpf: { ranges: [[50, 5000], [0, 0.9]], build: (x, [c, r]) => bpf(x, c, r) },
  notch: { ranges: [[50, 5000], [0, 0.9]], build: (x, [c, r]) => notch(x, c, r) },
  delay: {
    ranges: [[0, 0.02]],
    build: (x, [t], option) => delay(x, 0.02 + option * 0.01, t),
  },
  feedback: {
    ranges: [[0.0005, 0.01], [-0.9, 0.9]],
    build: (x, [t, a], option) => feedback(x, 0.01 + option * 0.01, t, a),
  },
  reverb: { ranges: [[0.1, 3], [0, 1], [0, 1]], build: (x, [t, d, m]) => reverb(x, t, d, m) },
  tremolo: { ranges: [[0.5, 20], [0, 1]], build: (x, [r, d]) => tremolo(x, r, d) },
  slew: {
    ranges: [[0.0005, 0.02], [0.0005, 0.02]],
    build: (x, [t, f], option) => (option === 0 ? slew(x, t) : slew(x, t, { fall: f })),
  },
  perc: {
    ranges: [[0.01, 0.3], [0, 0.005], [0, 0.6]],
    build: (x, [d, a, t], option) =>
      option === 0 ? perc(x, d) : perc(x, d, { attack: a, threshold: t }),
  },
  gain: { ranges: [[0, 1.5]], build: (x, [a]) => gain(x, a) },
  gainDb: { ranges: [[-30, 6]], build: (x, [d]) => gainDb(x, d) },
  pan: { ranges: [[-1, 1]], build: (x, [p]) => pan(x, p) },
};

const SHAPES: readonly OscShape[] = ["sine", "saw", "tri", "square", "pulse", "phasor"];

/** mulberry32: a small seeded generator. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t = (t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random chain of up to `stages` stages (parameters constant, modulated or leaves). */
export function randomChain(rng: () => number, stages: number, nested = 0): ChainDesc {
  const between = (lo: number, hi: number) => lo + (hi - lo) * rng();
  const param = (lo: number, hi: number): ParamDesc => {
    const value = between(lo, hi);
    const depth = 0.3 * (Math.abs(value) + 0.1);
    const r = rng();
    if (nested < 2 && r < 0.25) {
      return { kind: "mod", value, depth, by: randomChain(rng, Math.floor(rng() * 2), nested + 1) };
    }
    if (r < 0.35) return { kind: "leaf", value, depth, rate: between(0.5, 40) };
    return { kind: "const", value };
  };
  let chain: ChainDesc = rng() < 0.85
    ? { kind: "osc", shape: SHAPES[Math.floor(rng() * SHAPES.length)], freq: param(20, 2000) }
    : { kind: "noise", seed: Math.floor(rng() * 1000) };
  const names = Object.keys(STAGES);
  const count = 1 + Math.floor(rng() * stages);
  for (let k = 0; k < count; k++) {
    if (nested < 1 && rng() < 0.1) {
      chain = { kind: "mix", inputs: [chain, randomChain(rng, 1, nested + 1)], constant: rng() };
      continue;
    }
    const stage = names[Math.floor(rng() * names.length)];
    const params = STAGES[stage].ranges.map(([lo, hi]) => param(lo, hi));
    chain = { kind: "stage", stage, input: chain, params, option: Math.floor(rng() * 2) };
  }
  return chain;
}

/**
 * Builds a described chain; `variant` scales every number a little (a reload that glides).
 *
 * @param desc The chain.
 * @param variant 0 for the first build, 1, 2… for reloads.
 * @returns A fresh signal (new helper instances, same keys).
 */
export function build(desc: ChainDesc, variant = 0): Signal {
  const k = 1 + 0.07 * variant;
  const param = (p: ParamDesc): Param => {
    switch (p.kind) {
      case "const":
        return p.value * k;
      case "mod":
        return mix(gain(build(p.by, variant), p.depth), p.value * k);
      case "leaf": {
        const { value, depth, rate } = p;
        return (s: Context) => value * k + depth * Math.sin(s.t * rate);
      }
    }
  };
  switch (desc.kind) {
    case "osc":
      return osc(param(desc.freq), desc.shape);
    case "noise":
      return noise({ seed: desc.seed });
    case "mix":
      return mix(...desc.inputs.map((d) => build(d, variant)), desc.constant * k);
    case "stage":
      return STAGES[desc.stage].build(
        build(desc.input, variant),
        desc.params.map(param),
        desc.option,
      );
  }
}
