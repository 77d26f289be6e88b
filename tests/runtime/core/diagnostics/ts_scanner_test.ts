import assert from "node:assert/strict";
import {
  codeRanges,
  isComplete,
  maskLiterals,
  scan,
  templateParts,
  topLevelOffsets,
} from "../../../../runtime/core/diagnostics/ts_scanner.ts";
import { importMetaUses, importSpecifiers } from "../../../../runtime/live/import_specifiers.ts";

/** Source → its code pieces (what lies outside comments and literals), in order. */
const CODE_CASES: [string, string[]][] = [
  ["let a = 1; // c\nlet b", ["let a = 1; ", "\nlet b"]],
  ["a /* x */ b", ["a ", " b"]],
  ["f('it\\'s', \"q\\\"\")", ["f(", ", ", ")"]],
  ["`a${b}c`", ["b"]],
  ["`a${`in${deep}`}b` + x", ["deep", " + x"]],
  ["`${ {a: 1} }`", [" {a: 1} "]],
  ["x = /ab\\/c[/]d/g.test(y)", ["x = ", ".test(y)"]],
  ["x = a / b / c", ["x = a / b / c"]],
  ["return /re/", ["return "]],
  ["(a) / 2", ["(a) / 2"]],
  ['f("// not a comment")', ["f(", ")"]],
  ["'/* not a comment */' + b", [" + b"]],
  ["`// ${'not'} /*`", []],
];

for (const [source, expected] of CODE_CASES) {
  Deno.test(`codeRanges() finds the code of ${JSON.stringify(source)}`, () => {
    assert.deepEqual(codeRanges(source).map(([a, b]) => source.slice(a, b)), expected);
  });
}

Deno.test("scan() segments cover the source end to end, in order", () => {
  const source = "import { a } from './a.ts'; // x\nconst t = `v${a /* in */}w`;\n/re/.test('s');";
  const segments = scan(source);
  let at = 0;
  for (const s of segments) {
    assert.equal(s.start, at);
    assert.ok(s.end > s.start);
    at = s.end;
  }
  assert.equal(at, source.length);
  assert.deepEqual(
    segments.filter((s) => s.kind !== "code").map((s) => [s.kind, source.slice(s.start, s.end)]),
    [
      ["string", "'./a.ts'"],
      ["comment", "// x"],
      ["template", "`v${"],
      ["comment", "/* in */"],
      ["template", "}w`"],
      ["regex", "/re/"],
      ["string", "'s'"],
    ],
  );
});

Deno.test("maskLiterals() keeps length, lines and delimiters and blanks everything else", () => {
  const source = "a('x') /* c\nd */ `t${u}v`, /r/g // e";
  const masked = maskLiterals(source);
  assert.equal(masked.length, source.length);
  assert.equal(masked, "a(' ')     \n     ` ${u} `, / /g     ");
});

const COMPLETE: [string, boolean][] = [
  ["register('a', (s) => {", false],
  ["register('a', (s) => 1)", true],
  ["const t = `${x}`; // }", true],
  ["const t = `a${", false],
  ["const t = `a${b}", false],
  ["/* open", false],
  ["'unterminated", false],
  ["[1, 2", false],
  ["f())", true],
  ["", true],
  ["const s = '{'; const r = /[(]/;", true],
];

for (const [source, expected] of COMPLETE) {
  Deno.test(`isComplete(${JSON.stringify(source)}) is ${expected}`, () => {
    assert.equal(isComplete(source), expected);
  });
}

Deno.test("importSpecifiers() skips imports in comments, strings and templates", () => {
  const source = [
    '// import { x } from "./missing.ts"',
    '/* import "./gone.ts" */',
    "const s = \"import { y } from './no.ts'\";",
    'const t = `import("./nope.ts")`;',
    'import { a } from "./a.ts";',
    "import './side.ts';",
    'export * from "./re.ts";',
    'const m = await import("./dyn.ts");',
    'const n = await import("./attr.json", { with: { type: "json" } });',
    'const o = { from: "./not-an-import.ts" };',
    'const p = myimport("./not-either.ts");',
  ].join("\n");
  assert.deepEqual(importSpecifiers(source).map((s) => [s.specifier, s.kind]), [
    ["./a.ts", "static"],
    ["./side.ts", "static"],
    ["./re.ts", "static"],
    ["./dyn.ts", "dynamic"],
    ["./attr.json", "dynamic"],
  ]);
  for (const s of importSpecifiers(source)) {
    assert.equal(source.slice(s.start + 1, s.end - 1), s.specifier);
  }
});

Deno.test("importMetaUses() finds import.meta in code only", () => {
  const source =
    "const a = import.meta.url; // import.meta\nconst b = 'import.meta';\nimport.meta.resolve";
  assert.deepEqual(importMetaUses(source), [10, source.lastIndexOf("import.meta")]);
});

Deno.test("templateParts() skips nested templates, strings, comments and regexes in ${…}", () => {
  const src = 'x = lel`a ${f(`in ${"}"} ${/`/}`) /* } */} b ${"`"}`; y = `not ours`';
  const parts = templateParts(src, src.indexOf("`"))!.map(([a, b]) => src.slice(a, b));
  assert.deepEqual(parts, ["a ", " b ", ""]);
  assert.equal(templateParts(src, 0), undefined, "no backtick there");
  assert.equal(templateParts("lel`a ${b", 3), undefined, "not closed");
});

Deno.test("topLevelOffsets() finds only what is outside brackets, literals and ${…}", () => {
  const src = "a;\nf(b;\nc);\n`${d;\n}`;// e;\n/;/.test(x)";
  const at = topLevelOffsets(src, ";\n");
  assert.deepEqual(at.map((i) => JSON.stringify(src[i]) + i), [
    '";"1',
    '"\\n"2',
    '";"10',
    '"\\n"11',
    '";"20',
    '"\\n"26',
  ]);
});
