/**
 * Source: mapping offsets in a template back to the session file's lines and columns, with
 * and without the file's text.
 * @module
 */

import assert from "node:assert/strict";
import { Source } from "../../mod.ts";

// The file as written: the template opens on line 3 after `lel` + backtick at column 1.
const FILE = [
  'import { lel } from "../mod.ts";',
  "",
  "lel`a: saw 55 |> pan ${(s) =>",
  "  Math.sin(s.t)} |> gain 0.5",
  "b: sin 3`;",
].join("\n");
const CHUNKS = ["a: saw 55 |> pan ", " |> gain 0.5\nb: sin 3"];

Deno.test("without the file, lines count from the tag and the first line from its column", () => {
  const source = new Source(["x: saw 1\n  y: saw 2"], { file: "s.ts", line: 10, column: 5 });
  assert.deepEqual(source.position(0), { line: 10, column: 5 });
  assert.deepEqual(source.position(3), { line: 10, column: 8 });
  assert.deepEqual(source.position(11), { line: 11, column: 3 });
});

Deno.test("with the file, positions past a multi-line interpolation are exact", () => {
  const source = new Source(CHUNKS, { file: "s.ts", line: 3, column: 5, fileText: () => FILE });
  assert.equal(source.text, "a: saw 55 |> pan ${…} |> gain 0.5\nb: sin 3");
  assert.deepEqual(source.position(0), { line: 3, column: 5 }, "'a' after the backtick");
  assert.deepEqual(source.position(17), { line: 3, column: 22 }, "the ${ of the interpolation");
  const gain = source.text.indexOf("gain");
  assert.deepEqual(source.position(gain), { line: 4, column: 21 });
  const b = source.text.indexOf("b:");
  assert.deepEqual(source.position(b), { line: 5, column: 1 });
});

Deno.test("when the stack names the tag's end, the backtick is found after blanks", () => {
  const file = "foo\n  .lel   `x: saw 1`;";
  const source = new Source(["x: saw 1"], { line: 2, column: 7, fileText: () => file });
  assert.deepEqual(source.position(3), { line: 2, column: 14 });
});

Deno.test("a file that no longer holds the template falls back to counting lines", () => {
  const source = new Source(CHUNKS, {
    line: 3,
    column: 5,
    fileText: () => FILE.replace("saw 55", "saw 56"),
  });
  const b = source.text.indexOf("b:");
  assert.deepEqual(source.position(b), { line: 4, column: 1 }, "the interpolation's break is lost");
});

Deno.test("a file that cannot be read falls back to counting lines", () => {
  const source = new Source(["a\nb"], { line: 7, fileText: () => undefined });
  assert.deepEqual(source.position(2), { line: 8, column: 1 });
});

Deno.test("lineText() shows ${…} and indents the first line to its column", () => {
  const source = new Source(CHUNKS, { line: 3, column: 5 });
  assert.equal(source.lineText(0), "    a: saw 55 |> pan ${…} |> gain 0.5");
  assert.equal(source.lineText(1), "b: sin 3");
  assert.deepEqual(source.templatePosition(source.text.indexOf("sin")), { line: 1, column: 3 });
});

Deno.test("positions stay exact past an interpolation holding a regex with a quote and a brace", () => {
  // Regression: the hand-written expression skipper read `/'/` as the start of a string and
  // `/}/` as the interpolation's end, lost the template and fell back to counting lines.
  const file = [
    "lel`a: saw 55 |> pan ${(s) => s.name.replace(/'/g, '') === '' ? 0 :",
    "  s.name.search(/}/)} |> gain 0.5",
    "b: sin 3`;",
  ].join("\n");
  const chunks = ["a: saw 55 |> pan ", " |> gain 0.5\nb: sin 3"];
  const source = new Source(chunks, { file: "s.ts", line: 1, column: 5, fileText: () => file });
  assert.deepEqual(source.position(source.text.indexOf("gain")), { line: 2, column: 26 });
  assert.deepEqual(source.position(source.text.indexOf("b:")), { line: 3, column: 1 });
});
