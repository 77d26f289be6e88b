/**
 * Exact rational numbers for pattern time. Onsets such as 1/3 or 2/7 of a cycle must never drift,
 * however many `*`, `/` and `<…>` a pattern nests, so the pattern engine computes every time in
 * BigInt fractions (no overflow, no rounding) and converts to doubles only at the very end.
 * @module
 */

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * An exact fraction `n / d` in lowest terms with `d > 0`, immutable.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Fraction } from "./mod.ts";
 * const third = Fraction.of(1, 3);
 * assert.equal(String(third.add(third).add(third)), "1");
 * assert.equal(String(Fraction.parseDecimal("-0.25")), "-1/4");
 * ```
 */
export class Fraction {
  /** Numerator (sign carrier). */
  readonly n: bigint;
  /** Denominator, always > 0. */
  readonly d: bigint;

  private constructor(n: bigint, d: bigint) {
    this.n = n;
    this.d = d;
  }

  /**
   * Builds a fraction from integers (numbers must be safe integers).
   *
   * @param n Numerator.
   * @param d Denominator, non-zero; defaults to 1.
   * @returns `n / d` in lowest terms.
   */
  static of(n: bigint | number, d: bigint | number = 1n): Fraction {
    let bn = BigInt(n);
    let bd = BigInt(d);
    if (bd === 0n) {
      throw new RangeError(`Cannot build a fraction: denominator is 0 (numerator '${n}')`);
    }
    if (bd < 0n) {
      bn = -bn;
      bd = -bd;
    }
    if (bd === 1n) return new Fraction(bn, 1n);
    const g = gcd(bn, bd);
    return g === 1n ? new Fraction(bn, bd) : new Fraction(bn / g, bd / g);
  }

  /**
   * Parses decimal text exactly (`"1.5"` → 3/2, `"-.25"` → -1/4, `"2e-3"` → 1/500).
   *
   * @param text A decimal number, optionally signed, with optional fraction and exponent.
   * @returns The exact value, or `undefined` when `text` is not a decimal number.
   */
  static parseDecimal(text: string): Fraction | undefined {
    const m = /^(-?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(text);
    if (m === null || (m[2] === "" && (m[3] ?? "") === "")) return undefined;
    const fractionDigits = m[3] ?? "";
    const exponent = m[4] === undefined ? 0 : Number(m[4]);
    if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 400) return undefined;
    let n = BigInt((m[2] || "0") + fractionDigits);
    let d = 10n ** BigInt(fractionDigits.length);
    if (exponent > 0) n *= 10n ** BigInt(exponent);
    if (exponent < 0) d *= 10n ** BigInt(-exponent);
    if (m[1] === "-") n = -n;
    return Fraction.of(n, d);
  }

  /** @returns `this + o`. @param o The addend. */
  add(o: Fraction): Fraction {
    if (this.d === 1n && o.d === 1n) return new Fraction(this.n + o.n, 1n);
    return Fraction.of(this.n * o.d + o.n * this.d, this.d * o.d);
  }

  /** @returns `this - o`. @param o The subtrahend. */
  sub(o: Fraction): Fraction {
    if (this.d === 1n && o.d === 1n) return new Fraction(this.n - o.n, 1n);
    return Fraction.of(this.n * o.d - o.n * this.d, this.d * o.d);
  }

  /** @returns `this × o`. @param o The factor. */
  mul(o: Fraction): Fraction {
    return Fraction.of(this.n * o.n, this.d * o.d);
  }

  /** @returns `this / o`. @param o The divisor, non-zero. */
  div(o: Fraction): Fraction {
    return Fraction.of(this.n * o.d, this.d * o.n);
  }

  /** @returns The largest integer ≤ this (the start of its cycle, Tidal's `sam`). */
  floor(): Fraction {
    if (this.d === 1n) return this;
    const q = this.n / this.d; // truncates toward zero
    return new Fraction(this.n < 0n ? q - 1n : q, 1n);
  }

  /** @returns -1, 0 or 1 as this is less than, equal to or greater than `o`. @param o The other. */
  compare(o: Fraction): number {
    const l = this.n * o.d;
    const r = o.n * this.d;
    return l < r ? -1 : l > r ? 1 : 0;
  }

  /** @returns Whether this equals `o`. @param o The other. */
  eq(o: Fraction): boolean {
    return this.n === o.n && this.d === o.d;
  }

  /** @returns Whether this < `o`. @param o The other. */
  lt(o: Fraction): boolean {
    return this.compare(o) < 0;
  }

  /** @returns Whether this ≤ `o`. @param o The other. */
  lte(o: Fraction): boolean {
    return this.compare(o) <= 0;
  }

  /** @returns The smaller of this and `o`. @param o The other. */
  min(o: Fraction): Fraction {
    return this.compare(o) <= 0 ? this : o;
  }

  /** @returns The larger of this and `o`. @param o The other. */
  max(o: Fraction): Fraction {
    return this.compare(o) >= 0 ? this : o;
  }

  /** @returns The nearest double (correctly rounded when n and d are below 2^53). */
  toNumber(): number {
    return Number(this.n) / Number(this.d);
  }

  /** @returns The nearest double, so fractions compare and print like numbers. */
  valueOf(): number {
    return this.toNumber();
  }

  /** @returns `"n/d"`, or `"n"` for an integer. */
  toString(): string {
    return this.d === 1n ? `${this.n}` : `${this.n}/${this.d}`;
  }
}

/** Least common multiple of two positive integers. @param a One. @param b The other. @returns lcm. */
export function lcmBig(a: bigint, b: bigint): bigint {
  return a / gcd(a, b) * b;
}

/** 0 as a fraction. */
export const ZERO: Fraction = Fraction.of(0);
/** 1 as a fraction. */
export const ONE: Fraction = Fraction.of(1);
