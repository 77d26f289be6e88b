/**
 * A seeded fuzz test: thousands of random and mutated templates, each of which must either
 * register completely or throw a DslSyntaxError that leaves the engine exactly as it was —
 * never another exception, never a hang, never a partial registration.
 * @module
 */

import assert from "node:assert/strict";
import { patternGenerator } from "../helpers/pattern/_gen.ts";
import {
  compile,
  DslSyntaxError,
  engine,
  helperRegistry,
  lel,
  poolUsage,
  register,
  registerProgram,
  resetEngine,
  sin,
} from "../../mod.ts";
import type { ParamSpec } from "../../mod.ts";

const SEED = 0x1e1;
const COUNT = 12000;
/** Slowest a single input may be before it counts as a hang, in ms (GC pauses included). */
const HANG_MS = 1000; // a hang detector, not a timing test (a pattern near its limits takes ~0.1 s)

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

const HELPERS = helperRegistry.names();
const NAMES = ["drone", "bell", "a", "b", "kick", "d1", "x_2", "pad", "hat", "e3"];
const UNITS = ["", "", "", "hz", "khz", "ms", "s", "db", "%", "Hz", "dB", "x"];
const NOTES = ["a4", "c#3", "eb2", "bb1", "B0", "g9", "e#4"];
const JUNK = ["*", "$", "{", "}", "!", "é", "🎵", "\t", "\r", "'", '"', "`", "\\", ",", ";", "-"];
const MARK = "\u0000"; // where an interpolation goes (never produced otherwise)

const UNITS_FOR: Record<string, readonly string[]> = {
  frequency: ["", "hz", "khz", "Hz"],
  time: ["", "ms", "s"],
  gain: ["", "db", "%", "dB"],
  decibels: ["", "db"],
  unitless: ["", "%"],
  signal: ["", "hz", "ms"],
  any: ["", "hz", "%"],
};

function number(kind = "any"): string {
  const n = pick([
    () => String(int(2000)),
    () => (random() * 10).toFixed(int(4)),
    () => `-${(random() * 60).toFixed(1)}`,
    () => `${int(9)}e${int(5) - 2}`,
    () => `.${int(100)}`,
  ])();
  if (random() < 0.01) return pick(["1e999", "1e306khz", "0", "-0", "1e-300", "99999999999"]);
  return n + (random() < 0.01 ? pick(UNITS) : pick(UNITS_FOR[kind] ?? [""]));
}

const PATTERNS = patternGenerator(77);
const COMMON_PATTERNS = [
  "x ~ x ~",
  "a2 a2 c3 e3",
  "<a2 c3>*2 ~",
  "x(3,8)",
  "[x x] ~ x x?",
  "c4 e4 g4 <b4 a4>",
  "x*4",
  "60 ~ 62@2 _",
];

function value(depth: number, param?: ParamSpec): string {
  const kind = param?.kind ?? "any";
  const r = random();
  if (kind === "pattern") {
    const r2 = random();
    return `"${
      r2 < 0.7 ? pick(COMMON_PATTERNS) : r2 < 0.9 ? PATTERNS.valid() : PATTERNS.randomString()
    }"`;
  }
  if (kind === "string" || kind === "name") return `"${pick(NAMES)}"`;
  if (param?.constant || r < 0.45) return number(kind);
  if (r < 0.6) return kind === "frequency" || kind === "any" ? pick(NOTES) : number(kind);
  if (r < 0.75) return MARK;
  if (depth > 3) return number(kind);
  return `(${chain(depth + 1)})`;
}

function stage(depth: number, piped: boolean): string {
  if (random() < 0.005) return pick(["lfp", "trem", "wobble", "sine", "mxi"]);
  const candidates = HELPERS.filter((h) => {
    const spec = helperRegistry.get(h)!.spec;
    const first = spec.params[0];
    const text = first?.kind === "pattern" || first?.kind === "string" || first?.kind === "name";
    return piped ? first !== undefined && !first.constant && !text : first?.kind !== "signal";
  });
  const entry = helperRegistry.get(pick(candidates))!;
  const { params, rest } = entry.spec;
  const from = piped ? 1 : 0;
  const required = params.filter((p) => !p.optional).length;
  const max = rest === undefined ? params.length : params.length + 2;
  let count = required + int(max - required + 1) - from;
  if (random() < 0.02) count += pick([-1, 1]);
  const key = entry.options && random() < 0.1 ? `@${pick(["a", "b", "sweep", "k-1"])}` : "";
  const args: string[] = [];
  for (let i = 0; i < Math.max(0, count); i++) {
    args.push(value(depth, params[from + i] ?? rest));
  }
  return [entry.name + key, ...args].join(" ");
}

