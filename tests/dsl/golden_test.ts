/**
 * Golden tests: every case in tests/testdata/dsl/golden.txt is compiled, built and registered
 * into a fresh engine; what it lowers to (or the exact error, with line, column and frame)
 * must match the fixture. `UPDATE_GOLDEN=1` rewrites the expectations (review the diff).
 * @module
 */

import assert from "node:assert/strict";
import {
  compile,
  DslSyntaxError,
  engine,
  printProgram,
  registerProgram,
  resetEngine,
  sin,
} from "../../mod.ts";

const FIXTURE = new URL("../testdata/dsl/golden.txt", import.meta.url);
const UPDATE = Deno.env.get("UPDATE_GOLDEN") === "1";

/** The values `${name}` stands for in the fixtures (helpers built fresh per case). */
const VALUES: Record<string, () => unknown> = {
  n: () => 0.25,
  nan: () => NaN,
  str: () => "oops",
  obj: () => ({}),
  fn: () => (s: { t: number }) => Math.sin(s.t * 0.3),
  lfo: () => sin(0.3),
  lfo2: () => sin(2),
};

interface Case {
  title: string;
  input: string;
  expected: string;
}

function parseFixture(text: string): { preamble: string; cases: Case[] } {
  const [preamble, ...blocks] = text.split(/^### /m);
  const cases = blocks.map((block) => {
    const nl = block.indexOf("\n");
    const title = block.slice(0, nl);
    const body = block.slice(nl + 1);
    const sep = body.indexOf("\n---\n");
    assert.ok(sep >= 0, `case '${title}' has no '---' line`);
    return {
      title,
      input: body.slice(0, sep),
      expected: body.slice(sep + 5).replace(/\n+$/, ""),
    };
  });
  return { preamble, cases };
}

/** Splits `${name}` markers into template chunks and values. */
function template(input: string): { chunks: string[]; values: unknown[] } {
  const chunks: string[] = [];
  const values: unknown[] = [];
  const cache = new Map<string, unknown>();
  let last = 0;
  for (const m of input.matchAll(/\$\{(\w+)\}/g)) {
    chunks.push(input.slice(last, m.index));
    const make = VALUES[m[1]];
    assert.ok(make !== undefined, `unknown fixture value \${${m[1]}}`);
    if (!cache.has(m[1])) cache.set(m[1], make());
    values.push(cache.get(m[1]));
    last = m.index! + m[0].length;
  }
  chunks.push(input.slice(last));
  return { chunks, values };
}

function run(input: string): string {
  resetEngine({ fadeTime: 0 });
  const { chunks, values } = template(input);
  try {
    const program = compile(chunks, { values, file: "input.lel" });
    const printed = printProgram(program);
    const { names } = registerProgram(program);
    assert.deepEqual(engine().signals().map((s) => s.name), names);
    return printed;
  } catch (error) {
    if (!(error instanceof DslSyntaxError)) throw error;
    assert.deepEqual(engine().signals(), [], "nothing is registered after an error");
    return error.format();
  }
}

const text = await Deno.readTextFile(FIXTURE);
const { preamble, cases } = parseFixture(text);

Deno.test("golden fixtures: every case lowers or fails exactly as recorded", () => {
  const actual = cases.map((c) => ({ ...c, actual: run(c.input) }));
  if (UPDATE) {
    const out = preamble +
      actual.map((c) => `### ${c.title}\n${c.input}\n---\n${c.actual}\n\n`).join("");
    Deno.writeTextFileSync(FIXTURE, out.replace(/\n+$/, "\n"));
    return;
  }
  for (const c of actual) {
    assert.equal(c.actual, c.expected, `case '${c.title}'`);
  }
  assert.ok(cases.length >= 50, `only ${cases.length} cases`);
});

Deno.test("golden fixtures: error cases are errors and the others are not", () => {
  for (const c of cases) {
    const isError = c.title.startsWith("error:");
    const looksLikeError = /^input\.lel:\d+:\d+: /.test(c.expected);
    assert.equal(looksLikeError, isError, `case '${c.title}'`);
  }
});

Deno.test("golden fixtures: a registered program plays sound", () => {
  resetEngine({ fadeTime: 0 });
  const { chunks, values } = template("a: saw 55 |> lpf 400 0.3 |> gain -12db");
  registerProgram(compile(chunks, { values }));
  const out = [new Float64Array(256), new Float64Array(256)];
  engine().process(out, 256);
  assert.ok(out[0].some((v) => Math.abs(v) > 1e-3));
  resetEngine();
});
