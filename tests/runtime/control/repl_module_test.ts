/**
 * The modules a TypeScript REPL block is run as (runtime/control/repl_module.ts): where the last
 * statement is split off to echo its value, and how positions map back to the block.
 * @module
 */
import assert from "node:assert/strict";
import { blockModules, splitLast } from "../../../runtime/control/repl_module.ts";

Deno.test("the last statement is split off only where a new statement starts", () => {
  const cases: [string, string | undefined][] = [
    ["a; b", "b"],
    ["a\nb", "b"],
    ["a\n  .b()", undefined],
    ["a\n(b)", undefined],
    ["a\n+ b", undefined],
    ["a\n`t`", undefined],
    ["if (x) f()\nelse g()", undefined],
    ["f(1,\n 2)", undefined],
    ['const s = "a;b"', undefined],
    ["const s = `a;${b}`", undefined],
    ["x = 1 // c; d", undefined],
    ["x = 1; // c", undefined],
    ["x = 1;\n\n  y * 2;  \n", "y * 2"],
    ["a\nconst b = 1", undefined],
    // Regression: the hand-written splitter read the `;` inside a regex literal as a break.
    ["const x = /a;b/.source", undefined],
    ["const x = /a;b/.source\nx.length", "x.length"],
  ];
  for (const [block, tail] of cases) assert.equal(splitLast(block)?.tail, tail, block);
  // Each form keeps the block's lines; columns map back to the block.
  for (const form of blockModules("const r = 220;\nr * 2")) {
    assert.equal(form.text.split("\n")[1].endsWith("r * 2"), true, form.form);
    assert.deepEqual(form.toBlock(2, form.text.split("\n")[1].indexOf("*") + 1), {
      line: 2,
      column: 3,
    });
  }
});
