/**
 * The layering rules, checked on the real import graph (`deno info --json` of `mod.ts`,
 * `runtime/cli/main.ts`, every `tools/*.ts` and every `mod.ts` under `runtime/`): which tier may import which, no import cycle,
 * and no source file over 400 lines outside `tests/`.
 *
 * Only runtime imports count (`dependencies[].code`, dynamic `import()` included): an
 * `import type` is erased before anything runs, so it can neither deadlock a module graph nor
 * drag a tier in at run time.
 * @module
 */

import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const ROOT_URL = pathToFileURL(ROOT).href;

/** Longest a source file outside `tests/` may be, in lines. */
const MAX_LINES = 400;

/** A tier of the layout: what a repo-relative path belongs to. */
type Tier = "core" | "helpers" | "dsl" | "app" | "runtime-api" | "root" | "tools" | "other";

/** The tiers each tier may import (runtime imports only). */
const ALLOWED: Record<Tier, readonly Tier[]> = {
  core: ["core"],
  helpers: ["core", "helpers"],
  dsl: ["core", "helpers", "dsl"],
  app: ["core", "helpers", "dsl", "app", "runtime-api", "root"],
  "runtime-api": ["core"],
  root: ["runtime-api", "core", "helpers", "dsl", "app"],
  tools: ["core", "helpers", "dsl", "runtime-api", "root", "tools"],
  other: [],
};

/** What each tier is, for messages. */
const DESCRIBE: Record<Tier, string> = {
  core: "core (runtime/core/**)",
  helpers: "helpers/**",
  dsl: "dsl/**",
  app: "the app tier (runtime/live|control|cli/**)",
  "runtime-api": "runtime/mod.ts",
  root: "mod.ts",
  tools: "tools/**",
  other: "a file outside the layout",
};

