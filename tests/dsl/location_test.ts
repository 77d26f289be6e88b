/**
 * Errors point into the session file itself: a real temporary session file is imported, and
 * the DslSyntaxError must name its path, the file's own line and column (not the template's
 * offsets), and show the line in a caret frame.
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { DslSyntaxError, resetEngine, signals } from "../../mod.ts";

const MOD = new URL("../../mod.ts", import.meta.url).href;

async function importSession(
  name: string,
  text: string,
): Promise<{ error: unknown; path: string }> {
  const dir = await Deno.makeTempDir({ prefix: "lel-dsl-location-" });
  const path = join(dir, name);
  await Deno.writeTextFile(path, text);
  resetEngine();
  try {
    await import(pathToFileURL(path).href);
    return { error: undefined, path };
  } catch (error) {
    return { error, path };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("an unknown helper on the 7th line of a session file is reported at 7:35", async () => {
  const { error, path } = await importSession(
    "typo.lel.ts",
    [
      `import { lel } from "${MOD}";`, // 1
      "", // 2
      "// a session with a typo on line 7", // 3
      "lel`", // 4
      "  drone: saw 55 |> lpf 400 0.3", // 5
      "  # the bell", // 6
      "  bell:  sin a5 |> tremolo 6hz |> dleay 250ms", // 7
      "`;", // 8
    ].join("\n"),
  );
  assert.ok(error instanceof DslSyntaxError, String(error));
  assert.equal(error.file, path);
  assert.equal(error.line, 7);
  assert.equal(error.column, 35);
  assert.equal(error.message, "Unknown helper 'dleay'; did you mean 'delay'?");
  assert.equal(
    error.frame,
    [
      "6 |   # the bell",
      "7 |   bell:  sin a5 |> tremolo 6hz |> dleay 250ms",
      "  |                                   ^^^^^",
    ].join("\n"),
  );
  assert.deepEqual(signals(), [], "nothing from the failed file is registered");
});

Deno.test("a pattern left open on the 7th line names its '[' at the file's line and column; the caret stays on the error", async () => {
  const line7 = `  hat:   noise |> hpf 8khz |> mul (trig "[~ x*4" |> perc 40ms) |> gain -20db`;
  const { error } = await importSession(
    "open_pattern.lel.ts",
    [
      `import { lel } from "${MOD}";`, // 1
      "", // 2
      "", // 3
      "lel`", // 4
      "  drone: saw 55 |> lpf 400 0.3", // 5
      "  # the hats", // 6
      line7, // 7
      "`;", // 8
    ].join("\n"),
  );
  assert.ok(error instanceof DslSyntaxError, String(error));
  const bracket = line7.indexOf('"[') + 2; // 1-based column of the '['
  const end = line7.indexOf('4"') + 2; // 1-based column of the closing quote: end of pattern
  assert.equal(
    error.message,
    `Expected ']' to close the '[' at line 7, column ${bracket}, found end of pattern`,
  );
  assert.deepEqual([error.line, error.column], [7, end], "the caret is where the ']' is missing");
  assert.equal(bracket, 42);
});

Deno.test("a template that starts on the tag's line keeps the backtick's column on its first line", async () => {
  const { error } = await importSession(
    "inline.lel.ts",
    [
      `import { lel } from "${MOD}";`,
      "",
      "",
      "",
      "",
      "",
      "const x = lel`a: saw 55 |> lpf 250ms`;",
      "export { x };",
    ].join("\n"),
  );
  assert.ok(error instanceof DslSyntaxError, String(error));
  assert.equal(error.line, 7);
  assert.equal(error.column, 32, "col of '250ms' in the file: after 'const x = lel`'");
  assert.equal(
    error.frame,
    ["7 |               a: saw 55 |> lpf 250ms", "  |                                ^^^^^"].join(
      "\n",
    ),
  );
});

Deno.test("an interpolation spanning lines does not shift the lines after it", async () => {
  const { error } = await importSession(
    "interp.lel.ts",
    [
      `import { lel } from "${MOD}";`, // 1
      "lel`", // 2
      "  pad: sin 220 |> pan ${(s) =>", // 3
      "    Math.sin(s.t * 0.3)", // 4
      "  }", // 5
      "  # the next line is the 7th", // 6
      "  bass: saw 55 |> lpf 400 0.3 9", // 7
      "`;", // 8
    ].join("\n"),
  );
  assert.ok(error instanceof DslSyntaxError, String(error));
  assert.equal(error.line, 7);
  assert.equal(error.column, 31);
  assert.equal(error.message, "lpf expects cutoff (Hz) [resonance (0..1)], got 3 arguments");
  assert.match(error.frame, /^7 \| {3}bass: saw 55 \|> lpf 400 0\.3 9\n {2}\| {31}\^$/m);
});

Deno.test("a column after an interpolation on the same line counts the expression as written", async () => {
  const { error } = await importSession(
    "after.lel.ts",
    [
      `import { lel } from "${MOD}";`, // 1
      "lel`", // 2
      "", // 3
      "", // 4
      "", // 5
      "", // 6
      "  pad: sin 220 |> pan ${(s) => Math.sin(s.t * 0.3)} |> gian 0.5", // 7
      "`;", // 8
    ].join("\n"),
  );
  assert.ok(error instanceof DslSyntaxError, String(error));
  assert.equal(error.line, 7);
  assert.equal(error.column, 56, "the column in the file, past the whole ${…} expression");
  assert.equal(error.message, "Unknown helper 'gian'; did you mean 'gain'?");
  assert.match(error.frame, /pan \$\{…\} \|> gian 0\.5\n {2}\| {31}\^{4}$/);
});
