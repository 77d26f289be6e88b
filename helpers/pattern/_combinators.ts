/**
 * The pattern combinators the mini-notation is built from (Tidal's and Strudel's semantics,
 * written anew): `pure`, `slowcat`, `fastcat`, `timecat`, `stack`, `fast`, `fastGap`,
 * `repeatCycles`, `struct`, and the argument join that lets a factor be a pattern itself.
 * Private to the module; every loop over cycles or slots charges the query's budget.
 * @module
 */

import { type Budget, cycleSpans, type Hap, type Leaf, type Query, Span } from "./_span.ts";
import { Fraction, ONE, ZERO } from "./fraction.ts";

/** No events. */
export const silence: Query = () => [];

/** One event per cycle, filling it. @param leaf The value. @returns The pattern. */
export function pure(leaf: Leaf): Query {
  return (span, budget) =>
    cycleSpans(span, budget).map((part) => {
      const c = part.begin.floor();
      return { whole: new Span(c, c.add(ONE)), part, leaf };
    });
}

/** The same pattern, queried one cycle at a time. @param q The pattern. @returns It, split. */
export function splitQueries(q: Query): Query {
  return (span, budget) => {
    const out: Hap[] = [];
    for (const piece of cycleSpans(span, budget)) append(out, q(piece, budget));
    return out;
  };
}

function withTime(q: Query, inner: (t: Fraction) => Fraction, outer: (t: Fraction) => Fraction) {
  return (span: Span, budget: Budget): Hap[] =>
    q(span.map(inner), budget).map((h) => ({
      whole: h.whole.map(outer),
      part: h.part.map(outer),
      leaf: h.leaf,
    }));
}

/** `k` times as fast; 0 gives silence. @param q The pattern. @param k Factor ≥ 0. @returns It. */
export function fast(q: Query, k: Fraction): Query {
  if (k.n === 0n) return silence;
  return withTime(q, (t) => t.mul(k), (t) => t.div(k));
}

/** `k` times as slow; 0 gives silence. @param q The pattern. @param k Factor ≥ 0. @returns It. */
export function slow(q: Query, k: Fraction): Query {
  return k.n === 0n ? silence : fast(q, ONE.div(k));
}

/** Shifted later by `offset` cycles. @param q The pattern. @param offset Cycles. @returns It. */
export function late(q: Query, offset: Fraction): Query {
  return withTime(q, (t) => t.sub(offset), (t) => t.add(offset));
}

/** All at once, in order. @param qs The layers. @returns Their stack. */
export function stack(qs: readonly Query[]): Query {
  if (qs.length === 1) return qs[0];
  return (span, budget) => {
    const out: Hap[] = [];
    for (const q of qs) append(out, q(span, budget));
    return out;
  };
}

/**
 * One pattern per cycle in turn; the n-th turn of a pattern plays that pattern's n-th cycle,
 * so no cycle of a child is skipped.
 *
 * @param qs The patterns.
 * @returns Their concatenation, one cycle each.
 */
export function slowcat(qs: readonly Query[]): Query {
  if (qs.length === 1) return qs[0];
  const count = BigInt(qs.length);
  const n = Fraction.of(count);
  return splitQueries((span, budget) => {
    const cycle = span.begin.floor();
    const i = Number(((cycle.n % count) + count) % count);
    const offset = cycle.sub(span.begin.div(n).floor());
    return late(qs[i], offset)(span, budget);
  });
}

/** All patterns squeezed into one cycle, equal shares. @param qs Them. @returns The sequence. */
export function fastcat(qs: readonly Query[]): Query {
  const cat = slowcat(qs);
  return qs.length > 1 ? fast(cat, Fraction.of(qs.length)) : cat;
}

/**
 * Squashes each cycle into its first `1/factor`, leaving a gap (wholes keep their length
 * relative to their parts, so an event may reach past the squashed cycle).
 *
 * @param q The pattern.
 * @param factor > 0.
 * @returns The squashed pattern.
 */
export function fastGap(q: Query, factor: Fraction): Query {
  return splitQueries((span, budget) => {
    const cycle = span.begin.floor();
    const bpos = span.begin.sub(cycle).mul(factor).min(ONE);
    const epos = span.end.sub(cycle).mul(factor).min(ONE);
    if (bpos.compare(ONE) >= 0) return [];
    return q(new Span(cycle.add(bpos), cycle.add(epos)), budget).map((h) => {
      const { begin, end } = h.part;
      const c = begin.floor();
      const part = new Span(
        c.add(begin.sub(c).div(factor).min(ONE)),
        c.add(end.sub(c).div(factor).min(ONE)),
      );
      const whole = new Span(
        part.begin.sub(begin.sub(h.whole.begin).div(factor)),
        part.end.add(h.whole.end.sub(end).div(factor)),
      );
      return { whole, part, leaf: h.leaf };
    });
  });
}

