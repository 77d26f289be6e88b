/**
 * Source generation. Each segment of a chain (segment.ts) becomes
 * - a steady loop over the block, for blocks where every constant parameter of the segment is
 *   at its target: parameters are read once, and per-block work (coefficients) comes from
 * - a prologue, run once before the steady loop, which does that work and leaves its results
 *   in the per-voice values `V`;
 * - general loops, for blocks where a parameter glides or is modulated: every step reads its
 *   parameters per frame, exactly as `readParam` does, and does all its work per frame.
 * The last loop also writes each output frame out and checks them (NaN, ±Infinity, runaway),
 * a few frames behind.
 *
 * Every function has the signature `(mem, B, V, S, O, n, T) => frames`: `mem` the pool, `B` the
 * node bases (Int32Array), `V` the per-voice values (Float64Array), `S` the leaf and hand-over
 * arrays, `O` the output arrays, `T` each frame's transport beat; it returns `n`, or the first
 * bad frame (its value is left in `O`). Only objects and small integers cross a call, so no
 * double is ever boxed.
 * @module
 */

import type { KernelEmit, KernelSetup, KernelStep } from "../kernel_spec.ts";
import { formOf, type Run, type Segment, unrolls } from "./segment.ts";
import { type Chain, type Operand, type Step, V_DT, V_LIMIT, V_SR } from "./shape.ts";

/** One segment's functions (indices into the factory's result) and its steady check. */
export interface EmittedSegment {
  /** The prologue, or -1 when the segment has no per-block work. */
  readonly prologue: number;
  readonly steady: number;
  readonly general: readonly number[];
  /**
   * Constant parameters of the segment as triples (node, slot, target's V slot): the steady
   * loop runs when `mem[B[node] + slot] === V[target]` for all of them.
   */
  readonly checks: Int32Array;
}

/** A kernel's source and what its factory binds. */
export interface EmittedKernel {
  /** Body of `new Function(...names, source)`; returns the functions. */
  readonly source: string;
  /** Names the source closes over (refs and scratch arrays). */
  readonly names: readonly string[];
  /** Their values, in the same order. */
  readonly bindings: readonly unknown[];
  readonly segments: readonly EmittedSegment[];
  /** Arrays in `S`: one per leaf, then one per handed-over channel. */
  readonly scratchCount: number;
  /** Length of `V`: the chain's values, then the prologues' results. */
  readonly valueCount: number;
  /** Output channels. */
  readonly width: number;
}

/** The glide of `readParamSlow` (runtime/core/node.ts), same arithmetic in the same order. */
function glideCode(p: string, t: string, g: string, at: string): string {
  return `let ${p} = mem[${at}];
    if (${p} !== ${t}) {
      ${p} += (${t} - ${p}) * ${g};
      if (Math.abs(${t} - ${p}) <= 1e-9 * Math.abs(${t}) + 1e-12) ${p} = ${t};
      mem[${at}] = ${p};
    }`;
}

function isLiteral(ch: number | string): boolean {
  return typeof ch === "number" || /^\d+$/.test(ch);
}

/** Names and bindings shared by all functions of one kernel. */
class Scope {
  readonly names: string[] = [];
  readonly bindings: unknown[] = [];
  #refs = new Map<unknown, string>();

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

  /** A Float64Array bound as `name` (every function of a kernel shares the step's arrays). */
  array(name: string, size: number): string {
    if (this.names.includes(name)) return name;
    this.names.push(name);
    this.bindings.push(new Float64Array(size));
    return name;
  }
}

/** What every function of one kernel shares. */
interface KernelPlan {
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
}

/** How one function is being emitted. */
interface FunctionPlan {
  readonly kernel: KernelPlan;
  readonly mode: "prologue" | "steady" | "general";
  /** Step id → index of its loop in this mode (steps in other loops hand over through S). */
  readonly loopOf: Int32Array;
  readonly index: number;
}

/** Whether a setup part can run in the prologue: all its parameters are constant. */
function hoistable(step: Step, part: KernelSetup): boolean {
  return part.perBlock !== true && part.deps.every((d) => step.params[d]?.kind === "constant");
}

/**
 * Generates a chain's kernel.
 *
 * @param chain The chain.
 * @param segments Its split.
 * @param id A number unique to this kernel (V8 caches functions by source; a shared cache
 *   entry would share one feedback vector between kernels).
 * @returns The source, its bindings and the segment layout.
 */
