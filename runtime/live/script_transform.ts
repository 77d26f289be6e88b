/**
 * Turns a module's JavaScript (types already stripped, positions kept) into the body of a
 * function: its `import` and `export` syntax is blanked out in place (same length, same
 * lines) and described as records the script loader binds, so the code can run through
 * `eval` instead of the module loader. Deno never unloads a module, so a reload that imports a
 * new module each time grows without bound; an evaluated function is freed with its closures.
 *
 * Only the common forms are taken: `import d, { a, b as c } from`, `import * as ns from`,
 * `import "x"`, `export const|let|var|function|class`, `export default`, `export { a as b }`,
 * `export * from` and `export { a } from`. Anything else (a destructuring export, a dynamic
 * import of a local file, an import attribute) returns `undefined`, and the caller loads the
 * module the usual way.
 * @module
 */

import { importSpecifiers } from "./import_specifiers.ts";
import { maskLiterals } from "../core/diagnostics/ts_scanner.ts";

/** One `import` declaration. */
export interface ScriptImport {
  /** The specifier as written. */
  specifier: string;
  /** 1-based line of the declaration (for "not found" messages). */
  line: number;
  /** `import d from`: the local name of the default export. */
  defaultName?: string;
  /** `import * as ns from`: the local name. */
  namespace?: string;
  /** `import { a as b }`: [imported, local] pairs. */
  named: [string, string][];
}

/** One `export … from` declaration. */
export interface ScriptReexport {
  specifier: string;
  line: number;
  /** `export * from`. */
  all: boolean;
  /** `export * as ns from`: the exported name. */
  namespace?: string;
  /** `export { a as b } from`: [imported, exported] pairs. */
  named: [string, string][];
}

/** A module as a function body and the bindings it needs. */
export interface ScriptPlan {
  imports: ScriptImport[];
  reexports: ScriptReexport[];
  /** [exported name, local binding] pairs. */
  exports: [string, string][];
  /** The code with import/export syntax blanked; same length and lines as the input. */
  body: string;
}

/** The local binding that holds `export default <expression>`. */
export const DEFAULT_BINDING = "__lelDef";

const IDENT = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u;
const KEYWORD = /(?<![\w$.])(import|export)(?![\w$])/g;
const DEFAULT_EXPR = `var ${DEFAULT_BINDING}= `; // as long as "export default"

/**
 * Plans a module for evaluation as a function.
 *
 * @param js The module's JavaScript (positions as in the user's file).
 * @returns The plan, or `undefined` when the module uses a form this does not take.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const plan = planScript('import { a as b } from "./a.ts";\nexport const c = b;')!;
 * assert.deepEqual(plan.imports[0].named, [["a", "b"]]);
 * assert.deepEqual(plan.exports, [["c", "c"]]);
 * assert.equal(plan.body, " ".repeat(31) + ";\n       const c = b;");
 * ```
 */
export function planScript(js: string): ScriptPlan | undefined {
  const masked = maskLiterals(js);
  const specs = importSpecifiers(js);
  if (specs.some((s) => s.kind === "dynamic" && /^(?:\.|\/|file:)/.test(s.specifier))) {
    return undefined;
  }
  const plan: ScriptPlan = { imports: [], reexports: [], exports: [], body: "" };
  const blanks: [number, number][] = [];
  const replaced: [number, string][] = [];
  const statics = specs.filter((s) => s.kind === "static");
  let next = 0;
  for (const m of masked.matchAll(KEYWORD)) {
    const at = m.index;
    const after = masked.slice(at + m[0].length);
    if (m[0] === "import" && /^\s*[(.]/.test(after)) continue; // import() and import.meta
    while (next < statics.length && statics[next].start < at) next++;
    const spec = statics[next];
    const line = lineAt(js, at);
    if (m[0] === "import" || isReexport(masked, at, spec)) {
      if (spec === undefined) return undefined;
      if (/^\s*(?:with|assert)\b/.test(masked.slice(spec.end))) return undefined;
      const clause = masked.slice(at + m[0].length, spec.start).replace(/\bfrom\s*$/, "").trim();
      const ok = m[0] === "import"
        ? addImport(plan, clause, spec.specifier, line)
        : addReexport(plan, clause, spec.specifier, line);
      if (!ok) return undefined;
      blanks.push([at, spec.end]);
      next++;
      continue;
    }
    const done = addExport(plan, masked, at, blanks, replaced);
    if (!done) return undefined;
  }
  plan.body = applyEdits(js, blanks, replaced);
  return plan;
}

function isReexport(masked: string, at: number, spec: { start: number } | undefined): boolean {
  if (spec === undefined) return false;
  const between = masked.slice(at + 6, spec.start);
  return /^\s*(?:\*(?:\s*as\s+[\w$]+)?|\{[^}]*\})\s*from\s*$/.test(between);
}

function addImport(plan: ScriptPlan, clause: string, specifier: string, line: number): boolean {
  const entry: ScriptImport = { specifier, line, named: [] };
  let rest = clause;
  const def = /^([\p{ID_Start}$_][\p{ID_Continue}$]*)\s*(?:,\s*|$)/u.exec(rest);
  if (def !== null && def[1] !== "type") {
    entry.defaultName = def[1];
    rest = rest.slice(def[0].length);
  }
  if (rest !== "") {
    const ns = /^\*\s*as\s+([\p{ID_Start}$_][\p{ID_Continue}$]*)$/u.exec(rest);
    if (ns !== null) entry.namespace = ns[1];
    else {
      const named = namedList(rest);
      if (named === undefined) return false;
      entry.named = named;
    }
  }
  plan.imports.push(entry);
  return true;
}

