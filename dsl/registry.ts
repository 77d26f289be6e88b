/**
 * The helper registry: which names the DSL knows, what each helper's parameters are called
 * and what units they take, and "did you mean" for names it does not know.
 *
 * The core helpers are registered by `builtins.ts`; a session adds its own with
 * {@linkcode defineHelper} and can then use them by name in a template.
 * @module
 */

import type { CallArgs, LoweredArg } from "./lowered.ts";
import { definitionOf } from "../helpers/declare_helper.ts";
import { specOfDefinition } from "./definition_spec.ts";
import { kindLabel, PARAM_KINDS, type ParamKind } from "./units.ts";

/** One parameter of a helper, as the DSL writes it. */
export interface ParamSpec {
  /** Its name, as the helper's docs call it (`cutoff`). */
  readonly name: string;
  /** What it means (decides the units it accepts). */
  readonly kind: ParamKind;
  /** Whether it may be left out (only after the required ones). @default {false} */
  readonly optional?: boolean;
  /** How messages show its unit, e.g. `0..1`. @default {the kind's unit: Hz, s, …} */
  readonly unit?: string;
  /**
   * Whether it must be a number known when the chain is built (it sizes memory or seeds
   * state, like a delay's `maxTime`), so signals and the piped input are refused.
   * @default {false}
   */
  readonly constant?: boolean;
}

/** How the DSL calls a helper. */
export interface HelperSpec {
  /**
   * The parameters in the order the DSL writes them, the piped input first when the helper
   * takes one (`a |> f x y` calls `f(a, x, y)`).
   */
  readonly params: readonly ParamSpec[];
  /** A variadic tail, e.g. the signals of `mix (a) (b) …`. */
  readonly rest?: ParamSpec;
  /**
   * Whether the factory takes an options object (for `@key`) after its positional
   * parameters. @default {true unless there is a rest parameter}
   */
  readonly options?: boolean;
  /**
   * Maps the DSL's arguments (in `params` order, `undefined` where left out) to the
   * factory's positional arguments and options, for helpers whose TypeScript signature reads
   * differently in a pipe. @default {the arguments as they are}
   */
  readonly toCall?: (args: readonly (LoweredArg | undefined)[]) => CallArgs;
  /** One line for listings. */
  readonly summary?: string;
}

/** A factory the DSL can call: positional arguments, then options. */
// deno-lint-ignore no-explicit-any
export type HelperFactory = (...args: any[]) => unknown;

