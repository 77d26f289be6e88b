/**
 * The pattern engine's time model (Tidal's and Strudel's): a query asks for the events that
 * overlap a span of cycles; each answer (a "hap") has a `whole` (the event's full extent) and a
 * `part` (the piece of it inside the query). An event is heard where `part.begin` equals
 * `whole.begin`: its onset. Private to the module.
 * @module
 */

import { PatternRangeError } from "./errors.ts";
import { type Fraction, ONE } from "./fraction.ts";

/** A half-open span of time `[begin, end)` in cycles. */
export class Span {
  constructor(readonly begin: Fraction, readonly end: Fraction) {}

  /** @returns The span with `f` applied to both ends. @param f A monotonic time map. */
  map(f: (t: Fraction) => Fraction): Span {
    return new Span(f(this.begin), f(this.end));
  }

  /**
   * The overlap of two spans, or `undefined`. Touching at one point is no overlap, except for a
   * zero-width span inside the other (Strudel's rule).
   *
   * @param o The other span.
   * @returns The intersection.
   */
  intersect(o: Span): Span | undefined {
    const b = this.begin.max(o.begin);
    const e = this.end.min(o.end);
    const c = b.compare(e);
    if (c > 0) return undefined;
    if (c === 0) {
      if (b.eq(this.end) && this.begin.lt(this.end)) return undefined;
      if (b.eq(o.end) && o.begin.lt(o.end)) return undefined;
    }
    return new Span(b, e);
  }
}

/** What an event carries: its value and where its word stands in the pattern. */
export interface Leaf {
  /** Hz for notes, the number for numbers, 1 for `x`. */
  readonly value: number;
  /** What the word was. */
  readonly kind: "note" | "number" | "hit";
  /** 0-based offset of the word in the pattern text. */
  readonly offset: number;
  /** Length of the word. */
  readonly length: number;
  /** The exact value of a number word (factors and counts need it). */
  readonly exact?: Fraction;
}

/** One answer to a query. */
export interface Hap {
  readonly whole: Span;
  readonly part: Span;
  readonly leaf: Leaf;
}

/** Bounds the work of one query, so that a pathological pattern fails instead of hanging. */
export class Budget {
  #work = 0;
  constructor(readonly limit: number, readonly sourceLength: number) {}

  /** Counts `n` units of work, throwing once the limit is passed. @param n Units. */
  charge(n: number): void {
    this.#work += n;
    if (this.#work > this.limit) {
      throw new PatternRangeError(
        `Pattern is too dense: one cycle needs more than ${this.limit} steps of work; ` +
          "use smaller '*' and '!' counts",
        0,
        this.sourceLength,
      );
    }
  }
}

/** A pattern, as the engine sees it: a function from a query span to haps. */
export type Query = (span: Span, budget: Budget) => Hap[];

/**
 * Splits a span at cycle boundaries (a zero-width span stays whole).
 *
 * @param span The span.
 * @param budget Charged one unit per piece.
 * @returns The pieces, in order.
 */
export function cycleSpans(span: Span, budget: Budget): Span[] {
  if (span.begin.eq(span.end)) return [span];
  const out: Span[] = [];
  const endCycle = span.end.floor();
  let b = span.begin;
  while (b.lt(span.end)) {
    budget.charge(1);
    if (b.floor().eq(endCycle)) {
      out.push(new Span(b, span.end));
      break;
    }
    const next = b.floor().add(ONE);
    out.push(new Span(b, next));
    b = next;
  }
  return out;
}

/** @returns Whether the hap holds its event's onset. @param h The hap. */
export function hasOnset(h: Hap): boolean {
  return h.whole.begin.eq(h.part.begin);
}
