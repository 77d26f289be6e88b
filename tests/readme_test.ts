/**
 * The README's examples, run the way a reader runs them. Every ```` ```ts ```` block not marked
 * `ignore` is a complete script whose first line is the command that runs it
 * (`// deno run --allow-write make.ts`): it is written into a fresh folder outside the
 * repository, next to the `deno.json` the README tells the reader to write (with this
 * repository's `mod.ts` in place of `/path/to/lel/mod.ts`), and run with exactly that command's
 * permissions; they also type-check together. The few `ts ignore` blocks are sessions for
 * `live`, each run once as a module so that every line of it builds. The mini-notation table is
 * checked against what its `steps.ts` script prints, and the `render --json` example against a
 * real render. About 10 s.
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const MOD = fileURLToPath(new URL("../mod.ts", import.meta.url));
const README = await Deno.readTextFile(join(ROOT, "README.md"));
const PLACEHOLDER = "/path/to/lel/mod.ts";

/** A fenced code block of the README. */
interface Block {
  /** The info string's first word (`ts`, `json`, `sh`, …). */
  lang: string;
  /** The rest of the info string (`ignore`). */
  attrs: string[];
  /** 1-based line of the opening fence. */
  line: number;
  code: string;
}

/** Every fenced block, outermost fences only; one indented in a list item is unindented. */
function blocks(markdown: string): Block[] {
  const out: Block[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)(`{3,})(.*)$/.exec(lines[i]);
    if (open === null) continue;
    const [, indent, fence, info] = open;
    const [lang = "", ...attrs] = info.trim().split(/\s+/);
    const close = new RegExp(`^ *${fence}\\s*$`);
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !close.test(lines[j]); j++) {
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
    }
    assert.ok(j < lines.length, `README.md:${i + 1}: a code fence is never closed`);
    out.push({ lang, attrs, line: i + 1, code: body.join("\n") + "\n" });
    i = j;
  }
  return out;
}

/** The command on a script's first line: `// deno run [flags] file.ts`. */
function command(block: Block): { flags: string[]; file: string } {
  const first = block.code.split("\n")[0];
  const m = /^\/\/ deno run((?: -[\w-]+(?:=\S+)?)*) ([\w.-]+\.ts)$/.exec(first);
  assert.ok(
    m !== null,
    `README.md:${block.line}: a ts block must start with the command that runs it ` +
      `('// deno run --allow-write make.ts'), or be marked 'ts ignore'; found '${first}'`,
  );
  return { flags: m[1].trim().split(/\s+/).filter((f) => f !== ""), file: m[2] };
}

const all = blocks(README);
const scripts = all.filter((b) => b.lang === "ts" && !b.attrs.includes("ignore"));

/** The deno.json the README asks for, pointing at this repository. */
function denoJson(): string {
  const found = all.filter((b) => b.lang === "json" && b.code.includes(PLACEHOLDER));
  assert.equal(found.length, 1, `README.md should hold one json block naming ${PLACEHOLDER}`);
  const config = JSON.parse(found[0].code.replaceAll(PLACEHOLDER, MOD));
  assert.equal(config.imports?.["@lel/lel"], MOD);
  return JSON.stringify(config, null, 2);
}

/** Runs a script block from a fresh folder outside the repository. */
async function runBlock(
  block: Block,
  args: string[] = [],
  { flags, file } = command(block),
): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "lel_readme_" });
  try {
    assert.ok(!dir.startsWith(ROOT), "the temporary folder must lie outside the repository");
    await Deno.writeTextFile(join(dir, "deno.json"), denoJson());
    await Deno.writeTextFile(join(dir, file), block.code);
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", ...flags, file, ...args],
      cwd: dir,
      env: { NO_COLOR: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(120_000),
    }).output();
    const text = new TextDecoder();
    assert.equal(
      code,
      0,
      `README.md:${block.line}: '${block.code.split("\n")[0]}' (run as ${file}) exited with ` +
        `${code}:\n` +
        text.decode(stderr) + text.decode(stdout),
    );
    return text.decode(stdout);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("the README has script examples, each with its own file name", () => {
  assert.ok(scripts.length >= 10, `only ${scripts.length} runnable ts blocks`);
  const files = scripts.map((b) => command(b).file);
  assert.equal(new Set(files).size, files.length, `two blocks share a file name: ${files}`);
});

for (const block of scripts) {
  Deno.test(`README.md:${block.line}: '${block.code.split("\n")[0]}' runs from a folder outside the repository`, async () => {
    await runBlock(block);
  });
}