function tierOf(path: string): Tier {
  if (path.startsWith("runtime/core/")) return "core";
  if (/^runtime\/(live|control|cli)\//.test(path)) return "app";
  if (path === "runtime/mod.ts") return "runtime-api";
  if (path.startsWith("helpers/")) return "helpers";
  if (path.startsWith("dsl/")) return "dsl";
  if (path.startsWith("tools/")) return "tools";
  if (path === "mod.ts") return "root";
  return "other";
}

/** Repo-relative path → the repo files it imports at run time. */
type Graph = Map<string, Set<string>>;

interface InfoModule {
  specifier: string;
  dependencies?: { code?: { specifier?: string } }[];
}

async function importGraph(roots: readonly string[]): Promise<Graph> {
  const graph: Graph = new Map();
  const infos = await Promise.all(roots.map(async (root) => {
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", root],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const err = new TextDecoder().decode(stderr);
    assert.equal(code, 0, `deno info --json ${root} failed: ${err}`);
    return JSON.parse(new TextDecoder().decode(stdout)) as { modules: InfoModule[] };
  }));
  const local = (url: string | undefined): string | undefined =>
    url?.startsWith(ROOT_URL) && !url.includes("/node_modules/")
      ? url.slice(ROOT_URL.length)
      : undefined;
  for (const info of infos) {
    for (const m of info.modules) {
      const from = local(m.specifier);
      if (from === undefined) continue;
      const to = graph.get(from) ?? new Set<string>();
      graph.set(from, to);
      for (const dep of m.dependencies ?? []) {
        const target = local(dep.code?.specifier);
        if (target !== undefined) to.add(target);
      }
    }
  }
  return graph;
}

/**
 * Every import that crosses the layering the wrong way.
 *
 * @param graph The import graph.
 * @returns One line per bad import.
 */
function layerViolations(graph: Graph): string[] {
  const bad: string[] = [];
  for (const [from, targets] of graph) {
    const tier = tierOf(from);
    for (const to of targets) {
      const target = tierOf(to);
      if (ALLOWED[tier].includes(target)) continue;
      const may = ALLOWED[tier].map((t) => DESCRIBE[t]).join(", ") || "nothing of lel";
      bad.push(
        `${from} imports ${to}: ${DESCRIBE[tier]} may import only ${may}, and ${to} is ${
          DESCRIBE[target]
        }`,
      );
    }
  }
  return bad.sort();
}

/**
 * The import cycles: one per strongly connected component of more than one file (or a file
 * that imports itself), each written as a closed path through its files.
 *
 * @param graph The import graph.
 * @returns One `a → b → a` line per cycle.
 */
function importCycles(graph: Graph): string[] {
  // Tarjan's strongly connected components, recursive (the graph has a few hundred files).
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    for (let w = stack.pop()!;; w = stack.pop()!) {
      onStack.delete(w);
      component.push(w);
      if (w === v) break;
    }
    if (component.length > 1 || graph.get(v)?.has(v)) components.push(component);
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return components.map((c) => cyclePath(graph, new Set(c)).join(" → ")).sort();
}

/** A closed path through a strongly connected component, from its first file in sort order. */
function cyclePath(graph: Graph, component: ReadonlySet<string>): string[] {
  const start = [...component].sort()[0];
  // Breadth-first from start back to start inside the component: the shortest cycle through it.
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of [...(graph.get(v) ?? [])].sort()) {
      if (!component.has(w)) continue;
      if (w === start) {
        const path: string[] = [];
        for (let u = v; u !== start; u = previous.get(u)!) path.unshift(u);
        return [start, ...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    const rel = relative(ROOT, path);
    if (entry.isDirectory) {
      if (rel === "tests" || rel === "node_modules" || entry.name.startsWith(".")) continue;
      out.push(...await sourceFiles(path));
    } else if (entry.name.endsWith(".ts")) out.push(rel);
  }
  return out;
}

/** The entry points: the public API, the command line, the tools, and every folder's mod.ts. */
async function roots(): Promise<string[]> {
  const tools: string[] = [];
  for await (const entry of Deno.readDir(join(ROOT, "tools"))) {
    if (entry.isFile && entry.name.endsWith(".ts")) tools.push(`tools/${entry.name}`);
  }
  const mods = (await sourceFiles(join(ROOT, "runtime"))).filter((f) => f.endsWith("/mod.ts"));
  return ["mod.ts", "runtime/cli/main.ts", ...tools.sort(), ...mods.sort()];
}

const graph = await importGraph(await roots());

Deno.test("every import follows the layering: core, then helpers, then dsl, then the app tier", () => {
  // The graph must reach every tier, or the rules below would pass on an empty picture.
  const tiers = new Set([...graph.keys()].map(tierOf));
  for (const tier of ["core", "helpers", "dsl", "app", "root"] as const) {
    assert.ok(tiers.has(tier), `The import graph reaches no file of ${DESCRIBE[tier]}`);
  }
  const bad = layerViolations(graph);
  assert.deepEqual(bad, [], `Imports against the layering:\n  ${bad.join("\n  ")}`);
});

Deno.test("no module imports itself back through a cycle", () => {
  const cycles = importCycles(graph);
  assert.deepEqual(cycles, [], `Import cycles:\n  ${cycles.join("\n  ")}`);
});

Deno.test(`no source file outside tests/ is longer than ${MAX_LINES} lines`, async () => {
  const long: string[] = [];
  for (const file of await sourceFiles(ROOT)) {
    const lines = (await Deno.readTextFile(join(ROOT, file))).split("\n").length - 1;
    if (lines > MAX_LINES) long.push(`${file}: ${lines} lines`);
  }
  assert.deepEqual(
    long.sort(),
    [],
    `Files over ${MAX_LINES} lines (split them):\n  ${long.join("\n  ")}`,
  );
});

Deno.test("the layering check reports a core file importing dsl/ and an app file from helpers/", () => {
  const fake: Graph = new Map([
    ["runtime/core/engine.ts", new Set(["dsl/lel.ts", "runtime/core/signal.ts"])],
    ["helpers/mix/gain.ts", new Set(["runtime/live/session.ts", "runtime/core/node.ts"])],
    ["dsl/lel.ts", new Set(["helpers/mix/gain.ts"])],
    ["runtime/cli/main.ts", new Set(["dsl/lel.ts", "mod.ts"])],
  ]);
  assert.deepEqual(layerViolations(fake), [
    "helpers/mix/gain.ts imports runtime/live/session.ts: helpers/** may import only core (runtime/core/**), helpers/**, and runtime/live/session.ts is the app tier (runtime/live|control|cli/**)",
    "runtime/core/engine.ts imports dsl/lel.ts: core (runtime/core/**) may import only core (runtime/core/**), and dsl/lel.ts is dsl/**",
  ]);
});

Deno.test("the cycle check names every file of a cycle in import order", () => {
  const fake: Graph = new Map([
    ["runtime/cli/main.ts", new Set(["runtime/cli/commands/live.ts"])],
    ["runtime/cli/commands/live.ts", new Set(["runtime/cli/main.ts", "runtime/core/log.ts"])],
    ["b.ts", new Set(["c.ts"])],
    ["c.ts", new Set(["a.ts"])],
    ["a.ts", new Set(["b.ts"])],
    ["self.ts", new Set(["self.ts"])],
    ["runtime/core/log.ts", new Set()],
  ]);
  assert.deepEqual(importCycles(fake), [
    "a.ts → b.ts → c.ts → a.ts",
    "runtime/cli/commands/live.ts → runtime/cli/main.ts → runtime/cli/commands/live.ts",
    "self.ts → self.ts",
  ]);
});