function addReexport(plan: ScriptPlan, clause: string, specifier: string, line: number): boolean {
  const entry: ScriptReexport = { specifier, line, all: false, named: [] };
  const star = /^\*(?:\s*as\s+([\p{ID_Start}$_][\p{ID_Continue}$]*))?$/u.exec(clause);
  if (star !== null) {
    if (star[1] === undefined) entry.all = true;
    else entry.namespace = star[1];
  } else {
    const named = namedList(clause);
    if (named === undefined) return false;
    entry.named = named;
  }
  plan.reexports.push(entry);
  return true;
}

/** `{ a, b as c, }` → [["a", "a"], ["b", "c"]]; `undefined` for anything else. */
function namedList(text: string): [string, string][] | undefined {
  const m = /^\{([^{}]*)\}$/.exec(text.trim());
  if (m === null) return undefined;
  const out: [string, string][] = [];
  for (const raw of m[1].split(",")) {
    const part = raw.trim();
    if (part === "") continue;
    const pair = /^(\S+)(?:\s+as\s+(\S+))?$/.exec(part);
    if (pair === null || !IDENT.test(pair[1]) || (pair[2] && !IDENT.test(pair[2]))) {
      return undefined;
    }
    out.push([pair[1], pair[2] ?? pair[1]]);
  }
  return out;
}

/** An `export` that is not `… from`: blanks the keyword (or clause) and records the names. */
function addExport(
  plan: ScriptPlan,
  masked: string,
  at: number,
  blanks: [number, number][],
  replaced: [number, string][],
): boolean {
  const rest = masked.slice(at + 6);
  const lead = /^\s*/.exec(rest)![0].length;
  const body = rest.slice(lead);
  const declared =
    /^(?:async\s+)?function\s*\*?\s*([\p{ID_Start}$_][\p{ID_Continue}$]*)|^class\s+([\p{ID_Start}$_][\p{ID_Continue}$]*)/u
      .exec(body);
  if (declared !== null) {
    const name = declared[1] ?? declared[2];
    plan.exports.push([name, name]);
    blanks.push([at, at + 6]);
    return true;
  }
  const variable = /^(?:const|let|var)\s+/.exec(body);
  if (variable !== null) {
    const names = declaredNames(masked, at + 6 + lead + variable[0].length);
    if (names === undefined) return false;
    for (const name of names) plan.exports.push([name, name]);
    blanks.push([at, at + 6]);
    return true;
  }
  if (body.startsWith("default")) {
    const whole = /^default(\s+)/.exec(body);
    if (whole === null || lead !== 1 || whole[1] !== " ") return false;
    const decl =
      /^(?:async\s+)?function\s*\*?\s*([\p{ID_Start}$_][\p{ID_Continue}$]*)|^class\s+([\p{ID_Start}$_][\p{ID_Continue}$]*)/u
        .exec(body.slice(whole[0].length));
    if (decl !== null) {
      plan.exports.push(["default", decl[1] ?? decl[2]]);
      blanks.push([at, at + 15]);
    } else {
      plan.exports.push(["default", DEFAULT_BINDING]);
      replaced.push([at, DEFAULT_EXPR]);
    }
    return true;
  }
  const list = /^\{[^{}]*\}/.exec(body);
  if (list !== null) {
    const named = namedList(list[0]);
    if (named === undefined) return false;
    for (const [local, exported] of named) plan.exports.push([exported, local]);
    blanks.push([at, at + 6 + lead + list[0].length]);
    return true;
  }
  return false;
}

/**
 * The names a `const`/`let`/`var` declares, from just after the keyword to the end of the
 * statement (`;` or a line break outside brackets). Only plain identifiers are taken.
 */
function declaredNames(masked: string, from: number): string[] | undefined {
  const first = /^[\p{ID_Start}$_][\p{ID_Continue}$]*/u.exec(masked.slice(from));
  if (first === null) return undefined;
  const names = [first[0]];
  let depth = 0;
  for (let i = from + first[0].length; i < masked.length; i++) {
    const c = masked[i];
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (depth === 0 && c === ";") break;
    else if (depth === 0 && c === "\n") {
      // A declaration that goes on after a line break at its top level is not taken.
      const around = masked.slice(Math.max(from, i - 200), i).trimEnd();
      if (around.endsWith(",") || /^\s*,/.test(masked.slice(i + 1))) return undefined;
      break;
    } else if (depth === 0 && c === ",") {
      const m = /^\s*([\p{ID_Start}$_][\p{ID_Continue}$]*)\s*(?:=|,|;|\n|$)/u.exec(
        masked.slice(i + 1),
      );
      if (m === null) return undefined;
      names.push(m[1]);
    }
  }
  return names;
}

function applyEdits(js: string, blanks: [number, number][], replaced: [number, string][]): string {
  const chars = [...js.split("")];
  for (const [start, end] of blanks) {
    for (let i = start; i < end; i++) if (chars[i] !== "\n" && chars[i] !== "\r") chars[i] = " ";
  }
  for (const [at, text] of replaced) {
    for (let i = 0; i < text.length; i++) chars[at + i] = text[i];
  }
  return chars.join("");
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}
