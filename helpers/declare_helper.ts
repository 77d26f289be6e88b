/**
 * `declareHelper`: turns a {@linkcode HelperDefinition} into the helper's factory, whose
 * signals carry their closure form and kernel spec, and keeps the list of every declared
 * helper (the DSL registers them by name, the docs list them, the tests sweep them).
 * @module
 */

import type { Param, Signal } from "../runtime/core/signal.ts";
import type {
  ArgValues,
  ConstDef,
  DefinedFactory,
  HelperDefinition,
  ParamDef,
  Step,
  StepContext,
  TextDef,
} from "./helper_definition.ts";
import { barBeats } from "../runtime/core/transport.ts";
import { beatPeriodOf } from "./rhythm/beats.ts";
import { channelsOf, tagSignal } from "../runtime/core/signal_tag.ts";
import { createNode, type NodeLayout } from "../runtime/core/node.ts";
import { checkStep, type StepLayout, stepLayout } from "./_step_layout.ts";
import { stepClosure } from "./_step_closure.ts";
import { stepKernel } from "./_step_kernel.ts";
import { prepareTexts } from "./_prepare_texts.ts";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DEFINITION = Symbol.for("lel.definition");

const declared: HelperDefinition[] = [];
const factories = new Map<HelperDefinition, DefinedFactory>();

/** An argument of a definition: a parameter, a constant or a text. */
export type ArgDef =
  | (ParamDef & { readonly kind: "param" })
  | (ConstDef & { readonly kind: "const" })
  | (TextDef & { readonly kind: "text" });

/**
 * Every argument in declaration order (texts, parameters, then constants; hidden constants,
 * which `prepare` makes, are not arguments).
 *
 * @param def A definition.
 * @returns Its arguments.
 */
export function argsOf(def: HelperDefinition): readonly ArgDef[] {
  let args = ARGS.get(def);
  if (args === undefined) {
    args = [
      ...(def.texts ?? []).map((t) => ({ ...t, kind: "text" as const })),
      ...(def.params ?? []).map((p) => ({ ...p, kind: "param" as const })),
      ...(def.consts ?? []).filter((c) => !c.hidden).map((c) => ({ ...c, kind: "const" as const })),
    ];
    ARGS.set(def, args);
  }
  return args;
}

/**
 * The TypeScript factory's positional arguments after the input, in order.
 *
 * @param def A definition.
 * @returns Their names.
 */
export function positionalOf(def: HelperDefinition): readonly string[] {
  let names = POSITIONAL.get(def);
  if (names === undefined) {
    names = def.order?.slice() ?? argsOf(def).filter((a) => !a.option).map((a) => a.name);
    POSITIONAL.set(def, names);
  }
  return names;
}

// A definition does not change once declared: its argument lists are worked out once (every
// DSL call and every helper built reads them; rebuilding them was a third of a compile).
const ARGS = new WeakMap<HelperDefinition, readonly ArgDef[]>();
const POSITIONAL = new WeakMap<HelperDefinition, readonly string[]>();

/**
 * Declares a helper: checks the definition and derives its factory.
 *
 * The factory takes the input first (unless it is a source), then the positional arguments in
 * `order`, then an options object with `key` and the option arguments.
 *
 * @param def The definition.
 * @returns The factory (its `definition` property is `def`).
 * @throws {TypeError} When the definition is inconsistent (a call names something unknown).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderSignal } from "@lel/lel";
 * function halve(x: number): number {
 *   return 0.5 * x;
 * }
 * const half = declareHelper({
 *   name: "halfExample",
 *   summary: "Halves its input",
 *   input: "audio",
 *   step: { channel: { fn: halve, args: ["x"] } },
 * });
 * const [y] = renderSignal(half(0.8), 2);
 * assert.equal(y[1], 0.4);
 * ```
 */
export function declareHelper(def: HelperDefinition): DefinedFactory {
  checkDefinition(def);
  const layout = stepLayout(def);
  const variants = new Map<string, Step>();
  const variant = (c: StepContext, has: readonly boolean[]): Step => {
    if (typeof def.step !== "function") return def.step;
    const locks = (def.params ?? []).filter((p) => p.lockable).map((p) => Number(c.locked(p.name)));
    const consts = (def.stepConsts ?? []).map((name) => c.value(name));
    const key = `${c.width === 1 ? 1 : "n"}|${has.map(Number).join("")}|${locks.join("")}|${
      consts.join(",")
    }`;
    let step = variants.get(key);
    if (step === undefined) {
      step = def.step(c);
      checkStep(def, step, layout);
      variants.set(key, step);
    }
    return step;
  };
  if (typeof def.step !== "function") checkStep(def, def.step, layout);
  const factory = (...args: unknown[]) => build(def, layout, variant, args);
  Object.defineProperty(factory, "name", { value: def.name });
  Object.defineProperty(factory, "definition", { value: def });
  (factory as unknown as Record<symbol, unknown>)[DEFINITION] = def;
  declared.push(def);
  factories.set(def, factory as unknown as DefinedFactory);
  return factory as unknown as DefinedFactory;
}

