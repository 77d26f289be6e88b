/**
 * A definition's kernel spec: the chain compiler's pool form of a step, emitted from the same
 * calls as the closure form (so both compute the same doubles in the same order), with its
 * bytecode cost derived from the measured table, plus the optional hand-written local form.
 * @module
 */

import type { StepFunction } from "./helper_definition.ts";
import type { Param } from "../runtime/core/signal.ts";
import type { Arg, Call, HelperDefinition, LocalNames, Step } from "./helper_definition.ts";
import type {
  KernelCost,
  KernelEmit,
  KernelSetup,
  KernelSpec,
  KernelStep,
} from "../runtime/core/kernel_spec.ts";
import { callCost } from "./bytecode_cost.ts";
import { numberLiteral } from "./_step_closure.ts";
import { stepCalls, type StepLayout } from "./_step_layout.ts";

/** One instance's kernel inputs. */
export interface KernelInstance {
  readonly def: HelperDefinition;
  readonly step: Step;
  readonly layout: StepLayout;
  /** The piped input (omitted for sources). */
  readonly input: Param | undefined;
  /** Channels of the input (1 for sources). */
  readonly width: number;
  /** Present parameters, in `node.params` order. */
  readonly params: readonly string[];
  /** Constants and their values, in declaration order. */
  readonly consts: readonly (readonly [string, number])[];
}

/** The functions a step calls, by name (the generated code's `refs`). */
function refsOf(step: Step): Record<string, unknown> {
  const refs: Record<string, unknown> = {};
  const add = (fn: StepFunction) => {
    const known = refs[fn.name];
    if (known !== undefined && known !== fn) {
      throw new TypeError(`Two step functions are both named '${fn.name}': rename one`);
    }
    refs[fn.name] = fn;
  };
  for (const { call } of stepCalls(step)) add(call.fn);
  const local = step.local?.calls;
  for (const fn of [...local?.setup ?? [], ...local?.frame ?? [], ...local?.channel ?? []]) {
    add(fn);
  }
  return refs;
}

/** The step's code shape, for the kernel's kind (equal kinds must emit equal code). */
function signature(step: Step): string {
  const parts = stepCalls(step).map(({ part, call }) =>
    `${part}:${call.fn.name}(${call.args.join(",")})${call.out ?? ""}`
  );
  return parts.join(";");
}

/**
 * The pool-form cost: setup calls count as setup, frame, after and output calls as frame, the
 * channel call per channel; the largest is the costliest call with its callees.
 */
function poolCost(step: Step): KernelCost {
  const sum = (list: readonly Call[] | undefined) =>
    (list ?? []).reduce((n, c) => n + callCost(c.fn).counted, 0);
  const perFrame = [...step.frame ?? [], ...step.after ?? []];
  if (step.output !== undefined) perFrame.push(step.output);
  if (step.outputs !== undefined) perFrame.push(step.outputs.call);
  return {
    setup: sum(step.setup),
    frame: sum(perFrame),
    channel: step.channel === undefined ? 0 : callCost(step.channel.fn).counted,
    largest: Math.max(0, ...stepCalls(step).map(({ call }) => callCost(call.fn).whole)),
  };
}

function localCost(step: Step): KernelCost {
  const calls = step.local!.calls;
  const sum = (list: readonly StepFunction[] | undefined) =>
    (list ?? []).reduce((n, fn) => n + callCost(fn).counted, 0);
  const all = [...calls.setup ?? [], ...calls.frame ?? [], ...calls.channel ?? []];
  return {
    setup: sum(calls.setup),
    frame: sum(calls.frame),
    channel: sum(calls.channel),
    largest: Math.max(0, ...all.map((fn) => callCost(fn).whole)),
  };
}

/** What a step's kernel spec takes from the step alone (its code shape, callees, costs). */
interface StepPlan {
  readonly signature: string;
  readonly refs: Record<string, unknown>;
  readonly pool: KernelCost;
  readonly local: KernelCost | undefined;
}

// Steps are shared by every instance of a helper variant and never change: plan each once
// (walking the bytecode table for every helper built was a third of building a chain).
const PLANS = new WeakMap<Step, StepPlan>();

function planOf(step: Step): StepPlan {
  let plan = PLANS.get(step);
  if (plan === undefined) {
    plan = {
      signature: signature(step),
      refs: refsOf(step),
      pool: poolCost(step),
      local: step.local === undefined ? undefined : localCost(step),
    };
    PLANS.set(step, plan);
  }
  return plan;
}

/**
 * The kernel spec of one helper instance.
 *
 * @param k The instance.
 * @returns The spec.
 */
export function stepKernel(k: KernelInstance): KernelSpec {
  const { step } = k;
  const width = step.outputs !== undefined
    ? step.outputs.width
    : step.output !== undefined
    ? 1
    : k.width;
  const planned = planOf(step);
  return {
    kind: `${k.def.name}:${planned.signature}`,
    inputs: k.input === undefined ? [] : [k.input],
    values: k.consts.map(([, v]) => v),
    refs: planned.refs,
    width,
    cost: planned.pool,
    emit: (e) => poolEmit(e, k, width),
    ...(step.local === undefined ? {} : {
      local: { cost: planned.local!, emit: (e: KernelEmit) => step.local!.emit(e, names(e, k)) },
    }),
    ...(step.warm === undefined ? {} : { warm: step.warm }),
  };
}

