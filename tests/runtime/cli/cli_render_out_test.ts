/**
 * `render --out` never overwrites the session or a module it imports, and a failing write is
 * one `error:` line (issue 9, item 6 and "render --out /dev/full prints a stack trace").
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const MOD = new URL("../../../mod.ts", import.meta.url).href;

async function render(args: string[], cwd: string) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(ROOT, "runtime/cli/main.ts"), "render", ...args],
    cwd,
    env: { INIT_CWD: cwd, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1", LEL_DEBUG: "0" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
}

async function withSession(fn: (dir: string, files: Record<string, string>) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "lel-test-render-out-" });
  const files = {
    "set.lel.ts":
      `import { register, sin } from "${MOD}";\nimport { hz } from "./parts/tune.ts";\n` +
      `// import "./notes.ts" (a comment, not an import)\nregister("a", sin(hz));\n`,
    "parts/tune.ts": "export const hz = 220;\n",
    "notes.ts": "export {};\n",
  };
  await Deno.mkdir(join(dir, "parts"));
  for (const [name, text] of Object.entries(files)) await Deno.writeTextFile(join(dir, name), text);
  try {
    await fn(dir, files);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const CASES: [what: string, out: string, message: string][] = [
  ["the session itself", "set.lel.ts", "it is the session being rendered"],
  [
    "the session through another spelling",
    "./parts/../set.lel.ts",
    "it is the session being rendered",
  ],
  ["a symlink to the session", "link.wav", "it is the session being rendered"],
  [
    "a local module the session imports",
    "parts/tune.ts",
    "it is 'parts/tune.ts', a module the session imports",
  ],
];

for (const [what, out, message] of CASES) {
  Deno.test(`render refuses --out that is ${what}, in one line, and leaves every file as it was`, async () => {
    await withSession(async (dir, files) => {
      await Deno.symlink(join(dir, "set.lel.ts"), join(dir, "link.wav"));
      const run = await render(["set.lel.ts", "--seconds", "0.1", "--out", out], dir);
      assert.equal(run.code, 1);
      assert.equal(
        run.stderr,
        `error: Cannot write --out '${out}': ${message}; give a new file name, e.g. --out take.wav\n`,
      );
      for (const [name, text] of Object.entries(files)) {
        assert.equal(await Deno.readTextFile(join(dir, name)), text, `${name} was changed`);
      }
    });
  });
}

Deno.test("render may write over a file that only a comment mentions", async () => {
  await withSession(async (dir) => {
    const run = await render(["set.lel.ts", "--seconds", "0.1", "--out", "notes.ts"], dir);
    assert.equal(run.code, 0, run.stderr);
    const bytes = await Deno.readFile(join(dir, "notes.ts"));
    assert.equal(new TextDecoder().decode(bytes.subarray(0, 4)), "RIFF");
  });
});

Deno.test({
  name: "render --out /dev/full fails with one 'error:' line, exit 1, no stack trace",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    await withSession(async (dir) => {
      const run = await render(["set.lel.ts", "--seconds", "0.1", "--out", "/dev/full"], dir);
      assert.equal(run.code, 1);
      assert.equal(
        run.stderr,
        "error: Cannot write --out '/dev/full': No space left on device (os error 28); free some " +
          "space or choose another file\n",
      );
    });
  },
});
