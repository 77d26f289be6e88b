/**
 * A definition's closure form: the per-sample function a helper returns, generated once per
 * step variant from its calls (any channel count; a multichannel frame runs the channel call
 * once per channel), and instantiated per helper with its node, input and constants.
 *
 * It is the reference the chain compiler's kernels must match bit for bit, so it evaluates in
 * the order every kernel does: the input, every parameter (in declaration order), the setup
 * calls, the frame calls, the channels, the after calls.
 * @module
 */

import type { Context, Frame, Signal } from "../runtime/core/signal.ts";
import type { Arg, Call, Step, StepFunction } from "./helper_definition.ts";
import { claimLate, ensureChannels, type HelperNode, RENDERING } from "../runtime/core/node.ts";
import { readParam } from "../runtime/core/param_read.ts";
import type { StepLayout } from "./_step_layout.ts";

/** What the generated code calls its things. */
interface Naming {
  readonly params: ReadonlySet<string>;
  readonly consts: ReadonlySet<string>;
  readonly layout: StepLayout;
  readonly fns: Map<StepFunction, string>;
}

type Make = (
  node: HelperNode,
  x: Signal,
  K: readonly number[],
  F: readonly StepFunction[],
  RP: typeof readParam,
  EC: typeof ensureChannels,
  R: typeof RENDERING,
  LATE: typeof claimLate,
) => Signal;

/** A compiled closure factory, with the functions its code calls in order. */
interface ClosureFactory {
  readonly make: Make;
  readonly fns: readonly StepFunction[];
}

const factories = new WeakMap<Step, Map<string, ClosureFactory>>();

function argCode(arg: Arg, n: Naming): string {
  if (typeof arg === "number") return numberLiteral(arg);
  if (arg.startsWith("@")) return `(b + ${n.layout.slot.get(arg.slice(1))})`;
  if (n.params.has(arg)) return `p_${arg}`;
  if (n.consts.has(arg)) return `k_${arg}`;
  if (arg === "beat") return "s.beat";
  if (["mem", "b", "sr", "dt", "x", "ch", "x0", "x1", "st", "out"].includes(arg)) return arg;
  return `o_${arg}`;
}

/**
 * A number as source text that reads back as the same double.
 *
 * @param v A finite number.
 * @returns Its literal.
 */
export function numberLiteral(v: number): string {
  if (Object.is(v, -0)) return "-0";
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "Infinity" : "-Infinity";
  return `(${String(v)})`;
}

function callCode(call: Call, n: Naming): string {
  let id = n.fns.get(call.fn);
  if (id === undefined) {
    id = `f${n.fns.size}`;
    n.fns.set(call.fn, id);
  }
  const code = `${id}(${call.args.map((a) => argCode(a, n)).join(", ")})`;
  return call.out === undefined ? `${code};` : `const o_${call.out} = ${code};`;
}

function calls(list: readonly Call[] | undefined, n: Naming): string {
  return (list ?? []).map((c) => callCode(c, n)).join("\n");
}

/** Index of channel `ch`'s state: after the header, `stride` doubles per channel. */
function stateIndex(layout: StepLayout, ch: string): string {
  if (ch === "0") return `b + ${layout.header}`;
  const stride = layout.strideSlot >= 0 ? "stride" : String(layout.perChannelSlots);
  return `b + ${layout.header} + ${ch} * ${stride}`;
}

function strideCode(layout: StepLayout): string {
  return layout.strideSlot >= 0 ? `const stride = mem[b + ${layout.strideSlot}];` : "";
}

function channelBody(name: string, step: Step, n: Naming): string {
  const ch = step.channel!;
  const mono = `if (typeof v === "number") {
      const x = v;
      const ch = 0;
      const st = ${stateIndex(n.layout, "0")};
      const y = ${callCode({ ...ch, out: undefined }, n).slice(0, -1)};
      ${calls(step.after, n)}
      return y;
    }`;
  const wide = `const out = node.out;
    const count = v.length;
    ${strideCode(n.layout)}
    for (let ch = 0; ch < count; ch++) {
      const x = v[ch];
      const st = ${stateIndex(n.layout, "ch")};
      out[ch] = ${callCode({ ...ch, out: undefined }, n).slice(0, -1)};
    }
    ${calls(step.after, n)}
    return out;`;
  return `return function ${name}(s) {
    ${OWNER_CHECK}
    const v = x(s);
    if (typeof v !== "number") EC(node, v.length);
    ${prelude(step, n)}
    ${mono}
    ${wide}
  };`;
}

