/**
 * Strudel's deterministic randomness, so that `a?` and `a | b` drop and choose exactly the
 * events Strudel does: a value in [0, 1) is a pure function of time (an xorshift of the
 * position within a 300-cycle stretch mapped onto 2^29), so the same cycle always gets the same
 * choice, live or offline. Each `?` and `|` reads it shifted by its own seed (0.0003 cycles per
 * seed number). Private to the module.
 * @module
 */

import { Fraction } from "./fraction.ts";

const RANGE = 536870912; // 2^29

function xorshift(x: number): number {
  const a = (x << 13) ^ x;
  const b = (a >> 17) ^ a;
  return (b << 5) ^ b;
}

/**
 * The random value at a time.
 *
 * @param t Time in cycles (a double, as Strudel converts it).
 * @returns A value in [0, 1).
 */
export function randomAt(t: number): number {
  const stretched = t / 300;
  const seed = xorshift(Math.trunc((stretched - Math.trunc(stretched)) * RANGE));
  return Math.abs((seed % RANGE) / RANGE);
}

/** How far a seed shifts the random stream: 0.0003 cycles per seed, exactly. @param seed ≥ 0. */
export function seedOffset(seed: number): Fraction {
  return Fraction.of(3 * seed, 10000);
}
