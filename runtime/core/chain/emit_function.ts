/**
 * The three kinds of function a kernel's segments are made of, one emitter each (see
 * `emit.ts` for what each is for): {@linkcode emitPrologue}, {@linkcode emitSteady} and
 * {@linkcode emitGeneral}. They share {@linkcode FunctionCode}: the lines run once per block
 * (the head), those run per frame, and the names an operand has in the function.
 * @module
 */

import type { KernelStep } from "../kernel_spec.ts";
import type { Run, Segment } from "./segment.ts";
import { type Chain, type Operand, type Step, V_DT, V_SR } from "./shape.ts";
import { hoistable, type Scope, type StateLocal, stepCode, type StepSink } from "./step_code.ts";
import { lastFramesCheck, outputCode } from "./emit_output.ts";

/** What every function of one kernel shares. */
export interface KernelPlan {
  readonly chain: Chain;
  readonly scope: Scope;
  /** Step id → the steps that read its output. */
  readonly consumers: readonly (readonly number[])[];
  /** Step id → index in S of its first hand-over array. */
  readonly handover: ReadonlyMap<number, number>;
  /** `${step}:${local}` → V slot of a prologue result. */
  readonly hoisted: ReadonlyMap<string, number>;
  /** Keys of {@linkcode KernelPlan.hoisted} whose results are int32 (read back with `| 0`). */
  readonly ints: ReadonlySet<string>;
  /** Step id → its steady loop (its segment's index). */
  readonly steadyOf: Int32Array;
  /** Step id → its general loop. */
  readonly generalOf: Int32Array;
}

/** The glide of `readParamSlow` (runtime/core/param_read.ts), same arithmetic in the same order. */
function glideCode(p: string, t: string, g: string, at: string): string {
  return `let ${p} = mem[${at}];
    if (${p} !== ${t}) {
      ${p} += (${t} - ${p}) * ${g};
      if (Math.abs(${t} - ${p}) <= 1e-9 * Math.abs(${t}) + 1e-12) ${p} = ${t};
      mem[${at}] = ${p};
    }`;
}

/** One function being emitted over a run of steps. */
class FunctionCode {
  /** Run once per block, before the loop. */
  readonly head: string[] = [`const sr = V[${V_SR}], dt = V[${V_DT}];`];
  /** Run first in every frame (reads of leaves and hand-overs). */
  readonly top: string[] = [];
  /** The steps' frame code. */
  readonly body: string[] = [];
  /** State slots kept in locals: loaded in the head, stored back after the loop or a fault. */
  readonly states: StateLocal[] = [];
  readonly kernel: KernelPlan;
  readonly #declared = new Set<string>();
  readonly #loopOf: Int32Array;
  readonly #index: number;

  constructor(kernel: KernelPlan, loopOf: Int32Array, index: number) {
    this.kernel = kernel;
    this.#loopOf = loopOf;
    this.#index = index;
  }

