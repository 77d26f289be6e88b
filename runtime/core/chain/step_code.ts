/**
 * A step's code as its kernel spec writes it: the {@linkcode KernelEmit} a helper's emitter
 * is handed (the names things have in the generated code), and the two uses of it. Planning
 * a kernel reads each step's setup parts ({@linkcode setupParts}) to give their locals V
 * slots; emitting a function writes the step's code ({@linkcode stepCode}). Emitters are
 * deterministic, so both name the same locals the same way.
 * @module
 */

import type { KernelEmit, KernelSetup, KernelStep } from "../kernel_spec.ts";
import { formOf, unrolls } from "./segment.ts";
import type { Operand, Step } from "./shape.ts";

/** Names and bindings shared by all functions of one kernel. */
export class Scope {
  readonly names: string[] = [];
  readonly bindings: unknown[] = [];
  #refs = new Map<unknown, string>();

  /**
   * The name a value is bound as (the same value always gets the same name).
   *
   * @param name The name wanted.
   * @param value The value.
   * @returns Its name in the generated code.
   */
  ref(name: string, value: unknown): string {
    const known = this.#refs.get(value);
    if (known !== undefined) return known;
    let id = /^[A-Za-z_$][\w$]*$/.test(name) ? name : "ref";
    while (this.names.includes(id)) id = `${id}$`;
    this.#refs.set(value, id);
    this.names.push(id);
    this.bindings.push(value);
    return id;
  }

  /**
   * A Float64Array bound as `name` (every function of a kernel shares the step's arrays).
   *
   * @param name Its name.
   * @param size Its length.
   * @returns The name.
   */
  array(name: string, size: number): string {
    if (this.names.includes(name)) return name;
    this.names.push(name);
    this.bindings.push(new Float64Array(size));
    return name;
  }
}

/** A scalar state slot a loop keeps in a local. */
export interface StateLocal {
  readonly name: string;
  readonly slot: string;
  readonly int: boolean;
}

/** What the function being emitted collects from a step's code. */
export interface StepSink {
  /** Each parameter's name this frame, in `step.params` order. */
  readonly params: readonly string[];
  /** The code for an operand (a value, a leaf or another step's output) on a channel. */
  readonly operand: (op: Operand, ch: number) => string;
  /** Fills of the step's input arrays (when its emitter loops over channels). */
  readonly fills: string[];
  /** Output channels written to scalar locals `v${step}_${ch}`. */
  readonly written: Set<number>;
  /** Set when the emitter writes its output through the array `Y${step}`. */
  readonly looped: { value: boolean };
  /** Where the state slots kept in locals go; undefined: state stays in `mem`. */
  readonly states: StateLocal[] | undefined;
}

/**
 * Whether a setup part can run in the prologue: all its parameters are constant.
 *
 * @param step The step.
 * @param part One of its setup parts.
 * @returns True when it can be hoisted.
 */
export function hoistable(step: Step, part: KernelSetup): boolean {
  return part.perBlock !== true && part.deps.every((d) => step.params[d]?.kind === "constant");
}

/**
 * The setup parts of a step's steady form, for planning: which locals a prologue computes.
 * Binds the same refs and arrays in `scope`, in the same order, as {@linkcode stepCode} will.
 *
 * @param step The step.
 * @param scope The kernel's names.
 * @returns Its setup parts.
 */
export function setupParts(step: Step, scope: Scope): readonly KernelSetup[] {
  return formOf(step, true).emit(emitter(step, scope, true, undefined)).setup;
}

/**
 * A step's code for one function.
 *
 * @param step The step.
 * @param scope The kernel's names.
 * @param steady Whether the code is for a steady loop or its prologue (the step's local form).
 * @param sink What the function collects.
 * @returns The step's setup parts and frame code.
 */
export function stepCode(step: Step, scope: Scope, steady: boolean, sink: StepSink): KernelStep {
  return formOf(step, steady).emit(emitter(step, scope, steady, sink));
}

function isLiteral(ch: number | string): boolean {
  return typeof ch === "number" || /^\d+$/.test(ch);
}

/** The names a step's emitter gets; without a sink, placeholders (for planning). */
function emitter(
  step: Step,
  scope: Scope,
  steady: boolean,
  sink: StepSink | undefined,
): KernelEmit {
  const s = step.id;
  const base = step.node >= 0 ? `b${step.node}` : "-1";
  const form = formOf(step, steady);
  let locals = 0;
  const filled = new Set<number>();
  const operand = sink?.operand ?? (() => "0");
  const channelVar = `c${s}`;
  const states = new Map<string, string>();
  return {
    base,
    beat: "T[i]",
    params: sink?.params ?? step.params.map((_, k) => `p${s}_${k}`),
    values: step.values.map((v) => `k${v}`),
    width: (k) => step.inputs[k].width,
    input: (k, ch) => {
      const op = step.inputs[k];
      if (isLiteral(ch)) return operand(op, Number(ch));
      const arr = `X${s}_${k}`;
      if (!filled.has(k)) {
        filled.add(k);
        scope.array(arr, op.width);
        for (let c = 0; c < op.width; c++) sink?.fills.push(`${arr}[${c}] = ${operand(op, c)};`);
      }
      return `${arr}[${ch}]`;
    },
    output: (ch) => {
      if (isLiteral(ch)) {
        sink?.written.add(Number(ch));
        return `v${s}_${ch}`;
      }
      if (sink !== undefined && !sink.looped.value) {
        sink.looped.value = true;
        scope.array(`Y${s}`, step.width);
      }
      return `Y${s}[${ch}]`;
    },
    channels: (count, fn) => {
      if (unrolls(form.cost, count, steady)) {
        let out = "";
        for (let c = 0; c < count; c++) out += `{ ${fn(String(c))} }\n`;
        return out;
      }
      const c = channelVar;
      return `for (let ${c} = 0; ${c} < ${count}; ${c}++) { ${fn(c)} }\n`;
    },
    local: (hint) => `${hint}$${s}_${locals++}`,
    ref: (name) => {
      if (!(name in step.spec.refs)) {
        throw new TypeError(`Kernel '${step.spec.kind}' asks for an unknown ref '${name}'`);
      }
      return scope.ref(name, step.spec.refs[name]);
    },
    scratch: (size) => scope.array(`Z${s}_${locals++}`, size),
    state: (slot, hint, int = false) => {
      const list = sink?.states;
      if (list === undefined || new RegExp(`\\b${channelVar}\\b`).test(slot)) {
        return `mem[${slot}]`;
      }
      let name = states.get(slot);
      if (name === undefined) {
        name = `${hint}$${s}_${locals++}`;
        states.set(slot, name);
        list.push({ name, slot, int });
      }
      return name;
    },
  };
}