export function emitKernel(chain: Chain, segments: readonly Segment[], id: number): EmittedKernel {
  const steps = chain.steps;
  const consumers: number[][] = steps.map(() => []);
  const uses = (op: Operand, by: Step) => {
    if (op.kind === "step") consumers[op.step].push(by.id);
  };
  for (const step of steps) {
    for (const op of step.inputs) uses(op, step);
    for (const p of step.params) if (p.kind === "modulated") uses(p.operand, step);
  }
  // Loops in each mode, then which outputs cross a loop boundary in either.
  const steadyOf = new Int32Array(steps.length);
  const generalOf = new Int32Array(steps.length);
  const generalRuns: Run[] = [];
  segments.forEach((seg, k) => {
    steadyOf.fill(k, seg.from, seg.to);
    for (const run of seg.general) {
      generalOf.fill(generalRuns.length, run.from, run.to);
      generalRuns.push(run);
    }
  });
  const handover = new Map<number, number>();
  let scratchCount = chain.leaves.length;
  for (const step of steps) {
    const crosses = consumers[step.id].some((c) =>
      steadyOf[c] !== steadyOf[step.id] || generalOf[c] !== generalOf[step.id]
    );
    if (crosses) {
      handover.set(step.id, scratchCount);
      scratchCount += step.width;
    }
  }
  const scope = new Scope();
  // Prologue results: a V slot for each local a hoistable setup part declares.
  const hoisted = new Map<string, number>();
  const ints = new Set<string>();
  const hasPrologue = new Set<number>();
  let valueCount = chain.values.length;
  for (const step of steps) {
    for (const part of stepCode(step, scope, true).setup) {
      if (!hoistable(step, part)) continue;
      hasPrologue.add(step.id);
      for (const local of part.locals) hoisted.set(`${step.id}:${local}`, valueCount++);
      for (const local of part.ints ?? []) ints.add(`${step.id}:${local}`);
    }
  }
  const kernel: KernelPlan = { chain, scope, consumers, handover, hoisted, ints };
  const functions: string[] = [];
  const add = (source: string) => functions.push(source) - 1;
  const emitted: EmittedSegment[] = [];
  let general = 0;
  segments.forEach((seg, k) => {
    const last = k === segments.length - 1;
    const checks: number[] = [];
    for (let s = seg.from; s < seg.to; s++) {
      for (const p of steps[s].params) {
        if (p.kind === "constant") checks.push(steps[s].node, p.slot, p.target);
      }
    }
    let work = false;
    for (let s = seg.from; s < seg.to; s++) work ||= hasPrologue.has(s);
    const prologue = !work ? -1 : add(
      emitFunction({ kernel, mode: "prologue", loopOf: steadyOf, index: k }, seg, false),
    );
    const steady = add(
      emitFunction({ kernel, mode: "steady", loopOf: steadyOf, index: k }, seg, last),
    );
    const loops = seg.general.map((run, j) =>
      add(emitFunction(
        { kernel, mode: "general", loopOf: generalOf, index: general++ },
        run,
        last && j === seg.general.length - 1,
      ))
    );
    emitted.push({ prologue, steady, general: loops, checks: Int32Array.from(checks) });
  });
  const source = `// lel chain kernel #${id}\n"use strict";\nreturn [\n${
    functions.join(",\n")
  }\n];`;
  return {
    source,
    names: scope.names,
    bindings: scope.bindings,
    segments: emitted,
    scratchCount,
    valueCount,
    width: chain.root.width,
  };
}

/** A scalar state slot a loop keeps in a local. */
interface StateLocal {
  readonly name: string;
  readonly slot: string;
  readonly int: boolean;
}

/**
 * A step's code for one function (without `names`: only to read its setup parts, whose
 * locals get V slots). Emitters are deterministic, so every function of a kernel names the
 * same locals the same way.
 *
 * @param steady Whether the code is for a steady loop or its prologue (the step's local form).
 */
