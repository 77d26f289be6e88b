/**
 * A seeded fuzz test of the pattern language: random strings over its alphabet, random valid
 * patterns and random mutations of them. Every input parses or throws a PatternSyntaxError
 * whose offset lies in the string; every parsed one queries and compiles or throws a located
 * PatternRangeError; nothing else is ever thrown and nothing hangs. Valid patterns also get
 * their period checked (cycle c + period repeats cycle c exactly).
 * @module
 */

import assert from "node:assert/strict";
import {
  compilePattern,
  Fraction,
  parsePattern,
  type Pattern,
  type PatternEvent,
  patternPeriod,
  PatternRangeError,
  PatternSyntaxError,
  queryCycle,
} from "../../../helpers/pattern/mod.ts";
import { patternGenerator } from "./_gen.ts";

const SEED = 0x9a77e;
const RANDOM_STRINGS = 2500;
const VALID = 1500;
const MUTATIONS = 2500;
/** Slowest a single input may be before it counts as a hang, in ms (a loaded machine included). */
const HANG_MS = 2000;

const gen = patternGenerator(SEED);

/** The property every input must have; returns the parsed pattern, if any. */
function check(text: string): Pattern | undefined {
  const t0 = performance.now();
  let pattern: Pattern | undefined;
  try {
    pattern = parsePattern(text);
  } catch (e) {
    if (!(e instanceof PatternSyntaxError)) throw new Error(`${JSON.stringify(text)}: ${e}`);
    assert.ok(Number.isInteger(e.offset) && e.offset >= 0 && e.offset <= text.length, text);
    assert.ok(e.length >= 0 && e.offset + e.length <= text.length, text);
    assert.ok(e.message.length > 0 && !e.message.endsWith("."), e.message);
  }
  if (pattern) {
    for (const c of [0, 1, 5, -2]) located(text, () => checkEvents(queryCycle(pattern, c), c));
    located(text, () => compilePattern(pattern, { maxCycles: 32, randomCycles: 4 }));
  }
  const ms = performance.now() - t0;
  assert.ok(ms < HANG_MS, `${JSON.stringify(text)} took ${ms.toFixed(0)} ms`);
  return pattern;
}

function located(text: string, f: () => void): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof PatternRangeError)) throw new Error(`${JSON.stringify(text)}: ${e}`);
    assert.ok(e.offset >= 0 && e.length >= 0 && e.offset + e.length <= text.length, text);
  }
}

function checkEvents(events: readonly PatternEvent[], cycle: number): void {
  const c = Fraction.of(cycle);
  const next = Fraction.of(cycle + 1);
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    assert.ok(c.lte(e.begin) && e.begin.lt(next) && e.begin.lt(e.end), `${e.begin}-${e.end}`);
    assert.ok(Number.isFinite(e.value));
    if (i > 0) assert.ok(events[i - 1].begin.lte(e.begin), "events out of order");
  }
}

function periodHolds(p: Pattern): boolean {
  const info = patternPeriod(p);
  if (info.random || info.cycles > 12n) return false;
  const n = Number(info.cycles);
  const show = (events: readonly PatternEvent[], by: Fraction) =>
    events.map((e) => `${e.begin.add(by)}-${e.end.add(by)}:${e.value}`).join(" ");
  try {
    for (let c = 0; c < n; c++) {
      assert.equal(
        show(queryCycle(p, c + n), Fraction.of(0)),
        show(queryCycle(p, c), info.cycles === 0n ? Fraction.of(0) : Fraction.of(n)),
        `${p.source}: cycle ${c + n} does not repeat cycle ${c}`,
      );
    }
  } catch (e) {
    if (e instanceof PatternRangeError) return false;
    throw e;
  }
  return true;
}

Deno.test("fuzz: random strings over the pattern alphabet parse or fail with a located error", () => {
  let parsed = 0;
  for (let i = 0; i < RANDOM_STRINGS; i++) if (check(gen.randomString())) parsed++;
  assert.ok(parsed > RANDOM_STRINGS * 0.01, `only ${parsed} of ${RANDOM_STRINGS} parsed`);
  assert.ok(parsed < RANDOM_STRINGS * 0.5, `${parsed} of ${RANDOM_STRINGS} parsed: too lenient?`);
});

Deno.test("fuzz: generated patterns all parse, query, compile and repeat after their period", () => {
  let periodic = 0;
  for (let i = 0; i < VALID; i++) {
    const text = gen.valid();
    let p: Pattern | undefined;
    try {
      p = parsePattern(text);
    } catch (e) {
      assert.fail(`valid pattern ${JSON.stringify(text)} did not parse: ${e}`);
    }
    check(text);
    if (periodHolds(p)) periodic++;
  }
  assert.ok(periodic > VALID * 0.15, `only ${periodic} of ${VALID} periods checked`);
});

Deno.test("fuzz: mutations of valid patterns parse or fail with a located error", () => {
  let parsed = 0;
  for (let i = 0; i < MUTATIONS; i++) if (check(gen.mutate(gen.valid()))) parsed++;
  assert.ok(parsed > MUTATIONS * 0.1, `only ${parsed} of ${MUTATIONS} parsed`);
  assert.ok(parsed < MUTATIONS * 0.9, `${parsed} of ${MUTATIONS} parsed: mutations too tame?`);
});

Deno.test("fuzz: at least 5,000 inputs", () => {
  assert.ok(RANDOM_STRINGS + VALID + MUTATIONS >= 5000);
});
