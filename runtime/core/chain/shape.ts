/**
 * From a signal's helper tree to a chain: its steps in evaluation order, its leaves (hand-written
 * functions), its per-voice inputs, and the shape key that names the kernel it compiles to.
 *
 * Two chains share a kernel when they have the same helper kinds, the same constant/modulated
 * pattern of parameters, the same channel counts and the same tree; what differs between them
 * (block offsets, constant targets, mix weights) lives in per-voice arrays the kernel reads at
 * each block.
 * @module
 */

import { helperInfo } from "../signal_tag.ts";
import type { HelperNode } from "../node.ts";
import type { KernelSpec } from "../kernel_spec.ts";
import type { Param, Signal } from "../signal.ts";

/** Fixed slots at the start of a chain's per-voice values (`V`). */
export const V_SR = 0;
/** `1 / sr`, as the context's `s.dt`. */
export const V_DT = 1;
/** The runaway limit (the warm-up sets it below zero to run the fault branch). */
export const V_LIMIT = 2;
/** Slots before the first per-step value. */
export const V_HEADER = 3;

/** A value a step reads: another step's output, a leaf's, or a per-voice constant. */
export type Operand =
  | { readonly kind: "step"; readonly step: number; readonly width: number }
  | { readonly kind: "leaf"; readonly leaf: number; readonly width: 1 }
  | { readonly kind: "value"; readonly value: number; readonly width: 1 };

/** A parameter of a step: constant (glides to a target) or modulated by an operand. */
export type ParamOperand =
  | {
    readonly kind: "constant";
    readonly slot: number;
    readonly target: number;
    readonly glide: number;
  }
  | { readonly kind: "modulated"; readonly slot: number; readonly operand: Operand };

/** One helper of the chain. */
export interface Step {
  /** Position in evaluation order (its outputs are `v<id>_<channel>`). */
  readonly id: number;
  readonly spec: KernelSpec;
  /** Index of its node in {@linkcode Chain.nodes} (its base is `B[node]`), or -1. */
  readonly node: number;
  readonly inputs: readonly Operand[];
  /** One per `node.params`. */
  readonly params: readonly ParamOperand[];
  /** Slots in `V` of the spec's `values`. */
  readonly values: readonly number[];
  /** Output channels. */
  readonly width: number;
}

/** A signal's helper tree, flattened. */
export interface Chain {
  /** Names the kernel: equal keys compile to the same code. */
  readonly key: string;
  /** Steps in evaluation order: every operand a step reads comes from an earlier one. */
  readonly steps: readonly Step[];
  /** Hand-written functions, in the order they are evaluated for a block. */
  readonly leaves: readonly Signal[];
  /** What each leaf modulates (`lpf cutoff`), for a fault's reason. */
  readonly leafParams: readonly string[];
  /** The helper nodes whose bases the kernel reads (`B`), in step order. */
  readonly nodes: readonly HelperNode[];
  /** Initial per-voice values (`V`): the header, then glides, targets and spec values. */
  readonly values: readonly number[];
  /** The root step. */
  readonly root: Step;
}

/** Why a signal is not compiled (for tests and diagnostics). */
export class NotCompilable extends Error {
  override name = "NotCompilable";
}

/** Stable small ids for the functions specs refer to, so the shape key names them. */
const refIds = new WeakMap<object, number>();
let nextRefId = 0;

function refId(value: unknown): string {
  if ((typeof value !== "function" && typeof value !== "object") || value === null) {
    return String(value);
  }
  let id = refIds.get(value);
  if (id === undefined) {
    id = ++nextRefId;
    refIds.set(value, id);
  }
  return `#${id}`;
}

/**
 * Flattens the helper tree under `fn` into a chain.
 *
 * Walks helper inputs the way the closures call them (depth first: audio inputs, then
 * modulated parameters in order); a function without helper info that modulates a parameter
 * is a leaf (the parameter reads its channel 0, as `readParam` does).
 *
 * @param fn The registered signal.
 * @returns The chain.
 * @throws {NotCompilable} When the root or an audio input is hand-written, a helper has no
 *   kernel spec, a node is unbound, or a helper signal appears twice (its state would be
 *   advanced in another order).
 */
export function analyze(fn: Signal): Chain {
  const steps: Step[] = [];
  const leaves: Signal[] = [];
  const leafParams: string[] = [];
  const nodes: HelperNode[] = [];
  const values: number[] = [0, 0, 0];
  const seen = new Set<Signal>();
  const seenNodes = new Set<HelperNode>();

  const operand = (value: Param, modulates: boolean, param = ""): [Operand, string] => {
    if (typeof value === "number") {
      values.push(value);
      return [{ kind: "value", value: values.length - 1, width: 1 }, "K"];
    }
    const info = helperInfo(value);
    if (info === undefined) {
      // A parameter reads channel 0 of whatever its modulator returns (readParam), so a leaf
      // there is exact; an input's channel count decides the helper's code, and a leaf's is
      // unknown until it runs (switching to closures after the fact would call it twice).
      if (!modulates) throw new NotCompilable("a hand-written function is an audio input");
      leaves.push(value);
      leafParams.push(param);
      return [{ kind: "leaf", leaf: leaves.length - 1, width: 1 }, "L"];
    }
    const [step, key] = visit(value);
    return [{ kind: "step", step: step.id, width: step.width }, key];
  };

  const visit = (f: Signal): [Step, string] => {
    const info = helperInfo(f)!;
    const spec = info.kernel;
    if (spec === undefined) {
      throw new NotCompilable(`a helper without a kernel spec (${info.node?.type ?? "stateless"})`);
    }
    if (seen.has(f)) throw new NotCompilable(`the helper signal '${spec.kind}' is used twice`);
    seen.add(f);
    const node = info.node;
    let nodeIndex = -1;
    if (node !== undefined) {
      if (node.base < 0) throw new NotCompilable(`the ${node.type} helper is not bound`);
      if (seenNodes.has(node)) throw new NotCompilable(`the ${node.type} helper is used twice`);
      seenNodes.add(node);
    }
    const parts: string[] = [];
    const inputs: Operand[] = [];
    for (const input of spec.inputs) {
      const [op, key] = operand(input, false);
      inputs.push(op);
      parts.push(key);
    }
    const params: ParamOperand[] = [];
    for (const p of node?.params ?? []) {
      if (p.fn === null) {
        values.push(node!.glide);
        const glide = values.length - 1;
        values.push(p.target);
        params.push({ kind: "constant", slot: p.slot, target: values.length - 1, glide });
        parts.push("c");
      } else {
        const [op, key] = operand(p.fn, true, `${node!.type} ${p.name}`);
        params.push({ kind: "modulated", slot: p.slot, operand: op });
        parts.push(`m${key}`);
      }
    }
    if (node !== undefined) {
      nodes.push(node);
      nodeIndex = nodes.length - 1;
    }
    const valueSlots: number[] = [];
    for (const v of spec.values ?? []) {
      values.push(v);
      valueSlots.push(values.length - 1);
    }
    const refs = Object.entries(spec.refs).map(([k, v]) => `${k}${refId(v)}`).join(",");
    const step: Step = {
      id: steps.length,
      spec,
      node: nodeIndex,
      inputs,
      params,
      values: valueSlots,
      width: spec.width,
    };
    steps.push(step);
    const nv = valueSlots.length;
    return [step, `${spec.kind}[${refs}]/${step.width}#${nv}(${parts.join(",")})`];
  };

  if (helperInfo(fn) === undefined) throw new NotCompilable("the signal is hand-written");
  const [root, key] = visit(fn);
  return { key, steps, leaves, leafParams, nodes, values, root };
}
