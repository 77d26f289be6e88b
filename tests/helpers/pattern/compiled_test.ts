/**
 * The compiled table: its length is a true period of the pattern (checked by querying past
 * it), its events are exactly the queried ones, the caps fail with a located error, and the
 * lookups follow the documented boundary rule (begin inclusive, end exclusive).
 * @module
 */

import assert from "node:assert/strict";
import {
  compilePattern,
  eventAt,
  Fraction,
  isSounding,
  parsePattern,
  type PatternEvent,
  patternPeriod,
  PatternRangeError,
  queryCycle,
} from "../../../helpers/pattern/mod.ts";

/** [pattern, cycles worked out by hand]. */
const PERIODS: readonly (readonly [string, number])[] = [
  ["a b", 1],
  ["<a b c>", 3],
  ["<a b c> <d e>", 6],
  ["a/2", 2],
  ["<a b>/2", 4],
  ["[a b c]/1.5", 3], // 1.5 × 2 = 3 is the first whole number of cycles
  ["a*1.5", 2], // 3 cycles of the sped-up pattern span exactly 2 cycles
  ["a*<2 3>", 2],
  ["<a b>!2 c", 2],
  ["{a b c}%4", 3], // the 3-step layer at 4 steps per cycle comes round every 3 cycles
  ["{a b, c d e}", 3],
  ["x(<3 5>,8,<0 2 1>)", 6],
  ["a b, <c d e>", 3],
  ["<a@1.5 b>", 5],
  ["a@3 b/2", 2],
  ["<a <b c>>", 4],
  ["[a b]/<1 2>", 2], // the factor alternates every cycle; [a b]/2 takes 2 cycles
];

function exact(events: readonly PatternEvent[]) {
  return events.map((e) => `${e.begin}-${e.end}:${e.value}`);
}

Deno.test("compilePattern() spans the hand-worked period of each pattern", () => {
  for (const [text, cycles] of PERIODS) {
    assert.equal(compilePattern(parsePattern(text)).cycles, cycles, text);
  }
});

Deno.test("compilePattern() events are exactly queryCycle's for cycles 0 … cycles-1", () => {
  for (const [text] of PERIODS) {
    const p = parsePattern(text);
    const t = compilePattern(p);
    const rows: number[] = [];
    for (let c = 0; c < t.cycles; c++) {
      for (const e of queryCycle(p, c)) rows.push(e.begin.toNumber(), e.end.toNumber(), e.value);
    }
    assert.equal(t.count * 3, rows.length, text);
    assert.deepEqual([...t.events.subarray(0, 3 * t.count)], rows, text);
  }
});

Deno.test("the table length is a true period: cycle c + cycles repeats cycle c exactly", () => {
  for (const [text] of PERIODS) {
    const p = parsePattern(text);
    const n = Fraction.of(patternPeriod(p).cycles);
    for (let c = -3 * Number(n.n); c < 3 * Number(n.n); c++) {
      const moved = queryCycle(p, c).map((e) => ({
        ...e,
        begin: e.begin.add(n),
        end: e.end.add(n),
      }));
      assert.deepEqual(exact(queryCycle(p, c + Number(n.n))), exact(moved), `${text}: cycle ${c}`);
    }
  }
});

Deno.test("compilePattern() unrolls a random pattern for randomCycles, rounded up to its period", () => {
  const p = parsePattern("x*4?");
  const t = compilePattern(p);
  assert.equal(t.cycles, 16);
  const rows = [];
  for (let c = 0; c < 16; c++) for (const e of queryCycle(p, c)) rows.push(e.begin.toNumber());
  assert.deepEqual([...t.events].filter((_, i) => i % 3 === 0), rows);
  assert.ok(t.count > 16 && t.count < 48, `${t.count} of 64 kept`);
  assert.equal(compilePattern(parsePattern("<a b c>?"), { randomCycles: 5 }).cycles, 6);
  assert.equal(compilePattern(parsePattern("a | b"), { randomCycles: 1 }).cycles, 1);
});