function chain(depth: number): string {
  const sourced = random() < 0.15;
  const head = sourced ? value(depth) : stage(depth, false);
  const stages = Array.from({ length: int(5) }, () => stage(depth, true));
  const sep = () => (random() < 0.1 ? "\n  |> " : " |> ");
  return [head, ...stages].reduce((acc, s) => acc + sep() + s);
}

function program(): string {
  const lines: string[] = [];
  for (let i = int(5); i >= 0; i--) {
    const r = random();
    const name = random() < 0.95 ? `${pick(NAMES)}${i}` : pick(NAMES);
    if (r < 0.1) lines.push(pick(["# a comment", "// another", "", "   "]));
    else lines.push(`  ${name}: ${chain(0)}${random() < 0.1 ? " # tail" : ""}`);
  }
  return lines.join("\n");
}

function mutate(text: string): string {
  let out = text;
  for (let n = 1 + int(3); n > 0; n--) {
    const at = int(out.length + 1);
    const r = random();
    if (r < 0.25) out = out.slice(0, at) + out.slice(at + 1 + int(6)); // delete
    else if (r < 0.5) {
      out = out.slice(0, at) + pick([...JUNK, "|>", "(", ")", ":", "@", "#", "\n", MARK]) +
        out.slice(at);
    } else if (r < 0.7) out = out.slice(0, at) + out[int(out.length)] + out.slice(at); // copy a char
    else if (r < 0.85) {
      const lines = out.split("\n");
      lines.splice(int(lines.length), 0, pick(lines)); // duplicate a line
      out = lines.join("\n");
    } else out = out.slice(0, at) + number() + out.slice(at);
  }
  return out;
}

function noise(): string {
  const alphabet = "ab# |>():@$\n-0123456789.kmsdbhz%\u00e9\u{1f3b5}" + MARK;
  return Array.from({ length: int(60) }, () => alphabet[int(alphabet.length)]).join("");
}

function input(i: number): string {
  if (i % 10 === 0) return noise();
  if (i % 97 === 0) return `x: ${"(".repeat(70 + int(30))}sin 3${")".repeat(70 + int(30))}`;
  if (i % 89 === 0) return `x: sin 3${" |> mul 1".repeat(200 + int(200))}`;
  return random() < 0.45 ? program() : mutate(program());
}

/** What a `${…}` holds: mostly what a session passes, sometimes what it should not. */
function interpolated(): unknown {
  if (random() < 0.05) return pick<unknown>([NaN, "text", undefined, {}, Infinity]);
  return pick<() => unknown>([
    () => int(1000) / 10,
    () => (s: { t: number }) => Math.sin(s.t),
    () => sin(1 + int(5)),
  ])();
}

function asTemplate(text: string): [TemplateStringsArray, unknown[]] {
  const chunks = text.split(MARK);
  const strings = Object.assign([...chunks], { raw: chunks }) as unknown as TemplateStringsArray;
  return [strings, chunks.slice(1).map(interpolated)];
}

function baseline(): void {
  resetEngine({ fadeTime: 0 });
  register("keep", sin(110));
}