  /** Adds a declaration once. */
  once(lines: string[], name: string, code: string): void {
    if (this.#declared.has(name)) return;
    this.#declared.add(name);
    lines.push(code);
  }

  /** A per-voice value, read into a local in the head. */
  value(slot: number, prefix = "k"): string {
    const name = `${prefix}${slot}`;
    this.once(this.head, name, `const ${name} = V[${slot}];`);
    return name;
  }

  /** Whether a step runs in this function's loop (else its output is handed over in S). */
  inLoop(id: number): boolean {
    return this.#loopOf[id] === this.#index;
  }

  /** The code for an operand on a channel this frame. */
  readonly operand = (op: Operand, ch: number): string => {
    switch (op.kind) {
      case "value":
        return this.value(op.value);
      case "leaf": {
        const arr = `L${op.leaf}`;
        this.once(this.head, arr, `const ${arr} = S[${op.leaf}];`);
        this.once(this.top, `l${op.leaf}`, `const l${op.leaf} = ${arr}[i];`);
        return `l${op.leaf}`;
      }
      case "step": {
        const name = `v${op.step}_${ch}`;
        if (!this.inLoop(op.step)) {
          const arr = `H${op.step}_${ch}`;
          this.once(
            this.head,
            arr,
            `const ${arr} = S[${this.kernel.handover.get(op.step)! + ch}];`,
          );
          this.once(this.top, name, `const ${name} = ${arr}[i];`);
        }
        return name;
      }
    }
  };

  /** Declares a step's node base and values; returns the base's name. */
  enter(step: Step): string {
    const base = step.node >= 0 ? `b${step.node}` : "-1";
    if (step.node >= 0) this.once(this.head, base, `const ${base} = B[${step.node}];`);
    for (const v of step.values) this.value(v);
    return base;
  }

  /** A modulated parameter: read from its operand per frame, and stored in its slot. */
  modulated(code: string[], name: string, op: Operand, at: string): void {
    code.push(`const ${name} = ${this.operand(op, 0)};`, `mem[${at}] = ${name};`);
  }

  /** A fresh sink for one step's code. */
  sink(params: string[], states: StateLocal[] | undefined): StepSink {
    return {
      params,
      operand: this.operand,
      fills: [],
      written: new Set(),
      looped: { value: false },
      states,
    };
  }

  /** Adds a loop step's lines: its code, its output's locals and its hand-overs. */
  finish(step: Step, code: readonly string[], sink: StepSink, out: KernelStep): void {
    const s = step.id;
    const body = this.body;
    body.push(`// ${step.spec.kind}`, ...code, ...sink.fills);
    const decl = [...sink.written].map((c) => `v${s}_${c}`);
    if (decl.length > 0) body.push(`let ${decl.join(", ")};`);
    body.push(out.frame);
    if (sink.looped.value) {
      for (let c = 0; c < step.width; c++) body.push(`const v${s}_${c} = Y${s}[${c}];`);
    }
    if (this.kernel.consumers[s].some((c) => !this.inLoop(c))) {
      const h = this.kernel.handover.get(s)!;
      for (let c = 0; c < step.width; c++) {
        const arr = `H${s}_${c}`;
        this.once(this.head, arr, `const ${arr} = S[${h + c}];`);
        body.push(`${arr}[i] = v${s}_${c};`);
      }
    }
  }

  /** The loop function's text (with the output writes and checks when it is the last). */
  loop(name: string, last: boolean): string {
    const root = this.kernel.chain.root;
    const flush = this.states.map((st) => `mem[${st.slot}] = ${st.name};`).join(" ");
    if (last) this.body.push(outputCode(root, this.head, flush));
    // The frame count as an int32 local: compared with the (tagged) parameter, V8 reloads and
    // re-checks it on every frame.
    return `function ${name}(mem, B, V, S, O, n, T) {
  const N = n | 0;
  ${this.head.join("\n  ")}
  for (let i = 0; i < N; i++) {
    ${this.top.join("\n    ")}
    ${this.body.join("\n    ")}
  }
  ${flush}
  ${last ? lastFramesCheck(root.width) : ""}
  return N;
}`;
  }
}

/**
 * A segment's prologue: the per-block work of its steady loop (setup parts whose parameters
 * are all constant), left in the voice's values `V` for the loop to read.
 *
 * @param kernel The kernel's plan.
 * @param seg The segment.
 * @param index Its index.
 * @returns The function's source.
 */
export function emitPrologue(kernel: KernelPlan, seg: Segment, index: number): string {
  const f = new FunctionCode(kernel, kernel.steadyOf, index);
  for (let s = seg.from; s < seg.to; s++) {
    const step = kernel.chain.steps[s];
    f.enter(step);
    // A constant parameter is its target; a modulated one is never read here.
    const params = step.params.map((p, k) => {
      const name = `p${s}_${k}`;
      if (p.kind === "constant") {
        const t = f.value(p.target, "t");
        f.head.push(`const ${name} = ${t};`);
      }
      return name;
    });
    const out = stepCode(step, kernel.scope, true, f.sink(params, undefined));
    for (const part of out.setup) {
      if (!hoistable(step, part)) continue;
      f.body.push(part.code);
      for (const local of part.locals) {
        f.body.push(`V[${kernel.hoisted.get(`${s}:${local}`)!}] = ${local};`);
      }
    }
  }
  return `function prologue${index}(mem, B, V, S, O, n, T) {
  ${f.head.join("\n  ")}
  ${f.body.join("\n  ")}
  return n;
}`;
}

/**
 * A segment's steady loop, for blocks where every constant parameter is at its target: those
 * are read once, per-block work comes from the prologue, and scalar state lives in locals.
 *
 * @param kernel The kernel's plan.
 * @param seg The segment.
 * @param index Its index.
 * @param last Whether it ends the chain (it then writes and checks the output).
 * @returns The function's source.
 */
export function emitSteady(kernel: KernelPlan, seg: Segment, index: number, last: boolean): string {
  const f = new FunctionCode(kernel, kernel.steadyOf, index);
  for (let s = seg.from; s < seg.to; s++) {
    const step = kernel.chain.steps[s];
    const base = f.enter(step);
    const code: string[] = [];
    const params = step.params.map((p, k) => {
      const name = `p${s}_${k}`;
      if (p.kind === "constant") {
        const t = f.value(p.target, "t");
        f.head.push(`const ${name} = ${t};`);
      } else f.modulated(code, name, p.operand, `${base} + ${p.slot}`);
      return name;
    });
    const sink = f.sink(params, []);
    const out = stepCode(step, kernel.scope, true, sink);
    for (const part of out.setup) {
      if (part.perBlock === true) {
        f.head.push(part.code);
      } else if (hoistable(step, part)) {
        for (const local of part.locals) {
          const key = `${s}:${local}`;
          const int = kernel.ints.has(key) ? " | 0" : "";
          f.head.push(`const ${local} = V[${kernel.hoisted.get(key)!}]${int};`);
        }
      } else {
        code.push(part.code);
      }
    }
    for (const st of sink.states!) {
      f.head.push(`let ${st.name} = mem[${st.slot}]${st.int ? " | 0" : ""};`);
      f.states.push(st);
    }
    f.finish(step, code, sink, out);
  }
  return f.loop(`steady${index}`, last);
}

/**
 * A general loop, for blocks where a parameter glides or is modulated: every step reads its
 * parameters per frame, exactly as `readParam` does, and does all its work per frame.
 *
 * @param kernel The kernel's plan.
 * @param run The steps it runs.
 * @param index Its index among the kernel's general loops.
 * @param last Whether it ends the chain (it then writes and checks the output).
 * @returns The function's source.
 */
export function emitGeneral(kernel: KernelPlan, run: Run, index: number, last: boolean): string {
  const f = new FunctionCode(kernel, kernel.generalOf, index);
  for (let s = run.from; s < run.to; s++) {
    const step = kernel.chain.steps[s];
    const base = f.enter(step);
    const code: string[] = [];
    const params = step.params.map((p, k) => {
      const name = `p${s}_${k}`;
      const at = `${base} + ${p.slot}`;
      if (p.kind === "constant") {
        const t = f.value(p.target, "t");
        code.push(glideCode(name, t, f.value(p.glide, "g"), at));
      } else f.modulated(code, name, p.operand, at);
      return name;
    });
    const sink = f.sink(params, undefined);
    const out = stepCode(step, kernel.scope, false, sink);
    for (const part of out.setup) code.push(part.code);
    f.finish(step, code, sink, out);
  }
  return f.loop(`general${index}`, last);
}
