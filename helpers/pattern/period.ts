/**
 * How many cycles a pattern takes to repeat, worked out from its tree: the least common
 * multiple of its `<…>` lengths, `/` factors and everything else that spreads it over several
 * cycles. Used to size the compiled table.
 * @module
 */

import type { PatternNode, SourceRange, StepNode, StepOp } from "./ast.ts";
import type { Pattern } from "./ast.ts";
import { valueAtoms } from "./_words.ts";
import { Fraction, lcmBig, ONE } from "./fraction.ts";

/** The repeat length of a pattern. */
export interface PatternPeriod {
  /** A number of cycles after which the pattern repeats exactly (a multiple of the least one). */
  readonly cycles: bigint;
  /** True when `?` or `|` make the pattern differ from one repeat to the next. */
  readonly random: boolean;
  /** The cycles each node and operator repeat after (for pointing at the part that is long). */
  readonly byNode: ReadonlyMap<object, bigint>;
}

/**
 * Works out after how many cycles a pattern repeats.
 *
 * A pattern `p` repeats after `N` cycles when its events in cycle `c + N` are those of cycle
 * `c` moved by `N`. Atoms repeat every cycle; sequences and stacks after the LCM of their parts;
 * `<…>` of weight `w` after `w` times its lines'; `/k` after `k` times (numerator of `P·k`),
 * `*k` after the numerator of `P/k`; a patterned factor after the LCM over its values and its
 * own period. `?` and `|` are random: they set `random` (their choices never repeat exactly).
 *
 * @param pattern A parsed pattern.
 * @returns The period and whether the pattern is random.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parsePattern, patternPeriod } from "./mod.ts";
 * assert.equal(patternPeriod(parsePattern("<a b c> <d e>")).cycles, 6n);
 * assert.equal(patternPeriod(parsePattern("[a b c]/1.5")).cycles, 3n);
 * assert.equal(patternPeriod(parsePattern("a b?")).random, true);
 * ```
 */
export function patternPeriod(pattern: Pattern): PatternPeriod {
  const byNode = new Map<object, bigint>();
  let random = false;

  const period = (node: PatternNode | StepNode): bigint => {
    let p: bigint;
    switch (node.type) {
      case "atom":
        p = 1n;
        break;
      case "step":
        p = node.ops.reduce(applyOp, period(node.body));
        break;
      case "sequence":
        p = node.steps.reduce((acc, s) => lcmBig(acc, period(s)), 1n);
        break;
      case "stack":
        if (node.mode === "choose") random = true;
        p = node.layers.reduce((acc, l) => lcmBig(acc, period(l)), 1n);
        break;
      case "alternation":
        p = node.layers.reduce((acc, l) => lcmBig(acc, numerator(l.weight, period(l))), 1n);
        break;
      case "polymeter": {
        const steps = node.stepsPerCycle;
        const rates = steps === undefined ? [node.layers[0].weight] : exactValues(steps);
        p = steps === undefined ? 1n : period(steps);
        for (const l of node.layers) {
          const pl = period(l);
          for (const s of rates) if (s.n !== 0n) p = lcmBig(p, numerator(l.weight.div(s), pl));
        }
        break;
      }
    }
    byNode.set(node, p);
    return p;
  };

  const applyOp = (p: bigint, op: StepOp): bigint => {
    let q = p;
    switch (op.type) {
      case "fast":
      case "slow":
        q = period(op.amount);
        for (const k of exactValues(op.amount)) {
          if (k.n !== 0n) q = lcmBig(q, numerator(op.type === "fast" ? ONE.div(k) : k, p));
        }
        break;
      case "euclid":
        for (const a of [op.pulses, op.steps, op.rotation]) if (a) q = lcmBig(q, period(a));
        break;
      case "degrade":
        random = true;
        break;
      case "replicate":
        break;
    }
    byNode.set(op, q);
    return q;
  };

  const cycles = period(pattern.root);
  return { cycles, random, byNode };
}

/**
 * The part of a pattern most responsible for a period above `limit`: the deepest node or
 * operator whose own period passes it.
 *
 * @param pattern The pattern.
 * @param info Its period.
 * @param limit The cycle limit.
 * @returns The source range to point at.
 */
export function longestPart(pattern: Pattern, info: PatternPeriod, limit: bigint): SourceRange {
  const over = (n: object | undefined) => n !== undefined && (info.byNode.get(n) ?? 0n) > limit;
  let node: PatternNode | StepNode = pattern.root;
  for (;;) {
    const kids: (PatternNode | StepNode)[] = node.type === "step"
      ? [node.body, ...node.ops.flatMap(opArgs)]
      : node.type === "sequence"
      ? [...node.steps]
      : node.type === "atom"
      ? []
      : [
        ...node.layers,
        ...(node.type === "polymeter" && node.stepsPerCycle ? [node.stepsPerCycle] : []),
      ];
    const next = kids.find(over);
    if (next !== undefined) {
      node = next;
      continue;
    }
    if (node.type === "step") return node.ops.find(over) ?? node;
    return node;
  }
}

function opArgs(op: StepOp): (PatternNode | StepNode)[] {
  if (op.type === "fast" || op.type === "slow") return [op.amount];
  if (op.type === "euclid") return [op.pulses, op.steps, ...(op.rotation ? [op.rotation] : [])];
  return [];
}

/** Smallest integer multiple of `p · k` (k > 0): the numerator of `p·k` in lowest terms. */
function numerator(k: Fraction, p: bigint): bigint {
  return Fraction.of(p).mul(k).n;
}

function exactValues(node: PatternNode): Fraction[] {
  return valueAtoms(node).flatMap((a) => (a.exact ? [a.exact] : []));
}
