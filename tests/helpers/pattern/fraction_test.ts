/**
 * The exact rationals under pattern time: arithmetic in lowest terms, floor toward −∞,
 * decimal text read exactly, and correctly rounded conversion to doubles.
 * @module
 */

import assert from "node:assert/strict";
import { Fraction } from "../../../helpers/pattern/mod.ts";

const f = (n: number, d = 1) => Fraction.of(n, d);

Deno.test("Fraction arithmetic stays exact and in lowest terms", () => {
  assert.equal(String(f(1, 3).add(f(1, 6))), "1/2");
  assert.equal(String(f(2, 4)), "1/2");
  assert.equal(String(f(3, -6)), "-1/2");
  assert.equal(String(f(1, 3).sub(f(1, 2))), "-1/6");
  assert.equal(String(f(2, 7).mul(f(7, 2))), "1");
  assert.equal(String(f(2, 7).div(f(4, 7))), "1/2");
  let sum = f(0);
  for (let i = 0; i < 7000; i++) sum = sum.add(f(1, 7));
  assert.equal(String(sum), "1000");
  assert.throws(() => f(1, 0), RangeError);
});

Deno.test("Fraction.floor() rounds toward −∞ and compare() orders exactly", () => {
  assert.deepEqual([f(7, 2), f(-7, 2), f(-4), f(0), f(-1, 3)].map((x) => String(x.floor())), [
    "3",
    "-4",
    "-4",
    "0",
    "-1",
  ]);
  assert.equal(f(1, 3).compare(f(333333, 1000000)), 1);
  assert.equal(f(2, 6).compare(f(1, 3)), 0);
  assert.ok(f(1, 3).eq(f(2, 6)) && f(1, 3).lt(f(1, 2)) && f(1, 2).lte(f(1, 2)));
  assert.equal(String(f(1, 3).min(f(1, 4))), "1/4");
  assert.equal(String(f(1, 3).max(f(1, 4))), "1/3");
});

Deno.test("Fraction.parseDecimal() reads decimal text exactly", () => {
  const cases: [string, string | undefined][] = [
    ["1.5", "3/2"],
    ["-.25", "-1/4"],
    ["0.1", "1/10"],
    ["2e-3", "1/500"],
    ["1.", "1"],
    ["1e3", "1000"],
    ["007", "7"],
    ["-", undefined],
    [".", undefined],
    ["1/2", undefined],
    ["e3", undefined],
    ["", undefined],
  ];
  for (const [text, expected] of cases) {
    assert.equal(Fraction.parseDecimal(text)?.toString(), expected, text);
  }
});

Deno.test("Fraction.toNumber() is the correctly rounded double", () => {
  assert.equal(f(1, 3).toNumber(), 1 / 3);
  assert.equal(f(2, 7).toNumber(), 2 / 7);
  assert.equal(f(-6993001, 7000).toNumber(), -6993001 / 7000);
  assert.equal(+f(1, 4), 0.25);
});
