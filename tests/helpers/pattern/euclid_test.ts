/**
 * Bjorklund rhythms against Toussaint's published table (with the corrections Strudel's test
 * suite makes for (3,4), (5,6), (5,16) and (7,8)), and the rotation/inversion conventions.
 * @module
 */

import assert from "node:assert/strict";
import { bjorklund } from "../../../helpers/pattern/mod.ts";

const show = (b: boolean[]) => b.map((x) => (x ? "x" : ".")).join("");

/** Toussaint, "The Euclidean algorithm generates traditional musical rhythms" (2005). */
const TOUSSAINT: readonly (readonly [number, number, string])[] = [
  [1, 2, "x."],
  [1, 3, "x.."],
  [1, 4, "x..."],
  [4, 12, "x..x..x..x.."],
  [2, 5, "x.x.."],
  [3, 4, "xxx."], // Toussaint prints x.xx, a rotation
  [3, 5, "x.x.x"],
  [3, 7, "x.x.x.."],
  [3, 8, "x..x..x."],
  [4, 7, "x.x.x.x"],
  [4, 9, "x.x.x.x.."],
  [4, 11, "x..x..x..x."],
  [5, 6, "xxxxx."], // Toussaint prints x.xxxx
  [5, 7, "x.xx.xx"],
  [5, 8, "x.xx.xx."],
  [5, 9, "x.x.x.x.x"],
  [5, 11, "x.x.x.x.x.."],
  [5, 12, "x..x.x..x.x."],
  [5, 16, "x..x..x..x..x..."], // Toussaint prints x..x..x..x..x....
  [7, 8, "xxxxxxx."], // Toussaint prints x.xxxxxx
  [7, 12, "x.xx.x.xx.x."],
  [7, 16, "x..x.x.x..x.x.x."],
  [9, 16, "x.xx.x.x.xx.x.x."],
  [11, 24, "x..x.x.x.x.x..x.x.x.x.x."],
  [13, 24, "x.xx.x.x.x.x.xx.x.x.x.x."],
];

Deno.test("bjorklund() reproduces Toussaint's Euclidean rhythms", () => {
  for (const [pulses, steps, expected] of TOUSSAINT) {
    assert.equal(show(bjorklund(pulses, steps)), expected, `(${pulses},${steps})`);
  }
});

Deno.test("bjorklund() rotates right (Strudel), wraps rotations, inverts negative pulses", () => {
  assert.equal(show(bjorklund(3, 8, 2)), "x.x..x..");
  assert.equal(show(bjorklund(3, 8, -1)), "..x..x.x"); // Strudel: onsets at 2/8, 5/8, 7/8
  assert.equal(show(bjorklund(3, 8, 10)), show(bjorklund(3, 8, 2)));
  assert.equal(show(bjorklund(3, 8, -9)), show(bjorklund(3, 8, -1)));
  assert.equal(show(bjorklund(3, 8, 8)), "x..x..x.");
  assert.equal(show(bjorklund(-3, 8)), ".xx.xx.x");
  assert.equal(show(bjorklund(0, 4)), "....");
  assert.equal(show(bjorklund(4, 4)), "xxxx");
  assert.equal(show(bjorklund(9, 4)), "xxxx"); // clamped
  assert.deepEqual(bjorklund(3, 0), []);
});

Deno.test("bjorklund() spreads pulses evenly: gaps differ by at most one slot", () => {
  for (let steps = 1; steps <= 32; steps++) {
    for (let pulses = 1; pulses <= steps; pulses++) {
      const b = bjorklund(pulses, steps);
      assert.equal(b.filter((x) => x).length, pulses, `(${pulses},${steps})`);
      const at = b.flatMap((x, i) => (x ? [i] : []));
      const gaps = at.map((i, k) => (at[(k + 1) % at.length] - i + steps) % steps || steps);
      assert.ok(Math.max(...gaps) - Math.min(...gaps) <= 1, `(${pulses},${steps}) ${show(b)}`);
    }
  }
});
