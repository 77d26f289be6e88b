/**
 * Evaluates a session and its local modules as functions instead of importing them as
 * modules. Deno cannot unload a module, so importing a new copy on every reload grows memory
 * and import time without bound (2,000 reloads: RSS 79 → 151 MB, import 2.2 → 9.8 ms, measured
 * by `tests/bench/soak.ts`); code run through `eval` is freed with the closures it made.
 *
 * Each module's types are stripped in place (`type_strip.ts`), its import and export syntax
 * is replaced by bindings (`script_transform.ts`), and it runs as
 * `(async function (imports, exports) { "use strict"; … })` with a stable `sourceURL` that
 * `location.ts` maps back to the user's file, so errors, fault reports and `import.meta` read
 * as before. Dependencies run first, each once per load, in import order, like modules. A graph
 * this cannot take (see `script_transform.ts`; also an import cycle or a non-script local file)
 * is reported as `undefined` before anything runs, and the caller imports it as modules.
 * @module
 */

import { fileURLToPath } from "node:url";
import { dirname } from "node:path";
import { importMetaUses } from "./import_specifiers.ts";
import { isLelOwn } from "../core/diagnostics/location.ts";
import { planScript, type ScriptPlan } from "./script_transform.ts";
import { stripTypes } from "./type_strip.ts";

const SCRIPT = /\.(?:[cm]?[jt]sx?)$/;

/**
 * V8 refused a module's code (the stripper accepted it): load it as a module instead, whose
 * error names the place.
 */
export class ScriptCompileError extends Error {
  /**
   * @param url The module.
   * @param cause What `eval` threw.
   */
  constructor(readonly url: string, cause: unknown) {
    super(`Cannot evaluate ${url}: ${(cause as Error)?.message ?? cause}`, { cause });
    this.name = "ScriptCompileError";
  }
}

/** One module ready to run (the same text always prepares the same way, so it is cached). */
export interface PreparedModule {
  url: string;
  plan: ScriptPlan;
  /** Resolved target of each import, then of each re-export, in order. */
  targets: Target[];
  /** The function's source (without the `sourceURL` line). */
  code: string;
  /** Characters added before the user's first line. */
  shift: number;
}

type Target = { kind: "local" | "own" | "external"; url: string };

/** A session graph ready to run: modules in the order they must run (dependencies first). */
export interface PreparedScripts {
  modules: PreparedModule[];
}

/** What running needs from the session. */
export interface ScriptRunOptions {
  /** This load's copy of one of lel's modules (signal-changing functions guarded). */
  ownExports(url: string): Promise<Record<string, unknown>>;
  /** The `sourceURL` for a user's module (stable, mapped back to `url` by the caller). */
  sourceUrl(url: string, firstLineShift: number): string;
}

/**
 * Prepares a session's modules for evaluation.
 *
 * @param entry The session's URL.
 * @param texts Each local module's source by URL (what the loader read).
 * @param cache Modules prepared by earlier loads, by URL (an unchanged module is not stripped
 *   and planned again); updated in place.
 * @returns The prepared graph, or `undefined` when it must be imported as modules instead.
 */
