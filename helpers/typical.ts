/**
 * Typical instances of any declared helper, built from its definition alone (each parameter at
 * a point inside its range, constants at their defaults): what the tests sweep, what the
 * bytecode measurement runs, and what the docs show. Adding a helper needs no edit here.
 * @module
 */

import type { Context, Param, Signal } from "../runtime/core/signal.ts";
import type { HelperDefinition } from "./helper_definition.ts";
import { argsOf, declaredHelpers, factoryOf, positionalOf } from "./declare_helper.ts";

/** How to build a typical instance. */
export interface TypicalOptions {
  /** Parameter values: constant, modulated by a helper chain, or by a hand-written leaf. */
  readonly params?: "constant" | "helper" | "leaf";
  /** Also give the optional arguments. @default {false} */
  readonly optional?: boolean;
  /** Where in each parameter's range to sit, 0..1. @default {0.3} */
  readonly at?: number;
  /** The piped input (audio or trigger) to use. @default {a 110 Hz saw, or a 4 Hz pulse} */
  readonly input?: Param;
  /**
   * Constants at their defaults, or at the top of their ranges where they have one (a stereo
   * sample player, the longest delay line). @default {"default"}
   */
  readonly constants?: "default" | "top";
}

/** A parameter's typical number: a point in its range, or its default, or 1. */
function typicalValue(range: readonly [number, number] | undefined, at: number): number {
  if (range === undefined) return 1;
  return range[0] + (range[1] - range[0]) * at;
}

/**
 * The arguments of a typical instance, as the factory takes them (input first).
 *
 * @param def A declared helper's definition.
 * @param options How to pick them.
 * @param modulator Builds a helper modulator around a value (for `params: "helper"`).
 * @returns The factory's arguments.
 */
export function typicalArgs(
  def: HelperDefinition,
  options: TypicalOptions = {},
  modulator: (value: number) => Signal = (v) => () => v,
): unknown[] {
  const at = options.at ?? 0.3;
  const values: Record<string, Param> = {};
  argsOf(def).forEach((a, i) => {
    if (a.kind === "text") {
      if (!a.optional || options.optional) values[a.name] = a.example as unknown as Param;
      return;
    }
    if (a.optional && !options.optional) return;
    const value = typicalValue(a.range, Math.min(1, at + 0.1 * i));
    if (a.kind === "const") {
      if (options.constants === "top" && a.range !== undefined) values[a.name] = a.range[1];
      else if (a.default === undefined) values[a.name] = value;
      else if (typeof a.default === "number") values[a.name] = a.default;
      return;
    }
    if (a.default !== undefined && !options.optional && typeof a.default !== "number") return;
    const depth = 0.2 * (Math.abs(value) + 0.1);
    values[a.name] = options.params === "helper"
      ? modulator(value)
      : options.params === "leaf"
      ? (s: Context) => value + depth * Math.sin(s.t * 13 + i)
      : value;
  });
  const args: unknown[] = [];
  if (def.input !== undefined) args.push(options.input ?? 0.5);
  const positional = positionalOf(def);
  let last = -1;
  positional.forEach((name, i) => {
    if (values[name] !== undefined) last = i;
  });
  for (let i = 0; i <= last; i++) args.push(values[positional[i]]);
  const opts: Record<string, Param> = {};
  for (const a of argsOf(def)) {
    if (a.option && values[a.name] !== undefined) opts[a.name] = values[a.name];
  }
  if (Object.keys(opts).length > 0) {
    while (args.length < (def.input !== undefined ? 1 : 0) + positional.length) {
      args.push(undefined);
    }
    args.push(opts);
  }
  return args;
}

/**
 * A typical instance of a declared helper.
 *
 * @param def Its definition.
 * @param options How to build it.
 * @returns The signal.
 */
export function typicalInstance(def: HelperDefinition, options: TypicalOptions = {}): Signal {
  return factoryOf(def)(...typicalArgs(def, options));
}

/**
 * Every declared helper's definition.
 *
 * @returns The definitions, in declaration order.
 */
export function allDefinitions(): readonly HelperDefinition[] {
  return declaredHelpers();
}