Deno.test(`${COUNT} seeded random and mutated templates each register fully or throw DslSyntaxError, leaving no trace`, () => {
  baseline();
  let lowered = 0;
  let rejected = 0;
  let slowest = 0;
  const messages = new Set<string>();
  let usage = poolUsage().used;
  for (let i = 0; i < COUNT; i++) {
    const text = input(i);
    const [strings, values] = asTemplate(text);
    const t0 = performance.now();
    try {
      const { names } = lel(strings, ...(values as number[]));
      lowered++;
      assert.deepEqual(
        engine().signals().map((s) => s.name),
        ["keep", ...names.filter((n) => n !== "keep")],
        `input #${i} registered what it says`,
      );
      baseline();
      usage = poolUsage().used;
    } catch (error) {
      if (!(error instanceof DslSyntaxError)) {
        throw new Error(`input #${i} threw ${String(error)}\n${JSON.stringify(text)}`, {
          cause: error,
        });
      }
      rejected++;
      messages.add(error.message.replace(/'[^']*'/g, "'…'").replace(/\d+/g, "N"));
      assert.ok(error.line >= 1 && error.column >= 1, `input #${i}: a location`);
      assert.ok(error.frame.includes("^"), `input #${i}: a caret`);
      assert.ok(!/\.$/.test(error.message), `input #${i}: no trailing period`);
      assert.deepEqual(engine().signals().map((s) => s.name), ["keep"], `input #${i}: untouched`);
      assert.equal(poolUsage().used, usage, `input #${i}: the pool is as it was`);
    }
    assert.equal(engine().inTransaction, false, `input #${i}: no transaction left open`);
    const ms = performance.now() - t0;
    slowest = Math.max(slowest, ms);
    assert.ok(ms < HANG_MS, `input #${i} took ${ms.toFixed(1)} ms\n${JSON.stringify(text)}`);
  }
  resetEngine();
  assert.equal(lowered + rejected, COUNT);
  // Both outcomes are well exercised, and the errors are varied.
  assert.ok(lowered > COUNT * 0.15, `only ${lowered} inputs lowered`);
  assert.ok(rejected > COUNT * 0.3, `only ${rejected} inputs were rejected`);
  assert.ok(messages.size > 25, `only ${messages.size} distinct kinds of error`);
  console.log(
    `fuzz: ${COUNT} inputs, ${lowered} registered, ${rejected} rejected, ${messages.size} kinds of error, slowest ${
      slowest.toFixed(1)
    } ms`,
  );
});

/**
 * Pattern strings: 6,000 templates whose patterns are random, valid (every feature) or
 * mutated, in `seq`, `gate` and `trig`, literal or interpolated; each registers, or throws a
 * DslSyntaxError located inside the string (literal) or at the `${…}` (interpolated).
 */
Deno.test("5000 templates with random, valid and mutated pattern strings register or throw a DslSyntaxError located in the string", () => {
  baseline();
  const gen = patternGenerator(4242);
  let registered = 0;
  let rejected = 0;
  for (let i = 0; i < 5000; i++) {
    const r = random();
    const text = r < 0.3 ? gen.randomString() : r < 0.65 ? gen.valid() : gen.mutate(gen.valid());
    const helper = pick(["seq", "gate", "trig"]);
    const interpolate = random() < 0.25 || text.includes('"') || text.includes("\n");
    const before = `p${i % 7}: ${helper} `;
    const after = helper === "seq" ? " |> saw |> gain 0.1" : " |> perc 0.1";
    const literal = `${before}"${text}"${after}`;
    try {
      const program = interpolate
        ? compile(asTemplate(`${before}${MARK}${after}`)[0].raw, { values: [text] })
        : compile(literal);
      const { names } = registerProgram(program);
      assert.equal(names.length, 1);
      registered++;
      baseline();
    } catch (error) {
      if (!(error instanceof DslSyntaxError)) {
        throw new Error(`pattern #${i} threw ${String(error)}\n${JSON.stringify(text)}`, {
          cause: error,
        });
      }
      rejected++;
      assert.equal(error.line, 1, `pattern #${i}: line`);
      const start = before.length + 1;
      if (!interpolate) {
        // Inside the quotes (or at the closing quote, for a pattern that ends too early).
        assert.ok(
          error.column >= start && error.column <= start + text.length + 1,
          `pattern #${i} at column ${error.column}, the string spans ${start}..${
            start + text.length + 1
          }: ${error.message}\n${JSON.stringify(text)}`,
        );
      }
      assert.ok(error.frame.includes("^"), `pattern #${i}: a caret`);
      assert.deepEqual(engine().signals().map((s) => s.name), ["keep"], `pattern #${i}: untouched`);
    }
  }
  resetEngine();
  assert.equal(registered + rejected, 5000);
  assert.ok(registered > 1000, `only ${registered} patterns registered`);
  assert.ok(rejected > 1000, `only ${rejected} patterns were refused`);
  console.log(`pattern fuzz: 5000 templates, ${registered} registered, ${rejected} refused`);
});
