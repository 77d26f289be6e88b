/**
 * The DSL signature of a declared helper, derived from its definition: the piped input first,
 * then its arguments in `dslOrder` (or the factory's order, then its options), each with the
 * kind its unit implies, and a `toCall` that maps the DSL's arguments back to the factory's.
 * @module
 */

import type { HelperDefinition } from "../helpers/helper_definition.ts";
import { argsOf, positionalOf } from "../helpers/declare_helper.ts";
import type { Param } from "../runtime/core/signal.ts";
import type { CallArgs, LoweredArg } from "./lowered.ts";
import type { HelperSpec, ParamSpec } from "./registry.ts";
import { kindOfUnit } from "./units.ts";

/**
 * The order the DSL writes a definition's arguments in (after the input).
 *
 * @param def A definition.
 * @returns Argument names.
 */
export function dslOrderOf(def: HelperDefinition): string[] {
  if (def.dslOrder !== undefined) return [...def.dslOrder];
  const positional = positionalOf(def);
  return [...positional, ...argsOf(def).map((a) => a.name).filter((n) => !positional.includes(n))];
}

/**
 * A definition's DSL spec.
 *
 * @param def A declared definition.
 * @returns The spec the registry takes.
 */
export function specOfDefinition(def: HelperDefinition): HelperSpec {
  const args = new Map(argsOf(def).map((a) => [a.name, a]));
  const order = dslOrderOf(def);
  const params: ParamSpec[] = [];
  if (def.input !== undefined) {
    params.push({ name: def.input === "trigger" ? "trigger" : "input", kind: "signal" });
  }
  let optional = false;
  for (const name of order) {
    const a = args.get(name)!;
    const dslDefault = a.kind === "const" && a.dslDefault !== undefined;
    // A default computed from the others (a delay's time = maxTime) reads as required.
    optional ||= a.optional === true || typeof a.default === "number" || dslDefault;
    const label = a.kind === "text" ? undefined : a.label;
    const unit = label ?? (a.unit === "0..1" || a.unit === "-1..1" ? a.unit : undefined);
    params.push({
      name,
      kind: kindOfUnit(a.unit),
      ...(optional ? { optional: true } : {}),
      ...(unit === undefined ? {} : { unit }),
      ...(a.kind === "const" ? { constant: true } : {}),
    });
  }
  const skip = def.input === undefined ? 0 : 1;
  return {
    params,
    summary: def.summary,
    toCall: (given) => toCall(def, order, skip, given),
  };
}

function toCall(
  def: HelperDefinition,
  order: readonly string[],
  skip: number,
  given: readonly (LoweredArg | undefined)[],
): CallArgs {
  const byName = new Map<string, LoweredArg>();
  order.forEach((name, i) => {
    const arg = given[i + skip];
    if (arg !== undefined) byName.set(name, arg);
  });
  const span = given.find((a) => a !== undefined)?.span ?? { start: 0, end: 0 };
  const numbers: Record<string, Param | undefined> = {};
  for (const [name, arg] of byName) {
    // A duration in beats is at most its length at 30 BPM (what a delay line is sized for).
    numbers[name] = arg.kind === "number"
      ? arg.value
      : arg.kind === "beats" && arg.as === "time"
      ? arg.value * (arg.unit === "bar" ? 4 : 1) * 2
      : () => 0;
  }
  for (const c of def.consts ?? []) {
    if (byName.has(c.name) || c.dslDefault === undefined) continue;
    byName.set(c.name, { kind: "number", value: c.dslDefault(numbers), span });
  }
  const args: (LoweredArg | undefined)[] = skip === 1 ? [given[0]] : [];
  const positional = positionalOf(def);
  for (const name of positional) args.push(byName.get(name));
  const options: Record<string, LoweredArg> = {};
  for (const a of argsOf(def)) {
    const arg = byName.get(a.name);
    if (a.option && arg !== undefined) options[a.name] = arg;
  }
  return Object.keys(options).length === 0 ? { args } : { args, options };
}