function stepCode(
  step: Step,
  scope: Scope,
  steady: boolean,
  names?: {
    params: string[];
    operand: (op: Operand, ch: number) => string;
    fills: string[];
    written: Set<number>;
    looped: { value: boolean };
    /** Where the state slots kept in locals go; undefined: state stays in `mem`. */
    states?: StateLocal[];
  },
): KernelStep {
  const s = step.id;
  const base = step.node >= 0 ? `b${step.node}` : "-1";
  const form = formOf(step, steady);
  let locals = 0;
  const filled = new Set<number>();
  const operand = names?.operand ?? (() => "0");
  const channelVar = `c${s}`;
  const states = new Map<string, string>();
  const emit: KernelEmit = {
    base,
    beat: "T[i]",
    params: names?.params ?? step.params.map((_, k) => `p${s}_${k}`),
    values: step.values.map((v) => `k${v}`),
    width: (k) => step.inputs[k].width,
    input: (k, ch) => {
      const op = step.inputs[k];
      if (isLiteral(ch)) return operand(op, Number(ch));
      const arr = `X${s}_${k}`;
      if (!filled.has(k)) {
        filled.add(k);
        scope.array(arr, op.width);
        for (let c = 0; c < op.width; c++) names?.fills.push(`${arr}[${c}] = ${operand(op, c)};`);
      }
      return `${arr}[${ch}]`;
    },
    output: (ch) => {
      if (isLiteral(ch)) {
        names?.written.add(Number(ch));
        return `v${s}_${ch}`;
      }
      if (names !== undefined && !names.looped.value) {
        names.looped.value = true;
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
      const list = names?.states;
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
  return form.emit(emit);
}

/** Emits one function (prologue, steady loop or general loop) over a run of steps. */
function emitFunction(plan: FunctionPlan, run: Run, last: boolean): string {
  const { chain, scope, consumers, handover, hoisted, ints } = plan.kernel;
  const head: string[] = [`const sr = V[${V_SR}], dt = V[${V_DT}];`];
  // State slots kept in locals: loaded in the head, stored back after the loop or a fault.
  const states: StateLocal[] = [];
  const top: string[] = [];
  const body: string[] = [];
  const declared = new Set<string>();
  const once = (lines: string[], name: string, code: string) => {
    if (declared.has(name)) return;
    declared.add(name);
    lines.push(code);
  };
  const value = (slot: number, prefix = "k") => {
    const name = `${prefix}${slot}`;
    once(head, name, `const ${name} = V[${slot}];`);
    return name;
  };
  const inLoop = (id: number) => plan.loopOf[id] === plan.index;
  const operand = (op: Operand, ch: number): string => {
    switch (op.kind) {
      case "value":
        return value(op.value);
      case "leaf": {
        const arr = `L${op.leaf}`;
        once(head, arr, `const ${arr} = S[${op.leaf}];`);
        once(top, `l${op.leaf}`, `const l${op.leaf} = ${arr}[i];`);
        return `l${op.leaf}`;
      }
      case "step": {
        const name = `v${op.step}_${ch}`;
        if (!inLoop(op.step)) {
          const arr = `H${op.step}_${ch}`;
          once(head, arr, `const ${arr} = S[${handover.get(op.step)! + ch}];`);
          once(top, name, `const ${name} = ${arr}[i];`);
        }
        return name;
      }
    }
  };
  const prologue = plan.mode === "prologue";
  const steady = plan.mode !== "general";
  for (let s = run.from; s < run.to; s++) {
    const step = chain.steps[s];
    const base = step.node >= 0 ? `b${step.node}` : "-1";
    if (step.node >= 0) once(head, base, `const ${base} = B[${step.node}];`);
    for (const v of step.values) value(v);
    const code: string[] = [];
    // Parameters: a constant one is its target in the steady functions, and glides in the
    // general loops; a modulated one is read per frame (never in a prologue).
    const params = step.params.map((p, k) => {
      const name = `p${s}_${k}`;
      const at = `${base} + ${p.slot}`;
      if (p.kind === "constant") {
        const t = value(p.target, "t");
        if (steady) head.push(`const ${name} = ${t};`);
        else code.push(glideCode(name, t, value(p.glide, "g"), at));
      } else if (!prologue) {
        code.push(`const ${name} = ${operand(p.operand, 0)};`, `mem[${at}] = ${name};`);
      }
      return name;
    });
    const fills: string[] = [];
    const written = new Set<number>();
    const looped = { value: false };
    const stepStates: StateLocal[] | undefined = plan.mode === "steady" ? [] : undefined;
    const out = stepCode(step, scope, steady, {
      params,
      operand,
      fills,
      written,
      looped,
      states: stepStates,
    });
    if (prologue) {
      for (const part of out.setup) {
        if (!hoistable(step, part)) continue;
        body.push(part.code);
        for (const local of part.locals) {
          body.push(`V[${hoisted.get(`${s}:${local}`)!}] = ${local};`);
        }
      }
      continue;
    }
    for (const part of out.setup) {
      if (steady && part.perBlock === true) {
        head.push(part.code);
      } else if (steady && hoistable(step, part)) {
        for (const local of part.locals) {
          const key = `${s}:${local}`;
          head.push(`const ${local} = V[${hoisted.get(key)!}]${ints.has(key) ? " | 0" : ""};`);
        }
      } else {
        code.push(part.code);
      }
    }
    for (const st of stepStates ?? []) {
      head.push(`let ${st.name} = mem[${st.slot}]${st.int ? " | 0" : ""};`);
      states.push(st);
    }
    body.push(`// ${step.spec.kind}`, ...code, ...fills);
    const decl = [...written].map((c) => `v${s}_${c}`);
    if (decl.length > 0) body.push(`let ${decl.join(", ")};`);
    body.push(out.frame);
    if (looped.value) {
      for (let c = 0; c < step.width; c++) body.push(`const v${s}_${c} = Y${s}[${c}];`);
    }
    if (consumers[s].some((c) => !inLoop(c))) {
      const h = handover.get(s)!;
      for (let c = 0; c < step.width; c++) {
        const arr = `H${s}_${c}`;
        once(head, arr, `const ${arr} = S[${h + c}];`);
        body.push(`${arr}[i] = v${s}_${c};`);
      }
    }
  }
  const name = plan.mode === "general" ? `general${plan.index}` : `${plan.mode}${plan.index}`;
  if (prologue) {
    return `function ${name}(mem, B, V, S, O, n, T) {
  ${head.join("\n  ")}
  ${body.join("\n  ")}
  return n;
}`;
  }
  const flush = states.map((st) => `mem[${st.slot}] = ${st.name};`).join(" ");
  if (last) body.push(outputCode(chain.root, head, flush));
  // The frame count as an int32 local: compared with the (tagged) parameter, V8 reloads and
  // re-checks it on every frame.
  return `function ${name}(mem, B, V, S, O, n, T) {
  const N = n | 0;
  ${head.join("\n  ")}
  for (let i = 0; i < N; i++) {
    ${top.join("\n    ")}
    ${body.join("\n    ")}
  }
  ${flush}
  ${last ? lastFramesCheck(chain.root.width) : ""}
  return N;
}`;
}

/**
 * How many frames behind the one being computed the loop checks output frames. A check of
 * the frame just computed ends a long chain of arithmetic, and a branch on it makes V8's loop
 * about twice as slow (a sine oscillator: 4.4 → 8.6 ns a frame); one on a frame written a few
 * iterations earlier, read back from the output, costs next to nothing.
 */
const CHECK_LAG = 8;

/** Reads output frame `j` as `y0`, `y1`…, and the test that it is bad (NaN, ±∞, runaway). */
function frameCheck(width: number): { read: string; bad: string } {
  const y = Array.from({ length: width }, (_, c) => `y${c}`);
  return {
    read: y.map((x, c) => `const ${x} = O${c}[j];`).join(" "),
    bad: y.map((x) => `!(${x} <= LIM && ${x} >= -LIM)`).join(" || "),
  };
}

/** The check of the last `CHECK_LAG` frames, after the loop (and the state's flush). */
function lastFramesCheck(width: number): string {
  const { read, bad } = frameCheck(width);
  return `for (let j = N > ${CHECK_LAG} ? N - ${CHECK_LAG} : 0; j < N; j++) {
    ${read}
    if (${bad}) return j;
  }`;
}

/**
 * The writes of the output frame and the runner's check of frame `i - CHECK_LAG` (see
 * runtime/core/runner.ts); the last frames are checked after the loop. The first bad frame found
 * is the same as a check of each frame as it is made would find, but the state has moved up
 * to `CHECK_LAG` frames past it (the closure form stops at it): nothing reads it, since the
 * engine zeroes a faulted voice's blocks (and drops a faulted ghost's).
 */
function outputCode(root: Step, head: string[], flush: string): string {
  head.push(`const LIM = V[${V_LIMIT}];`);
  const v = Array.from({ length: root.width }, (_, c) => `v${root.id}_${c}`);
  for (let c = 0; c < root.width; c++) head.push(`const O${c} = O[${c}];`);
  // The runner reads a bad frame back from the outputs (a double returned or stored in an
  // object here would be boxed, and the object's map would tie the code to the warm-up's).
  const { read, bad } = frameCheck(root.width);
  const check = `if (i >= ${CHECK_LAG}) {
      const j = i - ${CHECK_LAG};
      ${read}
      if (${bad}) { ${flush} return j; }
    }`;
  // Mono goes to the first output only (the runner copies it where the caller needs it).
  if (root.width === 1) return `O0[i] = ${v[0]};\n    ${check}`;
  // A frame of N channels is spread onto zeroed outputs: `0 + x` keeps its sign of zero (and
  // is checked the same as `x`).
  return `${v.map((x, c) => `O${c}[i] = 0 + ${x};`).join(" ")}\n    ${check}`;
}