/**
 * The factory derived from a declared definition.
 *
 * @param def A definition passed to {@linkcode declareHelper}.
 * @returns Its factory.
 * @throws {TypeError} When the definition was never declared.
 */
export function factoryOf(def: HelperDefinition): DefinedFactory {
  const factory = factories.get(def);
  if (factory === undefined) {
    throw new TypeError(`Helper '${def.name}' was never declared: pass it to declareHelper()`);
  }
  return factory;
}

/**
 * Calls a declared helper's factory with its arguments by name (what the DSL and the tests do).
 *
 * @param def A declared definition.
 * @param input The piped input (ignored by sources).
 * @param values Arguments by name (left out: their defaults).
 * @param options `key`, when given.
 * @returns The helper's signal.
 */
export function callNamed(
  def: HelperDefinition,
  input: Param | undefined,
  values: Readonly<Record<string, Param | undefined>>,
  options: { key?: string } = {},
): Signal {
  const args: unknown[] = def.input === undefined ? [] : [input];
  for (const name of positionalOf(def)) args.push(values[name]);
  const opts: Record<string, unknown> = { ...options };
  for (const a of argsOf(def)) {
    if (a.option && values[a.name] !== undefined) opts[a.name] = values[a.name];
  }
  args.push(opts);
  return factoryOf(def)(...args);
}

/**
 * Every helper declared so far, in declaration order.
 *
 * @returns The definitions.
 */
export function declaredHelpers(): readonly HelperDefinition[] {
  return declared;
}

/**
 * The definition a factory was derived from.
 *
 * @param factory A function.
 * @returns Its definition, or `undefined` when it is not a declared helper.
 */
export function definitionOf(factory: unknown): HelperDefinition | undefined {
  if (typeof factory !== "function") return undefined;
  return (factory as unknown as Record<symbol, HelperDefinition | undefined>)[DEFINITION];
}