function names(e: KernelEmit, k: KernelInstance): LocalNames {
  const { layout } = k;
  const stride: Stride = { code: String(layout.perChannelSlots), setup: undefined };
  return {
    param: (name) => e.params[indexOf(k.params, name, k.def.name)],
    value: (name) => e.values[indexOf(k.consts.map(([c]) => c), name, k.def.name)],
    slot: (name) => `${e.base} + ${layout.slot.get(name)}`,
    channel: (ch, code) =>
      stateIndex(e, k, ch, code === undefined ? stride : { code, setup: undefined }),
    perChannel: (name) => layout.perChannel.get(name)!,
    ref: (fn) => e.ref(fn.name),
  };
}

function indexOf(list: readonly string[], name: string, helper: string): number {
  const i = list.indexOf(name);
  if (i < 0) throw new TypeError(`Kernel of '${helper}' asks for an absent '${name}'`);
  return i;
}

/** The stride: a literal, or (buffered channels) a local read from the header once. */
interface Stride {
  readonly code: string;
  readonly setup: KernelSetup | undefined;
}

function strideOf(e: KernelEmit, k: KernelInstance): Stride {
  if (k.layout.strideSlot < 0) return { code: String(k.layout.perChannelSlots), setup: undefined };
  const len = e.local("stride");
  return {
    code: len,
    setup: {
      deps: [],
      code: `const ${len} = mem[${e.base} + ${k.layout.strideSlot}];`,
      locals: [len],
    },
  };
}

function stateIndex(e: KernelEmit, k: KernelInstance, ch: string, stride: Stride): string {
  const h = k.layout.header;
  if (ch === "0") return `(${e.base} + ${h})`;
  if (/^\d+$/.test(ch) && k.layout.strideSlot < 0) {
    return `(${e.base} + ${h + Number(ch) * k.layout.perChannelSlots})`;
  }
  return `(${e.base} + ${h} + ${ch} * ${stride.code})`;
}

function poolEmit(e: KernelEmit, k: KernelInstance, width: number): KernelStep {
  const { step, layout } = k;
  const locals = new Map<string, string>();
  const deps = new Map<string, Set<number>>();
  const stride = strideOf(e, k);
  let usesStride = false;
  let pair = "";
  const arg = (a: Arg, ch: string): string => {
    if (typeof a === "number") return numberLiteral(a);
    if (a.startsWith("@")) return `(${e.base} + ${layout.slot.get(a.slice(1))})`;
    const p = k.params.indexOf(a);
    if (p >= 0) return e.params[p];
    const c = k.consts.findIndex(([name]) => name === a);
    if (c >= 0) return e.values[c];
    switch (a) {
      case "mem":
      case "sr":
      case "dt":
        return a;
      case "b":
        return e.base;
      case "x":
        return e.input(0, ch);
      case "ch":
        return ch;
      case "beat":
        return e.beat;
      case "x0":
        return e.input(0, 0);
      case "x1":
        return e.input(0, e.width(0) > 1 ? 1 : 0);
      case "st":
        if (ch !== "0") usesStride = true;
        return stateIndex(e, k, ch, stride);
      case "out":
        return pair;
    }
    return locals.get(a)!;
  };
  const call = (c: Call, ch = "0") =>
    `${e.ref(c.fn.name)}(${c.args.map((a) => arg(a, ch)).join(", ")})`;
  const declare = (c: Call, ch = "0"): string => {
    if (c.out === undefined) return `${call(c, ch)};`;
    const name = e.local(c.out);
    const code = `const ${name} = ${call(c, ch)};`;
    locals.set(c.out, name);
    return code;
  };
  const setup: KernelSetup[] = [];
  for (const c of step.setup ?? []) {
    const needs = new Set<number>();
    for (const a of c.args) {
      if (typeof a !== "string") continue;
      const p = k.params.indexOf(a);
      if (p >= 0) needs.add(p);
      for (const d of deps.get(a) ?? []) needs.add(d);
    }
    const code = declare(c);
    if (c.out !== undefined) deps.set(c.out, needs);
    setup.push({
      deps: [...needs].sort((a, b) => a - b),
      code,
      locals: c.out === undefined ? [] : [locals.get(c.out)!],
    });
  }
  let frame = (step.frame ?? []).map((c) => declare(c)).join("\n");
  if (step.channel !== undefined) {
    const ch = step.channel;
    frame += e.channels(width, (c) => `${e.output(c)} = ${call(ch, c)};`);
  } else if (step.output !== undefined) {
    frame += `${e.output(0)} = ${call(step.output)};`;
  } else {
    const outs = step.outputs!;
    pair = e.scratch(outs.width);
    frame += `${call(outs.call)};`;
    for (let c = 0; c < outs.width; c++) frame += `${e.output(c)} = ${pair}[${c}];`;
  }
  frame += (step.after ?? []).map((c) => declare(c)).join("\n");
  if (usesStride && stride.setup !== undefined) setup.push(stride.setup);
  return { setup, frame };
}