/**
 * Each cycle squeezed into `[b, e)` of itself (silence unless 0 ≤ b ≤ e ≤ 1).
 *
 * @param q The pattern.
 * @param b Start within the cycle.
 * @param e End within the cycle, > b.
 * @returns The pattern.
 */
export function compress(q: Query, b: Fraction, e: Fraction): Query {
  if (b.compare(e) > 0 || b.compare(ONE) > 0 || e.compare(ONE) > 0 || b.lt(ZERO)) return silence;
  return late(fastGap(q, ONE.div(e.sub(b))), b);
}

/**
 * Patterns side by side in one cycle, each as long as its weight (`a@3 b`).
 *
 * @param parts `[weight, pattern]` pairs, weights > 0.
 * @returns The sequence.
 */
export function timecat(parts: readonly (readonly [Fraction, Query])[]): Query {
  if (parts.length === 1) return parts[0][1];
  let total = ZERO;
  for (const [w] of parts) total = total.add(w);
  let begin = ZERO;
  const layers: Query[] = [];
  for (const [w, q] of parts) {
    const end = begin.add(w);
    layers.push(compress(q, begin.div(total), end.div(total)));
    begin = end;
  }
  return stack(layers);
}

/** Each cycle played `n` times in a row. @param q The pattern. @param n Count ≥ 1. @returns It. */
export function repeatCycles(q: Query, n: number): Query {
  const count = Fraction.of(n);
  return splitQueries((span, budget) => {
    const cycle = span.begin.floor();
    const delta = cycle.sub(cycle.div(count).floor());
    return late(q, delta)(span, budget);
  });
}

/**
 * The pattern's values on a rhythm of `bools.length` slots per cycle: an event per true slot,
 * with the value the pattern has there (Strudel's `struct`, structure from the slots).
 *
 * @param bools The slots of one cycle.
 * @param q The pattern that gives the values.
 * @returns The rhythm.
 */
export function struct(bools: readonly boolean[], q: Query): Query {
  const count = BigInt(bools.length);
  const n = Fraction.of(count);
  return (span, budget) => {
    const out: Hap[] = [];
    const first = span.begin.mul(n).floor().n;
    const point = span.begin.eq(span.end);
    for (let g = first; point ? g === first : Fraction.of(g, count).lt(span.end); g++) {
      budget.charge(1);
      const slot = new Span(Fraction.of(g, count), Fraction.of(g + 1n, count));
      const part = slot.intersect(span);
      if (part === undefined || !bools[Number(((g % count) + count) % count)]) continue;
      for (const h of q(slot, budget)) {
        const p = h.part.intersect(part);
        if (p !== undefined) out.push({ whole: slot, part: p, leaf: h.leaf });
      }
    }
    return out;
  };
}

/**
 * A pattern whose parameters are patterns: the arguments' events are combined left to right
 * (structure from the first), and each combination plays the pattern built from its values
 * over its own span, keeping that pattern's events (Strudel's patterned arguments: `appLeft`
 * then `innerJoin`).
 *
 * @param args The argument patterns.
 * @param build Makes the pattern for one combination of argument values.
 * @returns The joined pattern.
 */
export function patterned(args: readonly Query[], build: (leaves: Leaf[]) => Query): Query {
  const cache = new Map<string, Query>();
  return (span, budget) => {
    let combos = args[0](span, budget).map((h) => ({
      whole: h.whole,
      part: h.part,
      leaves: [h.leaf],
    }));
    for (const arg of args.slice(1)) {
      const next: typeof combos = [];
      for (const c of combos) {
        for (const h of arg(c.whole, budget)) {
          const part = c.part.intersect(h.part);
          if (part !== undefined) {
            next.push({ whole: c.whole, part, leaves: [...c.leaves, h.leaf] });
          }
        }
      }
      combos = next;
    }
    const out: Hap[] = [];
    for (const c of combos) {
      const key = c.leaves.map((l) => l.offset).join(",");
      let q = cache.get(key);
      if (q === undefined) cache.set(key, q = build(c.leaves));
      append(out, q(c.part, budget));
    }
    return out;
  };
}

function append(out: Hap[], haps: readonly Hap[]): void {
  for (const h of haps) out.push(h);
}