/** A registered helper. */
export interface HelperEntry {
  /** The name templates call it by (`lpf`). */
  readonly name: string;
  /** The function a lowered call invokes, with the arguments `spec.toCall` maps. */
  readonly factory: HelperFactory;
  /** Its parameters, units and argument mapping, as the DSL checks and writes them. */
  readonly spec: HelperSpec;
  /** Whether `@key` is accepted. */
  readonly options: boolean;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NOTE_LIKE = /^[a-gA-G](#|b)?[0-9]$/;

/** Helper names the DSL knows, with their specs. */
export class HelperRegistry {
  #entries = new Map<string, HelperEntry>();

  /**
   * Adds (or replaces) a helper.
   *
   * @param name The name templates use (`[A-Za-z_][A-Za-z0-9_]*`, not a note name).
   * @param factory The function to call.
   * @param spec Its parameters.
   * @throws {TypeError} On a bad name, factory or spec.
   */
  define(name: string, factory: HelperFactory, spec: HelperSpec): void {
    if (typeof name !== "string" || !NAME.test(name) || NOTE_LIKE.test(name)) {
      throw new TypeError(
        `Cannot define helper '${
          String(name)
        }': use letters, digits and '_', starting with a letter, and not a note name like 'a4'`,
      );
    }
    if (typeof factory !== "function") {
      throw new TypeError(
        `Cannot define helper '${name}': expected a factory function, got ${typeof factory}`,
      );
    }
    checkSpec(name, spec);
    const options = spec.options ?? spec.rest === undefined;
    this.#entries.set(name, { name, factory, spec, options });
  }

  /**
   * The helper registered under `name`.
   *
   * @param name A helper name.
   * @returns Its entry, or `undefined`.
   */
  get(name: string): HelperEntry | undefined {
    return this.#entries.get(name);
  }

  /** Every registered name, sorted. */
  names(): string[] {
    return [...this.#entries.keys()].sort();
  }

  /**
   * The registered name closest to a misspelt one: within edit distance 2 (a swap of two
   * neighbours counts 1), or one name a prefix of the other (3 letters at least).
   *
   * @param name The unknown name.
   * @returns The suggestion, or `undefined` when nothing is close.
   */
  suggest(name: string): string | undefined {
    let best: string | undefined;
    let bestScore = Infinity;
    const lower = name.toLowerCase();
    for (const candidate of this.#entries.keys()) {
      const c = candidate.toLowerCase();
      let score = editDistance(lower, c);
      const shorter = Math.min(lower.length, c.length);
      if (shorter >= 3 && (c.startsWith(lower) || lower.startsWith(c))) {
        score = Math.min(score, 1.5);
      }
      if (score > 2) continue;
      const better = score < bestScore ||
        (score === bestScore && best !== undefined && candidate < best);
      if (better) {
        best = candidate;
        bestScore = score;
      }
    }
    return best;
  }
}

function checkSpec(name: string, spec: HelperSpec): void {
  if (spec === null || typeof spec !== "object" || !Array.isArray(spec.params)) {
    throw new TypeError(`Cannot define helper '${name}': spec.params must be an array`);
  }
  let optional = false;
  const all = spec.rest === undefined ? spec.params : [...spec.params, spec.rest];
  for (const p of all) {
    if (p === null || typeof p !== "object" || typeof p.name !== "string" || p.name === "") {
      throw new TypeError(`Cannot define helper '${name}': every parameter needs a name`);
    }
    if (!PARAM_KINDS.includes(p.kind)) {
      throw new TypeError(
        `Cannot define helper '${name}': parameter '${p.name}' has kind '${
          String(p.kind)
        }'; use one of ${PARAM_KINDS.join(", ")}`,
      );
    }
  }
  for (const p of spec.params) {
    if (p.optional) optional = true;
    else if (optional) {
      throw new TypeError(
        `Cannot define helper '${name}': required parameter '${p.name}' follows an optional one; put optional parameters last`,
      );
    }
  }
}

/**
 * How a parameter reads in messages: `cutoff (Hz)`, `[resonance (0..1)]`, `[signals…]`.
 *
 * @param param The parameter.
 * @param rest Whether it is a variadic tail.
 * @returns The label.
 */
export function paramLabel(param: ParamSpec, rest = false): string {
  const unit = param.unit ?? kindLabel(param.kind);
  const base = unit === "" ? param.name : `${param.name} (${unit})`;
  if (rest) return `[${base}…]`;
  return param.optional ? `[${base}]` : base;
}

/**
 * The parameters from `from` on, as one line: `cutoff (Hz) [resonance (0..1)]`.
 *
 * @param spec A helper's spec.
 * @param from First parameter to list (1 to leave out a piped input).
 * @returns The list, or `no arguments`.
 */
export function signatureOf(spec: HelperSpec, from: number): string {
  const parts = spec.params.slice(from).map((p) => paramLabel(p));
  if (spec.rest !== undefined) parts.push(paramLabel(spec.rest, true));
  return parts.length === 0 ? "no arguments" : parts.join(" ");
}

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbours each cost 1.
 *
 * @param a A string.
 * @param b Another.
 * @returns The distance.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, d[i - 2][j - 2] + 1);
      }
      d[i][j] = v;
    }
  }
  return d[rows - 1][cols - 1];
}

/** The registry templates use unless told otherwise (core helpers added by `builtins.ts`). */
export const helperRegistry: HelperRegistry = new HelperRegistry();

/**
 * Makes a helper usable by name in `lel` templates.
 *
 * @param name The name templates use.
 * @param factory The helper function (its piped input first when it takes one).
 * @param spec Its parameters (names and kinds, for unit checks and messages); left out for a
 *   factory from `declareHelper`, whose definition gives them.
 * @throws {TypeError} On a bad name, factory or spec.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compile, defineHelper, printProgram } from "@lel/lel";
 * import type { Param, Signal } from "@lel/lel";
 * function fold(input: Param, amount: Param): Signal {
 *   const x = typeof input === "function" ? input : () => input;
 *   const a = typeof amount === "function" ? amount : () => amount;
 *   return (s) => Math.sin(Number(x(s)) * (1 + 4 * Number(a(s))));
 * }
 * defineHelper("fold", fold, {
 *   params: [{ name: "input", kind: "signal" }, { name: "amount", kind: "unitless", unit: "0..1" }],
 *   options: false,
 * });
 * assert.equal(printProgram(compile("x: saw 55 |> fold 30%")), 'register("x", fold(saw(55), 0.3))');
 * ```
 */
export function defineHelper(name: string, factory: HelperFactory, spec?: HelperSpec): void {
  const def = definitionOf(factory);
  if (spec === undefined && def === undefined) {
    throw new TypeError(
      `Cannot define helper '${name}': give its spec ({ params: [...] }), or declare it with declareHelper() so the spec comes from its definition`,
    );
  }
  helperRegistry.define(name, factory, spec ?? specOfDefinition(def!));
}