function checkDefinition(def: HelperDefinition): void {
  if (typeof def?.name !== "string" || !NAME.test(def.name)) {
    throw new TypeError(
      `Cannot declare helper '${
        String(def?.name)
      }': use letters, digits and '_', starting with a letter`,
    );
  }
  const seen = new Set<string>();
  for (const a of argsOf(def)) {
    if (!NAME.test(a.name) || a.name === "key" || seen.has(a.name)) {
      throw new TypeError(
        `Cannot declare helper '${def.name}': argument name '${a.name}' is invalid or used twice`,
      );
    }
    seen.add(a.name);
  }
  for (const name of def.stepConsts ?? []) {
    if (!(def.consts ?? []).some((c) => c.name === name)) {
      throw new TypeError(
        `Cannot declare helper '${def.name}': stepConsts names '${name}', which is not a constant`,
      );
    }
  }
  for (const name of def.order ?? []) {
    if (!seen.has(name)) {
      throw new TypeError(`Cannot declare helper '${def.name}': order names unknown '${name}'`);
    }
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  if (typeof value === "function") return "a function";
  return String(value);
}

/** Reads the factory's arguments into name → value, then fills defaults. */
function readArgs(def: HelperDefinition, args: readonly unknown[]): {
  input: Param | undefined;
  values: Record<string, Param | undefined>;
  options: Record<string, unknown> | undefined;
} {
  const hasInput = def.input !== undefined;
  const input = hasInput ? args[0] as Param : undefined;
  const rest = hasInput ? args.slice(1) : args;
  const positional = positionalOf(def);
  const values: Record<string, Param | undefined> = {};
  positional.forEach((name, i) => (values[name] = rest[i] as Param | undefined));
  // Texts travel as strings in the same record (typed as Param for the numeric defaults).
  const last = rest[positional.length];
  if (last !== undefined && (typeof last !== "object" || last === null)) {
    throw new TypeError(
      `Cannot create ${def.name}: expected an options object after ${positional.length} argument(s), got ${
        describe(last)
      }`,
    );
  }
  const options = last as Record<string, unknown> | undefined;
  for (const a of argsOf(def)) {
    if (a.option && options !== undefined && options[a.name] !== undefined) {
      values[a.name] = options[a.name] as Param;
    }
  }
  for (const a of argsOf(def)) {
    if (values[a.name] !== undefined || a.default === undefined) continue;
    values[a.name] = (typeof a.default === "function" ? a.default(values) : a.default) as Param;
  }
  return { input, values, options };
}

function build(
  def: HelperDefinition,
  layout: StepLayout,
  variant: (c: StepContext, has: readonly boolean[]) => Step,
  args: readonly unknown[],
): Signal {
  const { input, values, options } = readArgs(def, args);
  if (def.input !== undefined && typeof input !== "number" && typeof input !== "function") {
    throw new TypeError(
      `Cannot create ${def.name}: the ${
        def.input === "trigger" ? "trigger" : "input"
      } must be a signal function or a number, got ${describe(input)}`,
    );
  }
  const prepared = prepareTexts(def, values, options);
  const consts: [string, number][] = [];
  for (const c of def.consts ?? []) {
    const v = c.hidden ? prepared[c.name] : values[c.name];
    if (v === undefined && c.optional) continue;
    if (typeof v !== "number") {
      throw new TypeError(
        `Cannot create ${def.name}: ${c.name} must be a number fixed when the helper is built (${c.doc}), got ${
          describe(v)
        }`,
      );
    }
    const problem = c.check?.(v);
    if (problem !== undefined) {
      throw new RangeError(`Cannot create ${def.name}: ${c.name} ${problem}, got ${v}`);
    }
    if (!Number.isFinite(v)) {
      throw new TypeError(`Cannot create ${def.name}: ${c.name} must be a finite number, got ${v}`);
    }
    consts.push([c.name, v]);
  }
  // A lockable rate given a beat rate locks the step to the transport: its period in beats.
  const locked = new Set<string>();
  for (const p of def.params ?? []) {
    if (!p.lockable) continue;
    const period = beatPeriodOf(values[p.name]);
    if (period !== undefined) locked.add(p.name);
    const beats = period === undefined ? 0 : period.bars ? period.beats * barBeats : period.beats;
    consts.push([`${p.name}Beats`, beats]);
  }
  const constValue = (name: string): number => {
    const found = consts.find(([c]) => c === name);
    if (found === undefined) throw new TypeError(`${def.name} has no constant '${name}'`);
    return found[1];
  };
  const params = (def.params ?? []).filter((p) => values[p.name] !== undefined || !p.optional);
  for (const p of params) {
    if (values[p.name] === undefined) {
      throw new TypeError(`Cannot create ${def.name}: ${p.name} is required (${p.doc})`);
    }
  }
  const has = (def.params ?? []).map((p) => params.includes(p));
  const width = input === undefined ? 1 : channelsOf(input);
  const context = (w: number): StepContext => ({
    width: w,
    has: (name) => params.some((p) => p.name === name),
    value: constValue,
    locked: (name) => locked.has(name),
  });
  const step = variant(context(width), has);
  const wide = step.outputs !== undefined ? variant(context(Math.max(2, width)), has) : step;
  const channels = step.outputs !== undefined ? step.outputs.width : width;
  const node = createNode(
    def.name,
    nodeLayout(def, layout, constValue, consts),
    options as { key?: string } | undefined,
    params.map((p) => [p.name, layout.paramSlot.get(p.name)!, values[p.name]!] as const),
    channels,
  );
  const x: Signal = typeof input === "function" ? input : () => input ?? 0;
  const fn = stepClosure(def.name, step, wide, layout, node, x, consts);
  const inputs: Signal[] = typeof input === "function" ? [input] : [];
  for (const p of node.params) if (p.fn !== null) inputs.push(p.fn);
  const firstStep = width > 1 && step.outputs !== undefined ? wide : step;
  const kernel = stepKernel({
    def,
    step: firstStep,
    layout,
    input,
    width,
    params: node.params.map((p) => p.name),
    consts,
  });
  const outWidth = firstStep.outputs?.width ?? (firstStep.output !== undefined ? 1 : width);
  return tagSignal(fn, node, inputs, outWidth, kernel);
}

function nodeLayout(
  def: HelperDefinition,
  layout: StepLayout,
  value: (name: string) => number,
  consts: readonly (readonly [string, number])[],
): NodeLayout {
  const buffer = def.buffer;
  const fixed = layout.perChannelSlots;
  return {
    header: layout.header,
    perChannel: buffer === undefined ? () => fixed : (sr) => fixed + buffer(sr, value),
    init: (node, sr) => {
      const { mem, base } = node;
      for (const [name, v] of Object.entries(def.initial ?? {})) {
        mem[base + layout.slot.get(name)!] = v;
      }
      if (buffer !== undefined) mem[base + layout.strideSlot] = fixed + buffer(sr, value);
      def.init?.({
        mem,
        b: base,
        sr,
        index: node.index,
        key: node.key,
        value,
        has: (name) => consts.some(([c]) => c === name),
        slot: (name) => base + layout.slot.get(name)!,
      });
    },
  };
}

/** Re-exported for the definitions' own use. */
export type { ArgValues };
