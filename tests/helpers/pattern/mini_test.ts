/**
 * The parser: tree shape, source offsets, Strudel's seed numbering, free whitespace, and an
 * exact table of bad patterns → error offset, length and message.
 * @module
 */

import assert from "node:assert/strict";
import {
  MAX_NESTING,
  parsePattern,
  type PatternNode,
  PatternSyntaxError,
  type StepNode,
} from "../../../helpers/pattern/mod.ts";
import { show } from "./_show.ts";

function steps(node: PatternNode): readonly StepNode[] {
  assert.equal(node.type, "sequence");
  return node.type === "sequence" ? node.steps : [];
}

Deno.test("parsePattern() builds steps with weights, operators and source ranges", () => {
  const text = "a@3 b!2 [c d]*2 ~";
  const s = steps(parsePattern(text).root);
  assert.deepEqual(s.map((x) => String(x.weight)), ["3", "2", "1", "1"]);
  assert.deepEqual(s.map((x) => text.slice(x.offset, x.offset + x.length)), [
    "a@3",
    "b!2",
    "[c d]*2",
    "~",
  ]);
  assert.deepEqual(s[1].ops.map((o) => o.type), ["replicate"]);
  const group = s[2].body;
  assert.equal(group.type, "sequence");
  assert.deepEqual([group.offset, group.length], [8, 5]); // "[c d]", brackets included
  const fast = s[2].ops[0];
  assert.ok(fast.type === "fast" && fast.amount.type === "atom" && fast.amount.value === 2);
  assert.equal(s[3].body.type === "atom" && s[3].body.kind, "rest");
});

Deno.test("parsePattern() reads words as notes (octave 3 by default), numbers, x and rests", () => {
  const s = steps(parsePattern("c#3 eb 1.5 -2 x ~ - .5 A4").root);
  const atoms = s.map((x) => x.body.type === "atom" ? [x.body.kind, x.body.value] : []);
  assert.deepEqual(atoms, [
    ["note", 440 * 2 ** ((49 - 69) / 12)],
    ["note", 440 * 2 ** ((51 - 69) / 12)],
    ["number", 1.5],
    ["number", -2],
    ["hit", 1],
    ["rest", NaN],
    ["rest", NaN],
    ["number", 0.5],
    ["note", 440],
  ]);
});

Deno.test("parsePattern() numbers ? and | seeds like Strudel: post-order, counting . too", () => {
  const seeds = (node: PatternNode | StepNode, out: string[] = []): string[] => {
    if (node.type === "step") {
      seeds(node.body, out);
      for (const o of node.ops) {
        if (o.type === "degrade") out.push(`?${o.seed}`);
        if (o.type === "fast" || o.type === "slow") seeds(o.amount, out);
      }
    } else if (node.type === "sequence") node.steps.forEach((s) => seeds(s, out));
    else if (node.type !== "atom") {
      node.layers.forEach((l) => seeds(l, out));
      if (node.type === "stack" && node.mode !== "stack") out.push(`${node.mode}${node.seed}`);
    }
    return out;
  };
  assert.deepEqual(seeds(parsePattern("a? [b? | c] d?").root), ["?0", "?1", "choose2", "?3"]);
  assert.deepEqual(seeds(parsePattern("[a? b?]? . c?").root), ["?0", "?1", "?2", "?3", "feet4"]);
  assert.deepEqual(seeds(parsePattern("a*<1? 2>?").root), ["?0", "?1"]); // factor first
  assert.deepEqual(seeds(parsePattern("a?0.2?").root), ["?0", "?1"]);
});

Deno.test("parsePattern() allows whitespace around operators, as Strudel does", () => {
  for (
    const [a, b] of [
      ["a*2 b", "a *2 b"],
      ["a*2 b", "a * 2 b"],
      ["a(3,8)", "a (3, 8)"],
      ["a(3,8,2)", "\ta ( 3 ,\n8 , 2 ) "],
      ["[a b]", "[ a  b ]"],
      ["<a b>!2", "< a b > !2"],
      ["a@3 b", "a @3 b"],
      ["a b", "a\u00A0b"],
    ]
  ) {
    assert.equal(show(b, 0, 2), show(a, 0, 2), `"${b}" vs "${a}"`);
  }
});

