/**
 * Golden fixtures for `queryCycle`: pattern → exact events, one row per feature, the expected
 * times worked out by hand from the Tidal/Strudel rules (and checked against Strudel's own
 * answers in strudel_test.ts). Values (Hz, numbers, hits) are checked against formulas.
 * @module
 */

import assert from "node:assert/strict";
import {
  Fraction,
  MAX_QUERY_WORK,
  parsePattern,
  PatternRangeError,
  queryCycle,
} from "../../../helpers/pattern/mod.ts";
import { show } from "./_show.ts";

/** [pattern, first cycle, end cycle (exclusive), expected events]. */
const GOLDEN: readonly (readonly [string, number, number, string])[] = [
  // steps, rests, subdivision
  ["a b c", 0, 1, "0-1/3:a 1/3-2/3:b 2/3-1:c"],
  ["~ a ~ b", 0, 1, "1/4-1/2:a 3/4-1:b"],
  ["a - b", 0, 1, "0-1/3:a 2/3-1:b"],
  ["a [b c]", 0, 1, "0-1/2:a 1/2-3/4:b 3/4-1:c"],
  ["a [b [c d]]", 0, 1, "0-1/2:a 1/2-3/4:b 3/4-7/8:c 7/8-1:d"],
  ["a b c", 5, 6, "5-16/3:a 16/3-17/3:b 17/3-6:c"],
  ["a b", -2, -1, "-2--3/2:a -3/2--1:b"],
  // * fast
  ["a*2 b", 0, 1, "0-1/4:a 1/4-1/2:a 1/2-1:b"],
  ["[a b]*2", 0, 1, "0-1/4:a 1/4-1/2:b 1/2-3/4:a 3/4-1:b"],
  ["a*1.5", 0, 2, "0-2/3:a 2/3-4/3:a 4/3-2:a"],
  ["a*<2 3>", 0, 2, "0-1/2:a 1/2-1:a 1-4/3:a 4/3-5/3:a 5/3-2:a"],
  ["a*[2 3]", 0, 1, "0-1/2:a 2/3-1:a"],
  ["a*0 b", 0, 1, "1/2-1:b"],
  // / slow
  ["a/2", 0, 4, "0-2:a 2-4:a"],
  ["[a b]/2", 0, 2, "0-1:a 1-2:b"],
  ["[a b c]/1.5", 0, 2, "0-1/2:a 1/2-1:b 1-3/2:c 3/2-2:a"],
  ["a/2 b", 0, 2, "0-1:a 1/2-1:b 3/2-2:b"],
  // <> alternation over 3 cycles and more
  ["<a b c>", 0, 4, "0-1:a 1-2:b 2-3:c 3-4:a"],
  ["<a [b c]>", 0, 2, "0-1:a 1-3/2:b 3/2-2:c"],
  ["a <b c>", 0, 2, "0-1/2:a 1/2-1:b 1-3/2:a 3/2-2:c"],
  ["<a <b c>>", 0, 4, "0-1:a 1-2:b 2-3:a 3-4:c"],
  ["<a b>*2", 0, 1, "0-1/2:a 1/2-1:b"],
  ["<a b c>/2", 0, 6, "0-2:a 2-4:b 4-6:c"],
  ["<a@3 b>", 0, 4, "0-3:a 3-4:b"],
  ["<a b, c d e>", 0, 3, "0-1:a 0-1:c 1-2:b 1-2:d 2-3:a 2-3:e"],
  // ! replicate
  ["a!3 b", 0, 1, "0-1/4:a 1/4-1/2:a 1/2-3/4:a 3/4-1:b"],
  ["a ! ! b", 0, 1, "0-1/4:a 1/4-1/2:a 1/2-3/4:a 3/4-1:b"],
  ["a! b", 0, 1, "0-1/3:a 1/3-2/3:a 2/3-1:b"],
  ["<a b>!2 c", 0, 2, "0-1/3:a 1/3-2/3:a 2/3-1:c 1-4/3:b 4/3-5/3:b 5/3-2:c"],
  // @ and _ weights
  ["a@3 b", 0, 1, "0-3/4:a 3/4-1:b"],
  ["a _ _ b", 0, 1, "0-3/4:a 3/4-1:b"],
  ["a@2 b@3", 0, 1, "0-2/5:a 2/5-1:b"],
  ["a@1.5 b", 0, 1, "0-3/5:a 3/5-1:b"],
  ["a!2 _ b", 0, 1, "0-3/8:a 3/8-3/4:a 3/4-1:b"],
  ["a@3 b/2", 0, 2, "0-3/4:a 3/4-5/4:b 1-7/4:a"],
  // stacks
  ["a, b c", 0, 1, "0-1:a 0-1/2:b 1/2-1:c"],
  ["[a, c] b", 0, 1, "0-1/2:a 0-1/2:c 1/2-1:b"],
  ["[a b, c d]*2", 0, 1, "0-1/4:a 0-1/4:c 1/4-1/2:b 1/4-1/2:d 1/2-3/4:a 1/2-3/4:c 3/4-1:b 3/4-1:d"],
  // Euclid
  ["x(3,8)", 0, 1, "0-1/8:x 3/8-1/2:x 3/4-7/8:x"],
  ["x(3,8,2)", 0, 1, "0-1/8:x 1/4-3/8:x 5/8-3/4:x"],
  ["x(5,8)", 0, 1, "0-1/8:x 1/4-3/8:x 3/8-1/2:x 5/8-3/4:x 3/4-7/8:x"],
  ["x(-3,8)", 0, 1, "1/8-1/4:x 1/4-3/8:x 1/2-5/8:x 5/8-3/4:x 7/8-1:x"],
  ["[a b](3,8)", 0, 1, "0-1/8:a 3/8-1/2:a 3/4-7/8:b"],
  ["x(<3 5>,8)", 1, 2, "1-9/8:x 5/4-11/8:x 11/8-3/2:x 13/8-7/4:x 7/4-15/8:x"],
  // feet and polymeter
  ["a . b c", 0, 1, "0-1/2:a 1/2-3/4:b 3/4-1:c"],
  ["{a b c, d e}", 0, 1, "0-1/3:a 0-1/3:d 1/3-2/3:b 1/3-2/3:e 2/3-1:c 2/3-1:d"],
  [
    "{a b, c d e}%4",
    0,
    1,
    "0-1/4:a 0-1/4:c 1/4-1/2:b 1/4-1/2:d 1/2-3/4:a 1/2-3/4:e 3/4-1:b 3/4-1:c",
  ],
  // nesting of everything
  // Weights 2 + 2; each copy of the alternation plays its cycle-1 line, [b c]*2, in 1/4 cycle.
  [
    "<a [b c]*2>!2 d@2",
    1,
    2,
    "1-17/16:b 17/16-9/8:c 9/8-19/16:b 19/16-5/4:c 5/4-21/16:b 21/16-11/8:c 11/8-23/16:b " +
    "23/16-3/2:c 3/2-2:d",
  ],
];

