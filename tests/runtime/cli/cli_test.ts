/**
 * The command line as a user meets it: every task's `--help` lists exactly the flags its parser
 * reads, `deno task <name> --help` prints it, an unknown flag is one `error:` line and exit
 * status 1, the examples in `render --help` work as written, and `send --at` on a line with no
 * paragraph is an error.
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BENCH_FLAGS, BENCH_HELP } from "../../bench/bench_flags.ts";
import * as live from "../../../runtime/cli/commands/live.ts";
import * as render from "../../../runtime/cli/commands/render.ts";
import * as repl from "../../../runtime/cli/commands/repl.ts";
import * as send from "../../../runtime/cli/commands/send.ts";
import { decodeWav } from "../../../runtime/core/wav/mod.ts";
import { COSTS_FLAGS, COSTS_HELP } from "../../../tools/costs.ts";
import { DOCS_FLAGS, DOCS_HELP } from "../../../tools/docs.ts";
import { KIT, KIT_HELP } from "../../../sessions/samples/make_kit.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

interface FlagTable {
  [name: string]: { type: string; short?: string };
}

const TASKS: { name: string; help: string; flags: FlagTable }[] = [
  { name: "live", help: live.command.help, flags: live.FLAGS },
  { name: "render", help: render.command.help, flags: render.FLAGS },
  { name: "repl", help: repl.command.help, flags: repl.FLAGS },
  { name: "send", help: send.command.help, flags: send.FLAGS },
  { name: "bench", help: BENCH_HELP, flags: BENCH_FLAGS },
  { name: "costs", help: COSTS_HELP, flags: COSTS_FLAGS },
  { name: "docs", help: DOCS_HELP, flags: DOCS_FLAGS },
  { name: "kit", help: KIT_HELP, flags: {} },
];

/** The files the tasks write when they run for real (`--help` must leave them alone). */
const WRITTEN = [
  "README.md",
  "helpers/bytecode_table.ts",
  ...KIT.map((sound) => `sessions/samples/${sound.file}`),
];