/** A helper played by a signal it does not belong to yet joins it (or is refused). */
const OWNER_CHECK = "if (node.owner !== R.owner) LATE(node);";

function prelude(step: Step, n: Naming): string {
  const params = [...n.params].map((p, i) => `const p_${p} = RP(s, node, P${i});`).join("\n");
  return `const mem = node.mem;
    const b = node.base;
    const sr = s.sr;
    const dt = s.dt;
    ${params}
    ${calls(step.setup, n)}
    ${calls(step.frame, n)}`;
}

function outputBody(name: string, step: Step, n: Naming): string {
  const y = callCode({ ...step.output!, out: undefined }, n).slice(0, -1);
  return `return function ${name}(s) {
    ${OWNER_CHECK}
    ${prelude(step, n)}
    const y = ${y};
    ${calls(step.after, n)}
    return y;
  };`;
}

function outputsBody(name: string, mono: Step, wide: Step, n: Naming): string {
  const part = (step: Step) =>
    `${prelude(step, n)}
    ${callCode(step.outputs!.call, n)}
    ${calls(step.after, n)}`;
  const branches = mono === wide
    ? `const x0 = typeof v === "number" ? v : v[0];
      const x1 = typeof v === "number" || v.length === 1 ? x0 : v[1];
      ${part(mono)}`
    : `if (typeof v === "number" || v.length === 1) {
        const x0 = typeof v === "number" ? v : v[0];
        ${part(mono)}
      } else {
        const x0 = v[0];
        const x1 = v[1];
        ${part(wide)}
      }`;
  return `return function ${name}(s) {
    ${OWNER_CHECK}
    const v = x(s);
    const out = node.out;
    ${branches}
    return out;
  };`;
}

/**
 * The closure of one helper instance.
 *
 * @param name The helper's name (the generated function's name, for stack traces).
 * @param mono The step for a mono input (or the only step).
 * @param wide The step for a wider input (the same object unless the step depends on width).
 * @param layout The block layout.
 * @param node The instance's node (its present parameters in `node.params`).
 * @param input The input signal (a constant function for a number; unused by sources).
 * @param consts Constant names and values, in declaration order.
 * @returns The per-sample function.
 */
export function stepClosure(
  name: string,
  mono: Step,
  wide: Step,
  layout: StepLayout,
  node: HelperNode,
  input: Signal,
  consts: readonly (readonly [string, number])[],
): (s: Context) => Frame {
  const params = node.params.map((p) => p.name);
  const key = `${params.join(",")}|${consts.map(([c]) => c).join(",")}`;
  let byKey = factories.get(mono);
  if (byKey === undefined) {
    byKey = new Map();
    factories.set(mono, byKey);
  }
  let factory = byKey.get(key);
  if (factory === undefined) {
    factory = compileFactory(name, mono, wide, layout, params, consts.map(([c]) => c));
    byKey.set(key, factory);
  }
  const K = consts.map(([, v]) => v);
  return factory.make(node, input, K, factory.fns, readParam, ensureChannels, RENDERING, claimLate);
}

function compileFactory(
  name: string,
  mono: Step,
  wide: Step,
  layout: StepLayout,
  params: readonly string[],
  consts: readonly string[],
): ClosureFactory {
  const n: Naming = {
    params: new Set(params),
    consts: new Set(consts),
    layout,
    fns: new Map(),
  };
  const id = name.replace(/[^\w$]/g, "_");
  const body = mono.channel !== undefined
    ? channelBody(id, mono, n)
    : mono.output !== undefined
    ? outputBody(id, mono, n)
    : outputsBody(id, mono, wide, n);
  const fns = [...n.fns.keys()];
  const source = `// ${name} closure #${++generated}
    ${fns.map((_, i) => `const f${i} = F[${i}];`).join("\n")}
    ${params.map((_, i) => `const P${i} = node.params[${i}];`).join("\n")}
    ${consts.map((c, i) => `const k_${c} = K[${i}];`).join("\n")}
    ${body}`;
  const outer = new Function("node", "x", "K", "F", "RP", "EC", "R", "LATE", source) as Make;
  return { make: outer, fns };
}

let generated = 0;
