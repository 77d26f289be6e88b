/**
 * Source generation: each segment of a chain becomes two frame loops over a block, a steady
 * one (every constant parameter of the segment is at its target: values and coefficients are
 * read once, before the loop) and a general one (parameters glide or are modulated: every
 * step reads them per frame, exactly as `readParam` does). The last segment also checks each
 * output frame (NaN, ±Infinity, runaway) and writes the output arrays.
 *
 * Every segment function has the signature `(mem, B, V, S, O, n) => frames`: `mem` the
 * pool, `B` the node bases (Int32Array), `V` the per-voice values (Float64Array), `S` the
 * leaf and hand-over arrays, `O` the output arrays; it returns `n`, or the first bad frame
 * (whose value is left in `O`). Only objects and small integers cross a call, so no double is
 * ever boxed between segments.
 * @module
 */

import type { KernelEmit, KernelStep } from "../../helpers/node.ts";
import { type Segment, unrolls } from "./segment.ts";
import { type Chain, type Operand, type Step, V_DT, V_LIMIT, V_SR } from "./shape.ts";

/** One segment's two loops and what the runner checks to choose between them. */
export interface EmittedSegment {
  /** Index of the steady loop in the factory's result. */
  readonly steady: number;
  /** Index of the general loop. */
  readonly general: number;
  /**
   * Constant parameters of the segment as triples (node, slot, target's V slot): the steady
   * loop runs when `mem[B[node] + slot] === V[target]` for all of them.
   */
  readonly checks: Int32Array;
}

/** A kernel's source and what its factory binds. */
export interface EmittedKernel {
  /** Body of `new Function(...names, source)`; returns the segment functions. */
  readonly source: string;
  /** Names the source closes over (refs and scratch arrays). */
  readonly names: readonly string[];
  /** Their values, in the same order. */
  readonly bindings: readonly unknown[];
  readonly segments: readonly EmittedSegment[];
  /** Arrays in `S`: one per leaf, then one per handed-over channel. */
  readonly scratchCount: number;
  /** Output channels. */
  readonly width: number;
}

/** The glide of `readParamSlow` (helpers/node.ts), same arithmetic in the same order. */
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

/** Names and bindings shared by all segments of one kernel. */
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

  /** A Float64Array bound as `name` (both loops of a segment share the step's arrays). */
  array(name: string, size: number): string {
    if (this.names.includes(name)) return name;
    this.names.push(name);
    this.bindings.push(new Float64Array(size));
    return name;
  }
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
  const scope = new Scope();
  const segmentOf = new Int32Array(chain.steps.length);
  segments.forEach((seg, k) => segmentOf.fill(k, seg.from, seg.to));
  // Which step outputs cross into a later segment, and where their arrays are in S.
  const handover = new Map<number, number>();
  let scratchCount = chain.leaves.length;
  const consumed = (op: Operand, by: Step) => {
    if (op.kind !== "step" || segmentOf[op.step] === segmentOf[by.id]) return;
    if (handover.has(op.step)) return;
    handover.set(op.step, scratchCount);
    scratchCount += chain.steps[op.step].width;
  };
  for (const step of chain.steps) {
    for (const op of step.inputs) consumed(op, step);
    for (const p of step.params) if (p.kind === "modulated") consumed(p.operand, step);
  }
  const functions: string[] = [];
  const emitted: EmittedSegment[] = [];
  segments.forEach((seg, k) => {
    const last = k === segments.length - 1;
    const checks: number[] = [];
    for (let s = seg.from; s < seg.to; s++) {
      const step = chain.steps[s];
      for (const p of step.params) {
        if (p.kind === "constant") checks.push(step.node, p.slot, p.target);
      }
    }
    const steady = functions.length;
    functions.push(emitSegment(chain, seg, k, true, last, handover, segmentOf, scope));
    const general = functions.length;
    functions.push(emitSegment(chain, seg, k, false, last, handover, segmentOf, scope));
    emitted.push({ steady, general, checks: Int32Array.from(checks) });
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
    width: chain.root.width,
  };
}

