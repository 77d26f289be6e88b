/**
 * Chains for the compiler's equivalence tests: every helper as a stage with its parameter
 * ranges, and seeded random chains built from them, described as data so the same chain can
 * be built twice (once per runner) and again with changed numbers (a reload that glides).
 * @module
 */

import { gain, mix, noise, osc, type OscShape } from "../../../../mod.ts";
import { allDefinitions } from "../../../../helpers/typical.ts";
import { callNamed } from "../../../../helpers/declare_helper.ts";
import type { Context, Param, Signal } from "../../../../runtime/core/signal.ts";

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

/**
 * Every declared helper that takes an input, with the ranges its definition gives: `option` 1
 * also gives its optional parameters and puts its constants at the top of their ranges.
 */
export const STAGES: Readonly<Record<string, StageDef>> = Object.fromEntries(
  allDefinitions().filter((def) => def.input !== undefined).map((def) => {
    const params = def.params ?? [];
    const stage: StageDef = {
      ranges: params.map((p) => p.range ?? [0, 1]),
      build: (x, values, option) => {
        const named: Record<string, Param | undefined> = {};
        params.forEach((p, i) => {
          if (!p.optional || option === 1) named[p.name] = values[i];
        });
        for (const c of def.consts ?? []) {
          if (c.range !== undefined) named[c.name] = c.range[option === 1 ? 1 : 0];
        }
        // Texts (a sample's path) take the example their definition gives.
        for (const t of def.texts ?? []) named[t.name] = t.example as unknown as Param;
        return callNamed(def, x, named);
      },
    };
    return [def.name, stage];
  }),
);

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
