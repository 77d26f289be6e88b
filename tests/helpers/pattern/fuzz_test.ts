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

const SEED = 0x9a77e;
const RANDOM_STRINGS = 2500;
const VALID = 1500;
const MUTATIONS = 2500;
/** Slowest a single input may be before it counts as a hang, in ms (a loaded machine included). */
const HANG_MS = 2000;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(SEED);
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];

const WORDS = ["a", "b", "c3", "c#3", "eb4", "a1", "x", "x", "~", "-", "0", "1", "-0.5", ".5"];
const TOKENS = [
  ...WORDS,
  ..." [ ] < > { } ( ) , | . * / ! @ _ ? % : ^ # 2 3 8 1.5 -1 e h bd".split(" "),
  " ",
  " ",
  "\t",
  "\n",
  "é",
  "🎵",
  "$",
  "'",
  '"',
  "..",
  "\u00A0",
];

function randomString(): string {
  let s = "";
  for (let n = int(24); n > 0; n--) s += pick(TOKENS);
  return s;
}

function factor(depth: number): string {
  if (depth > 1 || random() < 0.7) return pick(["2", "3", "1.5", "0.5", "4", "0", "~"]);
  return `<${pick(["1", "2"])} ${pick(["2", "3", "1.5"])}>`;
}

function slice(depth: number): string {
  const r = random();
  if (depth > 2 || r < 0.55) return pick(WORDS);
  if (r < 0.75) return `[${layers(depth + 1, ",|.")}]`;
  if (r < 0.9) return `<${layers(depth + 1, ",")}>`;
  return `{${layers(depth + 1, ",")}}${random() < 0.4 ? `%${pick(["2", "3", "4"])}` : ""}`;
}

function step(depth: number): string {
  let s = slice(depth);
  for (let n = int(3); n > 0; n--) {
    const r = random();
    if (r < 0.2) s += `*${factor(depth)}`;
    else if (r < 0.35) s += `/${factor(depth)}`;
    else if (r < 0.5) s += pick(["!", "!2", "!3", " !"]);
    else if (r < 0.65) s += pick(["@2", "@1.5", " _", "@3"]);
    else if (r < 0.75) s += pick(["?", "?0.3"]);
    else {
      const steps = pick([4, 5, 8, 16]);
      const pulses = pick([1, 3, -3, steps]);
      s += random() < 0.5 ? `(${pulses},${steps})` : `(<${pulses} 2>,${steps},${int(5) - 2})`;
    }
  }
  return s;
}

function layers(depth: number, separators: string): string {
  const seq = () => Array.from({ length: 1 + int(4) }, () => step(depth)).join(" ");
  const sep = pick([...separators]);
  return Array.from({ length: random() < 0.7 ? 1 : 2 + int(2) }, seq).join(` ${sep} `);
}

function mutate(s: string): string {
  for (let n = 1 + int(3); n > 0; n--) {
    const i = int(s.length + 1);
    const r = random();
    if (r < 0.3) s = s.slice(0, i) + s.slice(i + 1);
    else if (r < 0.6) s = s.slice(0, i) + pick(TOKENS) + s.slice(i);
    else if (r < 0.8) s = s.slice(0, i) + pick(TOKENS) + s.slice(i + 1);
    else s = s.slice(0, i) + s.slice(int(s.length), int(s.length) + 4) + s.slice(i);
  }
  return s;
}

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
  for (let i = 0; i < RANDOM_STRINGS; i++) if (check(randomString())) parsed++;
  assert.ok(parsed > RANDOM_STRINGS * 0.01, `only ${parsed} of ${RANDOM_STRINGS} parsed`);
  assert.ok(parsed < RANDOM_STRINGS * 0.5, `${parsed} of ${RANDOM_STRINGS} parsed: too lenient?`);
});

Deno.test("fuzz: generated patterns all parse, query, compile and repeat after their period", () => {
  let periodic = 0;
  for (let i = 0; i < VALID; i++) {
    const text = layers(0, ",|.");
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
  for (let i = 0; i < MUTATIONS; i++) if (check(mutate(layers(0, ",|.")))) parsed++;
  assert.ok(parsed > MUTATIONS * 0.1, `only ${parsed} of ${MUTATIONS} parsed`);
  assert.ok(parsed < MUTATIONS * 0.9, `${parsed} of ${MUTATIONS} parsed: mutations too tame?`);
});

Deno.test("fuzz: at least 5,000 inputs", () => {
  assert.ok(RANDOM_STRINGS + VALID + MUTATIONS >= 5000);
});