Deno.test("queryCycle() matches the golden events of every feature", () => {
  for (const [text, from, to, expected] of GOLDEN) {
    assert.equal(show(text, from, to), expected, `pattern "${text}" cycles ${from}..${to - 1}`);
  }
});

Deno.test("queryCycle() gives notes in Hz (A4 = 440), numbers as written and 1 for x", () => {
  const midi = [60, 69, 49, 63, 57, 34, 51, 26]; // c4 a4 c#3 eb4 a(=a3) Bb1 eb(=eb3) c##1
  const events = queryCycle(parsePattern("c4 a4 c#3 eb4 a Bb1 eb c##1"), 0);
  assert.deepEqual(events.map((e) => e.value), midi.map((m) => 440 * 2 ** ((m - 69) / 12)));
  assert.ok(events.every((e) => e.kind === "note" && !e.hit));
  const nums = queryCycle(parsePattern("1 -0.5 .5 2.25 1e3 0"), 0);
  assert.deepEqual(nums.map((e) => e.value), [1, -0.5, 0.5, 2.25, 1000, 0]);
  assert.ok(nums.every((e) => e.kind === "number" && !e.hit));
  const hits = queryCycle(parsePattern("x ~ x"), 0);
  assert.deepEqual(hits.map((e) => [e.value, e.hit, e.kind]), [[1, true, "hit"], [1, true, "hit"]]);
});

