/**
 * Euclidean rhythms: `pulses` onsets spread as evenly as possible over `steps` slots, by
 * Bjorklund's algorithm in the form Strudel uses (Rohan Drape's pairing of remainder groups),
 * which corrects Toussaint's table for (3,4), (5,6), (5,16) and (7,8).
 * @module
 */

/**
 * The slots of a Euclidean rhythm.
 *
 * Negative `pulses` invert the rhythm (onsets where `-pulses` would rest). `rotation` turns it
 * right by that many slots, Strudel's convention (Tidal turns left): `(3,8,2)` has onsets at
 * slots 0, 2 and 5. Unlike Strudel, a rotation of `steps` or more wraps around (Strudel ignores
 * it). `|pulses|` is clamped to `steps`; `steps` < 1 gives no slots.
 *
 * @param pulses Onsets, integer.
 * @param steps Slots, integer.
 * @param rotation Slots to turn right, integer; default 0.
 * @returns `steps` booleans, true at onsets.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bjorklund } from "./mod.ts";
 * const show = (b: boolean[]) => b.map((x) => (x ? "x" : ".")).join("");
 * assert.equal(show(bjorklund(3, 8)), "x..x..x.");
 * assert.equal(show(bjorklund(3, 8, 2)), "x.x..x..");
 * assert.equal(show(bjorklund(5, 8)), "x.xx.xx.");
 * ```
 */
export function bjorklund(pulses: number, steps: number, rotation = 0): boolean[] {
  if (!(steps >= 1)) return [];
  const inverted = pulses < 0;
  const ons = Math.min(Math.abs(pulses), steps);
  // Two groups of sequences; each round pairs as many of the larger group with the other
  // group as possible, until one group has at most one member.
  let a: number[][] = Array.from({ length: ons }, () => [1]);
  let b: number[][] = Array.from({ length: steps - ons }, () => [0]);
  while (Math.min(a.length, b.length) > 1) {
    if (a.length > b.length) {
      const paired = b.map((tail, i) => a[i].concat(tail));
      [a, b] = [paired, a.slice(b.length)];
    } else {
      const paired = a.map((head, i) => head.concat(b[i]));
      [a, b] = [paired, b.slice(a.length)];
    }
  }
  const flat = a.flat().concat(b.flat()).map((x) => (x === 1) !== inverted);
  const r = ((rotation % steps) + steps) % steps;
  return r === 0 ? flat : flat.slice(steps - r).concat(flat.slice(0, steps - r));
}