export async function prepareScripts(
  entry: string,
  texts: ReadonlyMap<string, string>,
  cache?: Map<string, { text: string; module: PreparedModule }>,
): Promise<PreparedScripts | undefined> {
  const prepared = new Map<string, PreparedModule>();
  for (const [url, text] of texts) {
    if (!SCRIPT.test(url)) return undefined;
    const cached = cache?.get(url);
    if (cached !== undefined && cached.text === text) {
      prepared.set(url, cached.module);
      continue;
    }
    const js = await stripTypes(text);
    if (js === undefined) return undefined;
    const plan = planScript(js);
    if (plan === undefined) return undefined;
    const targets: Target[] = [];
    for (const { specifier } of [...plan.imports, ...plan.reexports]) {
      const target = resolveTarget(specifier, url, texts);
      if (target === undefined) return undefined;
      targets.push(target);
    }
    const { code, shift } = functionSource(url, plan);
    const module = { url, plan, targets, code, shift };
    prepared.set(url, module);
    cache?.set(url, { text, module });
  }
  const order: PreparedModule[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (url: string): boolean => {
    const s = state.get(url);
    if (s === "done") return true;
    if (s === "visiting") return false; // a cycle: modules give it live bindings, this cannot
    state.set(url, "visiting");
    const module = prepared.get(url)!;
    for (const t of module.targets) if (t.kind === "local" && !visit(t.url)) return false;
    state.set(url, "done");
    order.push(module);
    return true;
  };
  return visit(entry) ? { modules: order } : undefined;
}

/**
 * Runs a prepared graph: each module once, dependencies first.
 *
 * @param scripts From {@linkcode prepareScripts}.
 * @param options This load's lel exports and source URLs.
 */
export async function runScripts(
  scripts: PreparedScripts,
  options: ScriptRunOptions,
): Promise<void> {
  const exportsOf = new Map<string, Record<string, unknown>>();
  const externals = new Map<string, Record<string, unknown>>();
  const resolve = async (t: Target): Promise<Record<string, unknown>> => {
    if (t.kind === "local") return exportsOf.get(t.url)!;
    if (t.kind === "own") return await options.ownExports(t.url);
    let ns = externals.get(t.url);
    if (ns === undefined) {
      ns = await import(t.url) as Record<string, unknown>;
      externals.set(t.url, ns);
    }
    return ns;
  };
  for (const module of scripts.modules) {
    const { plan, targets } = module;
    const exports: Record<string, unknown> = Object.create(null);
    const imports: Record<string, unknown>[] = [];
    for (let i = 0; i < plan.imports.length; i++) imports.push(await resolve(targets[i]));
    for (let r = 0; r < plan.reexports.length; r++) {
      const from = await resolve(targets[plan.imports.length + r]);
      reexport(exports, from, plan.reexports[r]);
    }
    exportsOf.set(module.url, exports);
    const source = `${module.code}\n//# sourceURL=${options.sourceUrl(module.url, module.shift)}`;
    let fn: (imports: Record<string, unknown>[], exports: Record<string, unknown>) => Promise<void>;
    try {
      fn = (0, eval)(source);
    } catch (error) {
      throw new ScriptCompileError(module.url, error);
    }
    await fn(imports, exports);
  }
}

function resolveTarget(
  specifier: string,
  from: string,
  texts: ReadonlyMap<string, string>,
): Target | undefined {
  // npm:, node:, jsr:, https: and import-map names resolve the same from anywhere.
  if (!/^(?:\.\.?\/|\/|file:)/.test(specifier)) return { kind: "external", url: specifier };
  let url: string;
  try {
    url = new URL(specifier, from).href;
  } catch {
    return undefined;
  }
  if (isLelOwn(url)) return { kind: "own", url };
  return texts.has(url) ? { kind: "local", url } : undefined;
}

function reexport(
  exports: Record<string, unknown>,
  from: Record<string, unknown>,
  r: ScriptPlan["reexports"][number],
): void {
  const define = (name: string, get: () => unknown) =>
    Object.defineProperty(exports, name, { get, enumerable: true, configurable: true });
  if (r.all) {
    for (const key of Object.keys(from)) {
      if (key !== "default") define(key, () => from[key]);
    }
  }
  if (r.namespace !== undefined) define(r.namespace, () => from);
  for (const [imported, exported] of r.named) define(exported, () => from[imported]);
}

/** `(async function (__lelI, __lelE) {"use strict"; <bindings> <body> <import.meta>})`. */
function functionSource(url: string, plan: ScriptPlan): { code: string; shift: number } {
  const bind: string[] = [];
  plan.imports.forEach((imp, i) => {
    if (imp.defaultName !== undefined) {
      bind.push(`const ${imp.defaultName} = __lelI[${i}].default;`);
    }
    if (imp.namespace !== undefined) bind.push(`const ${imp.namespace} = __lelI[${i}];`);
    if (imp.named.length > 0) {
      const pairs = imp.named.map(([a, b]) => (a === b ? a : `${a}: ${b}`)).join(", ");
      bind.push(`const { ${pairs} } = __lelI[${i}];`);
    }
  });
  if (plan.exports.length > 0) {
    const getters = plan.exports.map(([name, local]) =>
      `${JSON.stringify(name)}: { get: () => ${local}, enumerable: true, configurable: true }`
    );
    bind.push(`Object.defineProperties(__lelE, { ${getters.join(", ")} });`);
  }
  const prefix = `(async function (__lelI, __lelE) {"use strict";${bind.join("")}`;
  let body = plan.body;
  let meta = "";
  const uses = importMetaUses(body);
  if (uses.length > 0) {
    for (const at of uses.reverse()) body = body.slice(0, at) + "__lelMeta()" + body.slice(at + 11);
    const path = fileURLToPath(url);
    meta = `\nfunction __lelMeta() { return { url: ${JSON.stringify(url)}, main: false, ` +
      `filename: ${JSON.stringify(path)}, dirname: ${JSON.stringify(dirname(path))}, ` +
      `resolve: (s) => new URL(s, ${JSON.stringify(url)}).href }; }`;
  }
  return { code: `${prefix}${body}${meta}\n})`, shift: prefix.length };
}