/** Each written file's modification time and bytes. */
async function snapshot(): Promise<Map<string, { mtime: number; bytes: string }>> {
  const out = new Map<string, { mtime: number; bytes: string }>();
  for (const file of WRITTEN) {
    const path = join(ROOT, file);
    const { mtime } = await Deno.stat(path);
    const bytes = new TextDecoder("latin1").decode(await Deno.readFile(path));
    out.set(file, { mtime: mtime!.getTime(), bytes });
  }
  return out;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `deno task -q <args>` from the repo, with its own lel home (no live running there). */
async function task(args: string[], home: string): Promise<Run> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "-q", ...args],
    cwd: ROOT,
    env: { INIT_CWD: ROOT, LEL_HOME: home, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

async function withHome(fn: (home: string) => Promise<void>): Promise<void> {
  const home = await Deno.makeTempDir({ prefix: "lel_cli_home_" });
  try {
    await fn(home);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

Deno.test("each task's --help lists every flag its parser reads, and no other", () => {
  for (const { name, help, flags } of TASKS) {
    const listed = new Set(help.match(/(?<![\w-])--[a-z][a-z0-9-]*/g) ?? []);
    const parsed = new Set([...Object.keys(flags).map((f) => `--${f}`), "--help"]);
    assert.deepEqual([...listed].sort(), [...parsed].sort(), `${name}: flags in --help`);
    for (const [flag, spec] of Object.entries(flags)) {
      if (spec.short === undefined) continue;
      assert.match(help, new RegExp(`-${spec.short}, --${flag}\\b`), `${name}: -${spec.short}`);
    }
    assert.match(help, new RegExp(`^Usage: deno task ${name}\\b`, "m"), `${name}: usage line`);
  }
});

Deno.test("deno task <name> --help prints the help, exit 0, writes nothing; an unknown flag is one error line, exit 1", async () => {
  assert.deepEqual(
    TASKS.map((t) => t.name).sort(),
    Object.keys(JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json"))).tasks)
      .filter((name) => name !== "test" && name !== "check").sort(),
    "every task but the gate is checked here",
  );
  const before = await snapshot();
  await withHome(async (home) => {
    const runs = await Promise.all(
      TASKS.flatMap(({ name }) => [task([name, "--help"], home), task([name, "--bogus"], home)]),
    );
    TASKS.forEach(({ name, help }, i) => {
      const [ok, bad] = [runs[2 * i], runs[2 * i + 1]];
      assert.equal(ok.code, 0, `${name} --help: ${ok.stderr}`);
      assert.equal(ok.stdout, help + "\n", `${name} --help prints its help`);
      assert.equal(bad.code, 1, `${name} --bogus: exit code`);
      assert.equal(bad.stdout, "", `${name} --bogus: stdout`);
      assert.equal(
        bad.stderr,
        `error: Unknown flag '--bogus' for ${name}; run 'deno task ${name} --help' for usage\n`,
        `${name} --bogus`,
      );
    });
  });
  assert.deepEqual(await snapshot(), before, "--help and a bad flag wrote no file");
});

Deno.test("repl takes no arguments: a stray one is an error, not ignored", async () => {
  await withHome(async (home) => {
    const run = await task(["repl", "session.lel.ts"], home);
    assert.equal(run.code, 1);
    assert.equal(
      run.stderr,
      "error: repl takes no arguments, got 'session.lel.ts'; run 'deno task repl --help' for usage\n",
    );
  });
});

Deno.test("the examples in render --help work as written (their WAV written to a temporary folder)", async () => {
  const examples = render.command.help.split("\n").map((l) => l.trim()).filter((l) =>
    l.startsWith("deno task render ")
  );
  assert.equal(examples.length, 2);
  await withHome(async (dir) => {
    for (const example of examples) {
      const args = example.split(/\s+/).slice(2);
      const out = args.findIndex((a) => a === "--out" || a === "-o");
      const wav = join(dir, args[out + 1]);
      args[out + 1] = wav;
      const run = await task(args, dir);
      assert.equal(run.code, 0, `${example}\n${run.stderr}`);
      const { sampleRate, channels } = decodeWav(await Deno.readFile(wav));
      const rate = args.includes("--sample-rate") ? 44100 : 48000;
      const seconds = Number(args[args.findIndex((a) => a === "-s" || a === "--seconds") + 1]);
      assert.equal(sampleRate, rate, example);
      assert.equal(channels[0].length, seconds * rate, example);
      assert.ok(channels[0].some((v) => v !== 0), `${example}: not silent`);
    }
  });
});

Deno.test("send --at on a blank line or past the end is an error naming the line and the file", async () => {
  await withHome(async (home) => {
    const file = join(home, "riff.lel");
    await Deno.writeTextFile(file, "a: sin 3\n\nb: sin 4\n");
    const [blank, past, zero] = await Promise.all([
      task(["send", file, "--at", "2"], home),
      task(["send", file, "--at", "9"], home),
      task(["send", file, "--at", "0"], home),
    ]);
    assert.equal(blank.code, 1);
    assert.equal(
      blank.stderr,
      `error: There is no paragraph at line 2 of '${file}': line 2 is blank; give a line ` +
        `inside the block to send\n`,
    );
    assert.equal(past.code, 1);
    assert.equal(
      past.stderr,
      `error: There is no paragraph at line 9 of '${file}': it has 3 lines; give a line ` +
        `inside the block to send\n`,
    );
    assert.equal(zero.code, 1);
    assert.match(zero.stderr, /^error: --at must be a line number \(1 or more\), got '0'\n$/);
    // A line of a paragraph goes on to look for live (none runs with this home).
    const real = await task(["send", file, "--at", "3"], home);
    assert.equal(real.code, 1);
    assert.match(real.stderr, /^error: No running live engine/);
  });
});