Deno.test("queryCycle() times are exact fractions: 7 and 3 subdivisions never drift", () => {
  const events = queryCycle(parsePattern("[x x x x x x x, x x x]*1000"), 999);
  assert.equal(events.length, 10000);
  const sevenths = events.filter((e) => e.end.sub(e.begin).eq(Fraction.of(1, 7000)));
  assert.equal(sevenths.length, 7000);
  assert.equal(String(sevenths[6999].end), "1000");
  assert.deepEqual(events.slice(0, 3).map((e) => String(e.begin)), ["999", "999", "6993001/7000"]);
  const thirds = events.filter((e) => e.end.sub(e.begin).eq(Fraction.of(1, 3000)));
  assert.equal(thirds.length, 3000);
  assert.equal(String(thirds[1].begin), "2997001/3000"); // 999 + 1/3000, exactly
  assert.equal(String(events[4].begin), "2997001/3000"); // after 999 + 2/7000, before 3/7000
});

Deno.test("queryCycle() reports each event's word offset in the pattern text", () => {
  const text = "  c3 [e3  g3]*2";
  const events = queryCycle(parsePattern(text), 0);
  assert.deepEqual(events.map((e) => [e.offset, e.length]), [[2, 2], [6, 2], [10, 2], [6, 2], [
    10,
    2,
  ]]);
});

Deno.test("queryCycle() is deterministic for ? and |: the same cycle twice gives the same events", () => {
  const p = parsePattern("[a | b c] x*8?");
  for (const c of [0, 3, 17, 1000, -5]) {
    assert.deepEqual(queryCycle(p, c), queryCycle(parsePattern("[a | b c] x*8?"), c));
  }
});

Deno.test("a? keeps about half of the events and a?0.8 about a fifth (99.9% binomial bounds)", () => {
  // 8000 draws at p = 0.5: sd 44.7, so ±150 is beyond 3.3 sd; p = 0.2: sd 35.8, ±120.
  const count = (text: string) => {
    const p = parsePattern(text);
    let n = 0;
    for (let c = 0; c < 1000; c++) n += queryCycle(p, c).length;
    return n;
  };
  const half = count("x*8?");
  assert.ok(half > 3850 && half < 4150, `x*8? kept ${half} of 8000`);
  const fifth = count("x*8?0.8");
  assert.ok(fifth > 1480 && fifth < 1720, `x*8?0.8 kept ${fifth} of 8000`);
  // Strudel's random value is exactly 0 at t = 0, 300, 600 and 900, and `?` keeps an event
  // only where it is above the amount, so even ?0 drops those four (as Strudel does).
  assert.equal(count("x*8?0"), 7996);
  assert.equal(count("x*8?1"), 0);
});

Deno.test("a | b | c picks each layer about a third of the time, once per cycle", () => {
  const p = parsePattern("a | b | c");
  const seen: Record<string, number> = { a: 0, b: 0, c: 0 };
  for (let c = 0; c < 3000; c++) {
    const events = queryCycle(p, c);
    assert.equal(events.length, 1);
    seen["abc"[events[0].offset / 4]]++;
  }
  // 3000 draws at p = 1/3: sd 25.8; ±100 is beyond 3.8 sd.
  for (const k of "abc") assert.ok(Math.abs(seen[k] - 1000) < 100, `${k}: ${seen[k]}`);
});

Deno.test("queryCycle() refuses a non-integer cycle and a pattern too dense to query", () => {
  assert.throws(() => queryCycle(parsePattern("a"), 0.5), RangeError);
  assert.throws(
    () => queryCycle(parsePattern("x*100000"), 0),
    (e) => e instanceof PatternRangeError && e.offset === 0 && e.length === 8,
  );
  assert.equal(queryCycle(parsePattern(`x*${MAX_QUERY_WORK / 2}`), 0).length, MAX_QUERY_WORK / 2);
  // Empty subdivisions cost work too: a million silent cycles must not hang.
  assert.throws(() => queryCycle(parsePattern("[~ ~]*1000000"), 0), PatternRangeError);
});