/** [pattern, offset, length, message]: offsets are 0-based indexes into the pattern text. */
const BAD: readonly (readonly [string, number, number, string])[] = [
  ["", 0, 0, "Expected a step, found end of pattern"],
  ["   ", 3, 0, "Expected a step, found end of pattern"],
  ["[]", 1, 1, "Expected a step inside the '[' at character 1, found ']'"],
  ["[a b", 4, 0, "Expected ']' to close the '[' at character 1, found end of pattern"],
  ["a [b c", 6, 0, "Expected ']' to close the '[' at character 3, found end of pattern"],
  ["<a b", 4, 0, "Expected '>' to close the '<' at character 1, found end of pattern"],
  ["{a b", 4, 0, "Expected '}' to close the '{' at character 1, found end of pattern"],
  ["a b]", 3, 1, "Unexpected ']': there is no '[' to close"],
  ["a >", 2, 1, "Unexpected '>': there is no '<' to close"],
  ["a }", 2, 1, "Unexpected '}': there is no '{' to close"],
  ["a )", 2, 1, "Unexpected ')': there is no '(' to close"],
  ["[a>", 2, 1, "Expected ']' to close the '[' at character 1, found '>'"],
  ["<a]", 2, 1, "Expected '>' to close the '<' at character 1, found ']'"],
  ["a,,b", 2, 1, "Expected a step after ',' at character 2, found ','"],
  ["a, ", 3, 0, "Expected a step after ',' at character 2, found end of pattern"],
  ["a |", 3, 0, "Expected a step after '|' at character 3, found end of pattern"],
  ["a .", 3, 0, "Expected a step after '.' at character 3, found end of pattern"],
  [
    "bd sd",
    0,
    2,
    "Unknown step 'bd': write a note (c3, c#3, eb4, a), a number (1, -0.5), x for a hit, or ~ for a rest",
  ],
  [
    "a h",
    2,
    1,
    "Unknown step 'h': write a note (c3, c#3, eb4, a), a number (1, -0.5), x for a hit, or ~ for a rest",
  ],
  [
    "X",
    0,
    1,
    "Unknown step 'X': write a note (c3, c#3, eb4, a), a number (1, -0.5), x for a hit, or ~ for a rest",
  ],
  [
    "a~",
    0,
    2,
    "Unknown step 'a~': write a note (c3, c#3, eb4, a), a number (1, -0.5), x for a hit, or ~ for a rest",
  ],
  [
    "~~",
    0,
    2,
    "Unknown step '~~': write a note (c3, c#3, eb4, a), a number (1, -0.5), x for a hit, or ~ for a rest",
  ],
  [
    "--",
    0,
    2,
    "Unknown step '--': write a note (c3, c#3, eb4, a), a number (1, -0.5), x for a hit, or ~ for a rest",
  ],
  [
    "c10",
    0,
    3,
    "Unknown step 'c10': write a note (c3, c#3, eb4, a), a number (1, -0.5), x for a hit, or ~ for a rest",
  ],
  [
    "a_",
    0,
    2,
    "Unknown step 'a_': write a note (c3, c#3, eb4, a), a number (1, -0.5), x for a hit, or ~ for a rest",
  ],
  [
    "_ a",
    0,
    1,
    "Expected a step, found '_' ('_' lengthens the step before it): a step is a note (c3, eb4, a), a number, x, ~, or a group [a b], <a b>, {a b}",
  ],
  [
    "[_ a]",
    1,
    1,
    "Expected a step, found '_' ('_' lengthens the step before it): a step is a note (c3, eb4, a), a number, x, ~, or a group [a b], <a b>, {a b}",
  ],
  ["a*", 2, 0, "Expected a number or a group after '*' at character 2, found end of pattern"],
  ["a*c3", 2, 2, "The factor after '*' must be a number ≥ 0, got note 'c3'"],
  ["a*x", 2, 1, "The factor after '*' must be a number ≥ 0, got hit 'x'"],
  ["a*-1", 2, 2, "The factor after '*' must be a number ≥ 0, got '-1'"],
  ["a/-2", 2, 2, "The factor after '/' must be a number ≥ 0, got '-2'"],
  ["a@0", 2, 1, "The weight after '@' must be a number above 0 and at most 1024, got '0'"],
  ["a@-1", 2, 2, "The weight after '@' must be a number above 0 and at most 1024, got '-1'"],
  ["a@2000", 2, 4, "The weight after '@' must be a number above 0 and at most 1024, got '2000'"],
  ["a!0", 2, 1, "The count after '!' must be a whole number from 1 to 1024, got '0'"],
  ["a!2.5", 2, 3, "The count after '!' must be a whole number from 1 to 1024, got '2.5'"],
  ["a!2000", 2, 4, "A step may repeat at most 1024 times, got 2000"],
  ["a?2", 2, 1, "The probability after '?' must be a number from 0 to 1, got '2'"],
  ["a?-1", 2, 2, "The probability after '?' must be a number from 0 to 1, got '-1'"],
  ["x(3)", 3, 1, "Expected ',' after the pulses of the '(' at character 2, found ')'"],
  ["x(3 8)", 4, 1, "Expected ',' after the pulses of the '(' at character 2, found '8'"],
  ["x(3,8", 5, 0, "Expected ')' to close the '(' at character 2, found end of pattern"],
  ["x(3,8,2", 7, 0, "Expected ')' to close the '(' at character 2, found end of pattern"],
  ["x(3,0)", 4, 1, "Euclid steps must be a whole number from 1 to 1024, got '0'"],
  ["x(2.5,8)", 2, 3, "Euclid pulses must be a whole number from -1024 to 1024, got '2.5'"],
  ["x(5,3)", 2, 1, "Cannot fit 5 pulses in 3 steps: pulses must be from -3 to 3"],
  ["x(3,2000)", 4, 4, "Euclid steps must be a whole number from 1 to 1024, got '2000'"],
  ["x(c3,8)", 2, 2, "Euclid pulses must be a whole number from -1024 to 1024, got note 'c3'"],
  ["x(3,8,0.5)", 6, 3, "Euclid rotation must be a whole number, got '0.5'"],
  ["a | b, c", 5, 1, "Cannot mix ',' with '|' in one group: wrap one side in [ ]"],
  ["a, b | c", 5, 1, "Cannot mix '|' with ',' in one group: wrap one side in [ ]"],
  ["a . b | c", 6, 1, "Cannot mix '|' with '.' in one group: wrap one side in [ ]"],
  ["<a | b>", 3, 1, "Cannot use '|' inside the '<' at character 1: only ',' separates its lines"],
  ["<a . b>", 3, 1, "Cannot use '.' inside the '<' at character 1: only ',' separates its lines"],
  ["{a | b}", 3, 1, "Cannot use '|' inside the '{' at character 1: only ',' separates its lines"],
  ["{a b}%", 6, 0, "Expected a number or a group after '%' at character 6, found end of pattern"],
  ["{a b}%-1", 6, 2, "The steps per cycle after '%' must be a number ≥ 0, got '-1'"],
  ["a:3", 1, 1, "Lists with ':' are not supported in lel patterns"],
  ["a .. b", 2, 2, "Ranges with '..' are not supported in lel patterns"],
  ["0 .. 4", 2, 2, "Ranges with '..' are not supported in lel patterns"],
  [
    "^a b",
    0,
    1,
    "Expected a step, found '^': a step is a note (c3, eb4, a), a number, x, ~, or a group [a b], <a b>, {a b}",
  ],
  [
    "a 🎵",
    2,
    2,
    "Expected a step, found '🎵': a step is a note (c3, eb4, a), a number, x, ~, or a group [a b], <a b>, {a b}",
  ],
  [
    "a $ b",
    2,
    1,
    "Expected a step, found '$': a step is a note (c3, eb4, a), a number, x, ~, or a group [a b], <a b>, {a b}",
  ],
  [
    "a 'b'",
    2,
    1,
    'Expected a step, found "\'": a step is a note (c3, eb4, a), a number, x, ~, or a group [a b], <a b>, {a b}',
  ],
  ["1e999", 0, 5, "Number '1e999' is out of range"],
  ["a@1e999", 2, 5, "Number '1e999' is out of range"],
  ["a, b]", 4, 1, "Unexpected ']': there is no '[' to close"],
  [
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[a]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    32,
    1,
    "Pattern nests too deeply: at most 32 levels of brackets and operator values",
  ],
  ["a*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2", 33, 1, "Too many operators on one step: at most 16"],
];

Deno.test("parsePattern() rejects bad patterns with the exact offset, length and message", () => {
  for (const [text, offset, length, message] of BAD) {
    assert.throws(() => parsePattern(text), (e) => {
      assert.ok(e instanceof PatternSyntaxError, `"${text}": ${e}`);
      assert.ok(e instanceof SyntaxError);
      assert.deepEqual([e.offset, e.length, e.message], [offset, length, message], `"${text}"`);
      return true;
    });
  }
});

Deno.test("parsePattern() accepts nesting up to MAX_NESTING levels", () => {
  const deep = "[".repeat(MAX_NESTING) + "a" + "]".repeat(MAX_NESTING);
  assert.equal(show(deep), "0-1:a");
});