Deno.test("compilePattern() refuses a period past maxCycles, pointing at the part responsible", () => {
  const slow = "<a b c d e f g>/1024";
  assert.throws(() => compilePattern(parsePattern(slow)), (e) => {
    assert.ok(e instanceof PatternRangeError);
    assert.deepEqual([e.offset, e.length], [15, 5]); // "/1024"
    assert.equal(
      e.message,
      "Cannot compile pattern: it repeats every 7168 cycles, more than the 1024 allowed; " +
        "give its '<…>' lengths and '/' factors common divisors",
    );
    return true;
  });
  // 7 × 11 × 13 = 1001 fits; × 2 does not, and no single part is too long: the sequence is.
  const coprime = "<0 1 2 3 4 5 6> <0 1 2 3 4 5 6 7 8 9 10> <0 1 2 3 4 5 6 7 8 9 10 11 12>";
  assert.equal(compilePattern(parsePattern(coprime)).cycles, 1001);
  assert.throws(
    () => compilePattern(parsePattern(`${coprime} <0 1>`)),
    (e) => e instanceof PatternRangeError && e.offset === 0 && e.length === coprime.length + 6,
  );
  const nested = "a [b <c d e>/400]";
  assert.throws(
    () => compilePattern(parsePattern(nested)),
    (e) => e instanceof PatternRangeError && e.offset === 12 && e.length === 4, // "/400"
  );
  assert.equal(compilePattern(parsePattern("a/8"), { maxCycles: 8 }).cycles, 8);
  assert.throws(() => compilePattern(parsePattern("a/9"), { maxCycles: 8 }), PatternRangeError);
});

Deno.test("compilePattern() refuses more than maxEvents events", () => {
  assert.equal(compilePattern(parsePattern("x*64"), { maxEvents: 64 }).count, 64);
  assert.throws(
    () => compilePattern(parsePattern("x*64"), { maxEvents: 63 }),
    (e) => e instanceof PatternRangeError && /more than 63 events in 1 cycles/.test(e.message),
  );
});

Deno.test("eventAt() is begin-inclusive: at an onset the new event is current", () => {
  const t = compilePattern(parsePattern("a b"));
  assert.equal(eventAt(t.events, t.count, 0, -1), 0);
  assert.equal(eventAt(t.events, t.count, 0.49999999999999994, -1), 0); // largest double < 0.5
  assert.equal(eventAt(t.events, t.count, 0.5, -1), 1);
  assert.equal(eventAt(t.events, t.count, 0.5, 0), 1);
  assert.equal(eventAt(t.events, t.count, 0.9999999999999999, 1), 1);
});

Deno.test("eventAt() holds the last event through rests; isSounding() is end-exclusive", () => {
  const t = compilePattern(parsePattern("a ~ b ~"));
  const at = (pos: number) => eventAt(t.events, t.count, pos, -1);
  assert.deepEqual([at(0.1), at(0.3), at(0.6), at(0.9)], [0, 0, 1, 1]);
  assert.equal(isSounding(t.events, at(0.1), 0.1, t.cycles), true);
  assert.equal(isSounding(t.events, at(0.25), 0.25, t.cycles), false); // a ends exactly here
  assert.equal(isSounding(t.events, at(0.3), 0.3, t.cycles), false);
  assert.equal(isSounding(t.events, at(0.5), 0.5, t.cycles), true);
});

Deno.test("eventAt() before the first onset is the table's last event (the loop wraps)", () => {
  const t = compilePattern(parsePattern("~ a ~ b"));
  assert.equal(eventAt(t.events, t.count, 0.1, -1), 1);
  assert.equal(isSounding(t.events, 1, 0.1, t.cycles), false);
  // An event that runs past the end of the table sounds on into the next repeat.
  const long = new Float64Array([0.5, 1.25, 440]);
  assert.equal(eventAt(long, 1, 0.1, -1), 0);
  assert.deepEqual(
    [0.1, 0.25, 0.3, 0.6, 0.99].map((p) => isSounding(long, 0, p, 1)),
    [true, false, false, true, true],
  );
  assert.equal(eventAt(new Float64Array(0), 0, 0.5, -1), -1);
  assert.equal(isSounding(new Float64Array(0), -1, 0.5, 1), false);
});

Deno.test("eventAt() picks the last of events with the same onset (stack order)", () => {
  const t = compilePattern(parsePattern("[a4, e5] c5"));
  assert.deepEqual([...t.events.subarray(0, 6)], [0, 0.5, 440, 0, 0.5, 440 * 2 ** (7 / 12)]);
  assert.equal(eventAt(t.events, t.count, 0, -1), 1);
  assert.equal(eventAt(t.events, t.count, 0.25, 0), 1);
});

Deno.test("eventAt() with a hint agrees with a linear scan at every sample of a sweep", () => {
  const t = compilePattern(parsePattern("<a [b c]*3> x(5,8) [d e f g a b]/1.5, c2(3,8,1)?"));
  const scan = (pos: number) => {
    let last = t.count - 1;
    for (let i = 0; i < t.count; i++) if (t.events[3 * i] <= pos) last = i;
    return last;
  };
  let hint = -1;
  const frames = 2 * t.cycles * 4800; // two loops at 4800 frames per cycle
  for (let f = 0; f < frames; f += 7) {
    const pos = (f / 4800) % t.cycles;
    const i = eventAt(t.events, t.count, pos, hint);
    assert.equal(i, scan(pos), `frame ${f}`);
    assert.equal(i, eventAt(t.events, t.count, pos, -1));
    hint = i;
  }
});
