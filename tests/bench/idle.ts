/**
 * Idle cost of `live`: the CPU time a `deno task live --sink none` process uses while it plays
 * a session untouched, as a share of one core, read from `/proc/<pid>/stat` (Linux only) over
 * a window after a warm-up. Run for an empty session (`clear()` only: the output path alone)
 * and for the default `sessions/live.lel.ts`. Not a test: nothing here asserts a figure.
 * @module
 */

import { join } from "node:path";

/** One session's idle cost. */
export interface IdleFigure {
  session: string;
  /** CPU time over wall time in the window, in percent of one core. */
  percentOfCore: number;
  windowSeconds: number;
}

const ROOT = new URL("../../", import.meta.url).pathname;

/** utime + stime of a process, in seconds. */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
  // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100; // USER_HZ is 100 on Linux
}

async function idleOf(session: string, warmSeconds: number, windowSeconds: number) {
  const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  const flags = /--v8-flags=(\S+)/.exec(config.tasks.live.command)?.[0];
  const args = ["run", "-A", ...(flags ? [flags] : []), join(ROOT, "runtime/cli/main.ts")];
  const child = new Deno.Command(Deno.execPath(), {
    args: [...args, "live", session, "--sink", "none", "--no-control", "--quiet"],
    cwd: ROOT,
    stdout: "null",
    stderr: "null",
    env: { LEL_HOME: await Deno.makeTempDir({ prefix: "lel-idle-" }) },
  }).spawn();
  try {
    await new Promise((r) => setTimeout(r, warmSeconds * 1000));
    const c0 = await cpuSeconds(child.pid);
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, windowSeconds * 1000));
    const c1 = await cpuSeconds(child.pid);
    const wall = (performance.now() - t0) / 1000;
    const name = session.endsWith("empty.lel.ts") ? "an empty session (clear() only)" : session;
    return { session: name, percentOfCore: (100 * (c1 - c0)) / wall, windowSeconds: wall };
  } finally {
    child.kill("SIGINT");
    await child.status;
  }
}

/**
 * Measures the idle cost of `live` on an empty session and on the default one.
 *
 * @param windowSeconds Seconds to measure each, after a 5 s warm-up.
 * @returns One figure per session, or an empty list where `/proc` is missing.
 */
export async function idleFigures(windowSeconds = 20): Promise<IdleFigure[]> {
  try {
    await Deno.stat("/proc/self/stat");
  } catch {
    return [];
  }
  const dir = await Deno.makeTempDir({ prefix: "lel-idle-" });
  const empty = join(dir, "empty.lel.ts");
  await Deno.writeTextFile(empty, `import { clear } from "${join(ROOT, "mod.ts")}";\nclear();\n`);
  try {
    return [
      await idleOf(empty, 5, windowSeconds),
      await idleOf("sessions/live.lel.ts", 5, windowSeconds),
    ];
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) console.log(await idleFigures(Number(Deno.args[0] ?? 20)));
