/**
 * Turns a pattern tree into the engine's query function, operator by operator, the way
 * Strudel's `patternifyAST` composes its combinators. Private to the module.
 * @module
 */

import type { AtomNode, Pattern, PatternNode, StepNode, StepOp } from "./ast.ts";
import {
  fast,
  fastcat,
  patterned,
  pure,
  repeatCycles,
  silence,
  slow,
  splitQueries,
  stack,
  struct,
  timecat,
} from "./_combinators.ts";
import { randomAt, seedOffset } from "./_rand.ts";
import type { Leaf, Query } from "./_span.ts";
import { literalNumber } from "./_words.ts";
import { bjorklund } from "./euclid.ts";
import { Fraction } from "./fraction.ts";

const BUILT = new WeakMap<Pattern, Query>();

/** The query function of a pattern, built once per pattern. @param p The pattern. @returns It. */
export function queryOf(p: Pattern): Query {
  let q = BUILT.get(p);
  if (q === undefined) BUILT.set(p, q = build(p.root));
  return q;
}

function build(node: PatternNode | StepNode): Query {
  switch (node.type) {
    case "atom":
      return node.kind === "rest" ? silence : pure(leafOf(node));
    case "step":
      return node.ops.reduce(applyOp, build(node.body));
    case "sequence":
      return timecat(node.steps.map((s) => [s.weight, build(s)] as const));
    case "stack": {
      const layers = node.layers.map(build);
      if (node.mode === "stack") return stack(layers);
      if (node.mode === "feet") return fastcat(layers);
      return choose(layers, node.seed);
    }
    case "alternation":
      return stack(node.layers.map((l) => slow(build(l), l.weight)));
    case "polymeter": {
      const layers = node.layers;
      const steps = node.stepsPerCycle;
      return stack(layers.map((l) => {
        const q = build(l);
        if (steps === undefined) return fast(q, layers[0].weight.div(l.weight));
        const literal = steps.type === "atom" ? steps : undefined;
        if (literal?.kind === "number") return fast(q, literal.exact!.div(l.weight));
        return patterned([build(steps)], ([s]) => fast(q, s.exact!.div(l.weight)));
      }));
    }
  }
}

function applyOp(q: Query, op: StepOp): Query {
  switch (op.type) {
    case "fast":
    case "slow": {
      const by = op.type === "fast" ? fast : slow;
      const a = op.amount;
      if (a.type === "atom" && a.kind === "number") return by(q, a.exact!);
      return patterned([build(a)], ([k]) => by(q, k.exact!));
    }
    case "replicate":
      return fast(repeatCycles(q, op.count), Fraction.of(op.count));
    case "euclid": {
      const args = op.rotation ? [op.pulses, op.steps, op.rotation] : [op.pulses, op.steps];
      const rhythm = (v: number[]) => struct(bjorklund(v[0], v[1], v[2] ?? 0), q);
      const literals = args.map(literalNumber);
      if (literals.every((l) => l !== undefined)) return rhythm(literals.map((l) => l!.value));
      return patterned(args.map(build), (leaves) => rhythm(leaves.map((l) => l.value)));
    }
    case "degrade": {
      const offset = seedOffset(op.seed);
      const amount = op.amount;
      return (span, budget) =>
        q(span, budget).filter((h) => randomAt(h.whole.begin.add(offset).toNumber()) > amount);
    }
  }
}

/** One layer per cycle, picked at random (seeded), keeping the layer's own events. */
function choose(layers: readonly Query[], seed: number): Query {
  const offset = seedOffset(seed);
  return splitQueries((span, budget) => {
    const r = randomAt(span.begin.floor().add(offset).toNumber());
    const i = Math.min(Math.max(Math.floor(r * layers.length), 0), layers.length - 1);
    return layers[i](span, budget);
  });
}

function leafOf(a: AtomNode): Leaf {
  if (a.kind === "rest") throw new TypeError("A rest has no value");
  return { value: a.value, kind: a.kind, offset: a.offset, length: a.length, exact: a.exact };
}