function emitSegment(
  chain: Chain,
  seg: Segment,
  index: number,
  steady: boolean,
  last: boolean,
  handover: ReadonlyMap<number, number>,
  segmentOf: Int32Array,
  scope: Scope,
): string {
  const head: string[] = [`const sr = V[${V_SR}], dt = V[${V_DT}];`];
  const hoisted: string[] = [];
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
        if (segmentOf[op.step] !== index) {
          const arr = `H${op.step}_${ch}`;
          once(head, arr, `const ${arr} = S[${handover.get(op.step)! + ch}];`);
          once(top, name, `const ${name} = ${arr}[i];`);
        }
        return name;
      }
    }
  };

  for (let s = seg.from; s < seg.to; s++) {
    const step = chain.steps[s];
    const base = step.node >= 0 ? `b${step.node}` : "-1";
    if (step.node >= 0) once(head, base, `const ${base} = B[${step.node}];`);
    const code: string[] = [];
    // Parameters: a constant one is its target in the steady loop, and glides in the general one.
    const constant = step.params.map((p) => p.kind === "constant");
    const params = step.params.map((p, k) => {
      const name = `p${s}_${k}`;
      const at = `${base} + ${p.slot}`;
      if (p.kind === "constant") {
        const t = value(p.target, "t");
        if (steady) hoisted.push(`const ${name} = ${t};`);
        else code.push(glideCode(name, t, value(p.glide, "g"), at));
      } else {
        code.push(`const ${name} = ${operand(p.operand, 0)};`, `mem[${at}] = ${name};`);
      }
      return name;
    });
    let locals = 0;
    const fills: string[] = [];
    const filled = new Set<number>();
    let looped = false;
    const written = new Set<number>();
    const emit: KernelEmit = {
      base,
      params,
      values: step.values.map((v) => value(v)),
      width: (k) => step.inputs[k].width,
      input: (k, ch) => {
        const op = step.inputs[k];
        if (isLiteral(ch)) return operand(op, Number(ch));
        const arr = `X${s}_${k}`;
        if (!filled.has(k)) {
          filled.add(k);
          scope.array(arr, op.width);
          for (let c = 0; c < op.width; c++) fills.push(`${arr}[${c}] = ${operand(op, c)};`);
        }
        return `${arr}[${ch}]`;
      },
      output: (ch) => {
        if (isLiteral(ch)) {
          written.add(Number(ch));
          return `v${s}_${ch}`;
        }
        if (!looped) {
          looped = true;
          scope.array(`Y${s}`, step.width);
        }
        return `Y${s}[${ch}]`;
      },
      channels: (count, fn) => {
        if (unrolls(step.spec, count)) {
          let out = "";
          for (let c = 0; c < count; c++) out += `{ ${fn(String(c))} }\n`;
          return out;
        }
        const c = `c${s}`;
        return `for (let ${c} = 0; ${c} < ${count}; ${c}++) { ${fn(c)} }\n`;
      },
      local: (hint) => `${hint}${s}_${locals++}`,
      ref: (name) => {
        if (!(name in step.spec.refs)) {
          throw new TypeError(`Kernel '${step.spec.kind}' asks for an unknown ref '${name}'`);
        }
        return scope.ref(name, step.spec.refs[name]);
      },
      scratch: (size) => scope.array(`Z${s}_${locals++}`, size),
    };
    const out: KernelStep = step.spec.emit(emit);
    for (const part of out.setup) {
      if (steady && part.deps.every((d) => constant[d])) hoisted.push(part.code);
      else code.push(part.code);
    }
    const decl = [...written].map((c) => `v${s}_${c}`);
    body.push(`// ${step.spec.kind}`, ...code, ...fills);
    if (decl.length > 0) body.push(`let ${decl.join(", ")};`);
    body.push(out.frame);
    if (looped) {
      for (let c = 0; c < step.width; c++) body.push(`const v${s}_${c} = Y${s}[${c}];`);
    }
    const h = handover.get(s);
    if (h !== undefined) {
      for (let c = 0; c < step.width; c++) {
        const arr = `H${s}_${c}`;
        once(head, arr, `const ${arr} = S[${h + c}];`);
        body.push(`${arr}[i] = v${s}_${c};`);
      }
    }
  }
  if (last) body.push(outputCode(chain.root, head));
  const name = `seg${index}_${steady ? "steady" : "general"}`;
  return `function ${name}(mem, B, V, S, O, n) {
  ${head.join("\n  ")}
  ${hoisted.join("\n  ")}
  for (let i = 0; i < n; i++) {
    ${top.join("\n    ")}
    ${body.join("\n    ")}
  }
  return n;
}`;
}

/** The runner's per-frame check and the writes of the output frame (see runtime/runner.ts). */
function outputCode(root: Step, head: string[]): string {
  head.push(`const LIM = V[${V_LIMIT}];`);
  const v = Array.from({ length: root.width }, (_, c) => `v${root.id}_${c}`);
  for (let c = 0; c < root.width; c++) head.push(`const O${c} = O[${c}];`);
  // The runner reads a bad frame back from the outputs (a double returned or stored in an
  // object here would be boxed, and the object's map would tie the code to the warm-up's).
  if (root.width === 1) {
    return `O0[i] = ${v[0]};
    if (!(${v[0]} <= LIM && ${v[0]} >= -LIM)) return i;`;
  }
  const bad = v.map((x) => `!(${x} <= LIM && ${x} >= -LIM)`).join(" || ");
  // A frame of N channels is spread onto zeroed outputs: `0 + x` keeps its sign of zero.
  return `${v.map((x, c) => `O${c}[i] = 0 + ${x};`).join(" ")}
    if (${bad}) return i;`;
}