// The `ts ignore` blocks are sessions (they make sense only under `live`), but each is a complete
// module: run once, every line of it must compile, build and pass the shadow render.
const sessions = all.filter((b) => b.lang === "ts" && b.attrs.includes("ignore"));
for (const block of sessions) {
  Deno.test(`README.md:${block.line}: the session block builds from a folder outside the repository`, async () => {
    assert.match(block.code, /from "@lel\/lel";/, "a session block imports lel as @lel/lel");
    await runBlock(block, [], { flags: [], file: "session.lel.ts" });
  });
}

Deno.test("the README's scripts type-check as a reader's editor would check them", async () => {
  const dir = await Deno.makeTempDir({ prefix: "lel_readme_check_" });
  try {
    await Deno.writeTextFile(join(dir, "deno.json"), denoJson());
    const files = scripts.map((b) => command(b).file);
    await Promise.all(scripts.map((b, i) => Deno.writeTextFile(join(dir, files[i]), b.code)));
    const { code, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["check", ...files],
      cwd: dir,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(code, 0, new TextDecoder().decode(stderr));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the README's mini-notation table is what its steps.ts prints for each example", async () => {
  const steps = scripts.find((b) => command(b).file === "steps.ts");
  assert.ok(steps !== undefined, "README.md has no steps.ts block");
  // Rows of the table whose header names the onsets: | syntax | meaning | `"example"` | onsets |
  const header = README.split("\n").findIndex((l) => /^\| .*\| starts \(beats\) /.test(l));
  assert.ok(header >= 0, "README.md has no mini-notation table with a 'starts (beats)' column");
  const rows: { pattern: string; expected: string }[] = [];
  for (const line of README.split("\n").slice(header + 2)) {
    if (!line.startsWith("|")) break;
    const cells = line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim().replaceAll("\\|", "|"));
    const example = /^`"(.+)"`$/.exec(cells[2]);
    assert.ok(example !== null, `a table row's example is not a quoted pattern: ${line}`);
    rows.push({ pattern: example[1], expected: cells[3] });
  }
  assert.ok(rows.length >= 15, `only ${rows.length} rows`);
  const printed = (await runBlock(steps, rows.map((r) => r.pattern))).trimEnd().split("\n");
  assert.deepEqual(printed, rows.map((r) => `"${r.pattern}": ${r.expected}`));
});

Deno.test("the README's render --json example prints what a real render prints", async () => {
  const line = all.filter((b) => b.lang === "sh").flatMap((b) => b.code.split("\n"))
    .find((l) => l.startsWith("deno task render") && l.includes("--json"));
  assert.ok(line !== undefined, "README.md has no 'deno task render … --json' command");
  const shown = all.find((b) => b.lang === "json" && b.code.includes('"master"'));
  assert.ok(shown !== undefined, "README.md has no json block with the render's levels");
  const dir = await Deno.makeTempDir({ prefix: "lel_readme_render_" });
  try {
    const args = line.replace(/^deno task render /, "").split(/\s+/);
    const out = args.findIndex((a) => a === "-o" || a === "--out");
    assert.ok(out >= 0, `no --out in '${line}'`);
    args[out + 1] = join(dir, args[out + 1]);
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["task", "-q", "render", ...args],
      cwd: ROOT,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(code, 0, new TextDecoder().decode(stderr));
    const real = JSON.parse(new TextDecoder().decode(stdout));
    const readme = JSON.parse(shown.code);
    assert.equal(real.out, args[out + 1]);
    delete real.out;
    delete readme.out;
    assertClose(readme, real, "");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Deep equality with numbers equal to 1e-9 relative (the last digit may differ by platform). */
function assertClose(shown: unknown, real: unknown, path: string): void {
  if (typeof shown === "number" && typeof real === "number") {
    const ok = Math.abs(shown - real) <= 1e-9 * Math.max(1, Math.abs(real));
    assert.ok(ok, `README's ${path} is ${shown}; a real render prints ${real}`);
  } else if (shown !== null && typeof shown === "object") {
    assert.ok(real !== null && typeof real === "object", `README's ${path} is not what prints`);
    assert.deepEqual(Object.keys(shown).sort(), Object.keys(real as object).sort(), path);
    for (const [k, v] of Object.entries(shown)) {
      assertClose(v, (real as Record<string, unknown>)[k], `${path}.${k}`);
    }
  } else assert.deepEqual(shown, real, path);
}
