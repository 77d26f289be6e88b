/**
 * Lowering: the syntax tree → helper calls. Each stage becomes a call with the previous stage
 * as its first argument (`a |> f x y` → `f(a, x, y)`), units become plain numbers checked
 * against what each parameter means, and names are looked up in the helper registry.
 *
 * The result is pure data; `build.ts` calls the helpers and `print_lowered.ts` prints it.
 * @module
 */

import { dbToGain } from "../helpers/units.ts";
import type { ChainNode, LineNode, ProgramNode, StageNode, ValueNode } from "./ast.ts";
import { PatternRangeError, PatternSyntaxError } from "../helpers/pattern/mod.ts";
import { compiledPattern } from "../helpers/rhythm/patterns.ts";
import { dslError } from "./errors.ts";
import type { Span } from "./print_location.ts";
import {
  type HelperEntry,
  type HelperRegistry,
  helperRegistry,
  type ParamKind,
  type ParamSpec,
  signatureOf,
} from "./registry.ts";
import type { Source } from "./source.ts";
import type { Unit } from "./token.ts";
import "./builtins.ts";

/** How many calls deep a lowered value may nest (stages plus sub-chains). */
export const MAX_DEPTH = 256;

/** A plain number (units applied). */
export interface LoweredNumber {
  readonly kind: "number";
  readonly value: number;
  readonly span: Span;
}

/** A function passed in through `${…}` (numbers passed that way lower to numbers). */
export interface LoweredInterpolation {
  readonly kind: "interpolation";
  /** Index into the template's values. */
  readonly index: number;
  readonly span: Span;
}

/** One helper call. */
export interface LoweredCall {
  readonly kind: "call";
  readonly helper: string;
  readonly entry: HelperEntry;
  /** Positional arguments, `undefined` where left out. */
  readonly args: readonly (LoweredArg | undefined)[];
  /** Options besides `key` (from a spec's `toCall`). */
  readonly options: Readonly<Record<string, LoweredArg>> | undefined;
  /** The explicit identity key (`@key`). */
  readonly key: string | undefined;
  /** Span of the helper name (errors while building point here). */
  readonly span: Span;
  /** Calls nested in this one, itself included. */
  readonly depth: number;
}

/** An argument of a lowered call. */
/** A string: a pattern, a file name, a knob's name. */
export interface LoweredString {
  readonly kind: "string";
  readonly value: string;
  readonly span: Span;
}

/**
 * A count of beats or bars that follows the tempo: a duration in seconds (`as: "time"`) or a
 * rate of once per that duration (`as: "rate"`, phase locked to the transport).
 */
export interface LoweredBeats {
  readonly kind: "beats";
  readonly value: number;
  readonly unit: "b" | "bar";
  readonly as: "time" | "rate";
  readonly span: Span;
}

export type LoweredArg =
  | LoweredNumber
  | LoweredInterpolation
  | LoweredCall
  | LoweredString
  | LoweredBeats;

/** What a spec's `toCall` returns: the factory's positional arguments and options. */
export interface CallArgs {
  args: (LoweredArg | undefined)[];
  options?: Record<string, LoweredArg>;
}

/** One `name: chain` line, lowered to the value `register(name, …)` receives. */
export interface LoweredLine {
  readonly name: string;
  /** Span of the name. */
  readonly span: Span;
  readonly value: LoweredArg;
  /**
   * A `tempo: 120bpm` line sets the transport's tempo instead of registering a signal.
   * @default {undefined}
   */
  readonly tempo?: number;
}

/** A whole template, lowered. */
export interface LoweredProgram {
  readonly source: Source;
  readonly lines: readonly LoweredLine[];
  /** The template's interpolated values. */
  readonly values: readonly unknown[];
}

/** Options for {@linkcode lower}. */
export interface LowerOptions {
  /** The template's interpolated values. @default {[]} */
  values?: readonly unknown[];
  /** Where helper names are looked up. @default {the shared registry} */
  registry?: HelperRegistry;
}

/**
 * Lowers a parsed template to helper calls.
 *
 * @param program The syntax tree from `parse`.
 * @param source The template it came from (for error locations).
 * @param options Interpolated values and the registry.
 * @returns The lowered program.
 * @throws {DslSyntaxError} On an unknown helper, a wrong argument count, a unit that does not
 *   fit its parameter, a bad interpolated value or a signal defined twice.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lower, parse, printProgram, Source } from "@lel/lel";
 * const source = new Source("drone: saw 55 |> lpf 2khz");
 * assert.equal(printProgram(lower(parse(source), source)), 'register("drone", lpf(saw(55), 2000))');
 * ```
 */
export function lower(
  program: ProgramNode,
  source: Source,
  options: LowerOptions = {},
): LoweredProgram {
  const values = options.values ?? [];
  const lowering = new Lowering(source, values, options.registry ?? helperRegistry);
  const seen = new Map<string, LineNode>();
  const lines: LoweredLine[] = [];
  for (const line of program.lines) {
    const before = seen.get(line.name);
    if (before !== undefined) {
      const a = source.position(before.span.start).line;
      const b = source.position(line.span.start).line;
      throw dslError(
        source,
        line.span,
        `Signal '${line.name}' is defined twice, on lines ${a} and ${b}; rename one of them`,
      );
    }
    seen.set(line.name, line);
    const tempo = tempoOf(line);
    if (tempo !== undefined) {
      lines.push({ name: line.name, span: line.span, value: tempo, tempo: tempo.value });
      continue;
    }
    lines.push({ name: line.name, span: line.span, value: lowering.chain(line.chain) });
  }
  return { source, lines, values };
}

/** `tempo: 120bpm`: a line named `tempo` whose chain is one number in bpm. */
function tempoOf(line: LineNode): LoweredNumber | undefined {
  const head = line.chain.source;
  if (line.name !== "tempo" || line.chain.stages.length > 0 || head?.kind !== "number") {
    return undefined;
  }
  if (head.unit !== "bpm") return undefined;
  return { kind: "number", value: head.value, span: head.span };
}

class Lowering {
  #source: Source;
  #values: readonly unknown[];
  #registry: HelperRegistry;

  constructor(source: Source, values: readonly unknown[], registry: HelperRegistry) {
    this.#source = source;
    this.#values = values;
    this.#registry = registry;
  }

  chain(chain: ChainNode): LoweredArg {
    let piped = chain.source === undefined ? undefined : this.value(chain.source, undefined);
    for (const stage of chain.stages) piped = this.stage(stage, piped);
    return piped!;
  }

  stage(stage: StageNode, piped: LoweredArg | undefined): LoweredCall {
    const entry = this.#entry(stage);
    const { params, rest } = entry.spec;
    const from = piped === undefined ? 0 : 1;
    const written = stage.args.length;
    const total = from + written + stage.options.length;
    const required = params.filter((p) => !p.optional).length;
    if (piped !== undefined && (params.length === 0 || params[0].constant) && rest === undefined) {
      throw this.#error(
        stage.span,
        `${entry.name} takes no piped input; start a chain with it, e.g. 'x: ${entry.name}'`,
      );
    }
    if (total < required || (rest === undefined && from + written > params.length)) {
      const at = from + written > params.length
        ? stage.args[params.length - from].span
        : stage.span;
      const count = `${written} argument${written === 1 ? "" : "s"}`;
      let message = `${entry.name} expects ${signatureOf(entry.spec, from)}, got ${count}`;
      if (from === 0 && params[0]?.kind === "signal") {
        message += `; pipe a signal into it, e.g. 'saw 110 |> ${entry.name} …'`;
      }
      throw this.#error(at, message);
    }
    if (stage.key !== undefined && !entry.options) {
      throw this.#error(
        stage.keySpan!,
        `${entry.name} takes no key: it keeps no state, so its order does not matter`,
      );
    }
    const args: (LoweredArg | undefined)[] = piped === undefined ? [] : [piped];
    stage.args.forEach((arg, i) => {
      const index = from + i;
      const param = index < params.length ? params[index] : rest!;
      args.push(this.value(arg, { helper: entry.name, param }));
    });
    while (args.length < params.length) args.push(undefined);
    for (const option of stage.options) {
      const index = params.findIndex((p, i) => p.name === option.name && i >= from);
      if (index < 0) {
        const names = params.slice(from).map((p) => p.name).join(", ") || "none";
        throw this.#error(
          option.span,
          `${entry.name} has no parameter '${option.name}'; its parameters: ${names}`,
        );
      }
      if (args[index] !== undefined) {
        throw this.#error(
          option.span,
          `${entry.name} ${option.name} is given twice; give it once, in place or as '${option.name}:…'`,
        );
      }
      args[index] = this.value(option.value, { helper: entry.name, param: params[index] });
    }
    for (let i = 0; i < required; i++) {
      if (args[i] === undefined && !params[i].optional) {
        throw this.#error(
          stage.span,
          `${entry.name} expects ${signatureOf(entry.spec, from)}: ${params[i].name} is missing`,
        );
      }
    }
    const call = this.#toCall(entry, args, stage.span);
    let depth = 1;
    for (const a of [...call.args, ...Object.values(call.options ?? {})]) {
      if (a?.kind === "call" && a.depth >= depth) depth = a.depth + 1;
    }
    if (depth > MAX_DEPTH) {
      throw this.#error(
        stage.span,
        `This chain nests more than ${MAX_DEPTH} helpers deep; split it over several signals`,
      );
    }
    return {
      kind: "call",
      helper: entry.name,
      entry,
      args: call.args,
      options: call.options,
      key: stage.key,
      span: stage.span,
      depth,
    };
  }

  #toCall(entry: HelperEntry, args: (LoweredArg | undefined)[], span: Span): CallArgs {
    if (entry.spec.toCall === undefined) return { args };
    try {
      return entry.spec.toCall(args);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw dslError(this.#source, span, message, error);
    }
  }

  value(node: ValueNode, target: { helper: string; param: ParamSpec } | undefined): LoweredArg {
    const kind: ParamKind = target?.param.kind ?? "any";
    if (target?.param.constant && (node.kind === "subchain" || this.#isFunction(node))) {
      const { helper, param } = target;
      throw this.#error(
        node.span,
        `${helper} ${param.name} must be a number known when the chain is built, not a signal; write a number, e.g. '${
          param.kind === "time" ? "2s" : "42"
        }'`,
      );
    }
    switch (node.kind) {
      case "string":
        return this.#string(node.value, node.span, target, node.span.start + 1);
      case "word":
        if (kind !== "name") {
          throw this.#error(node.span, `Expected an argument, found name '${node.name}'`);
        }
        return { kind: "string", value: node.name, span: node.span };
      case "subchain":
        return this.chain(node.chain);
      case "note":
        if (STRING_KINDS.has(kind)) {
          throw this.#error(
            node.span,
            `${target!.helper} ${target!.param.name} is ${WRITE_AS[kind]}`,
          );
        }
        if (!NOTE_KINDS.has(kind)) throw this.#unitError(node.text, "a note", target!, node.span);
        return { kind: "number", value: node.hz, span: node.span };
      case "number": {
        if (node.unit === "b" || node.unit === "bar") return this.#beats(node, target);
        if (node.unit === "bpm") {
          throw this.#error(
            node.span,
            `'${node.text}' is a tempo: bpm is the unit of the tempo only; write 'tempo: ${node.text}' on a line of its own`,
          );
        }
        if (STRING_KINDS.has(kind)) {
          throw this.#error(
            node.span,
            `${target!.helper} ${target!.param.name} is ${WRITE_AS[kind]}`,
          );
        }
        const value = this.#applyUnit(node.value, node.unit, kind);
        if (value === undefined) {
          throw this.#unitError(node.text, UNIT_MEANING[node.unit ?? "hz"], target!, node.span);
        }
        if (!Number.isFinite(value)) {
          throw this.#error(node.span, `Number '${node.text}' is too large; write a finite number`);
        }
        return { kind: "number", value, span: node.span };
      }
      case "interpolation":
        return this.#interpolation(node.index, node.span, target);
    }
  }

  /** A string argument: checked as a pattern when the parameter takes one. */
  #string(
    value: string,
    span: Span,
    target: { helper: string; param: ParamSpec } | undefined,
    /** Where the string's first character is in the template (-1 for a `${…}` value). */
    at: number,
  ): LoweredString {
    const kind = target?.param.kind ?? "any";
    if (!STRING_KINDS.has(kind) && kind !== "any") {
      throw this.#error(
        span,
        `${target!.helper} ${target!.param.name} takes ${
          WRITE_AS[kind] === "" ? "a number or a signal" : WRITE_AS[kind].replace(/^it is /, "")
        }, not a string`,
      );
    }
    if (kind === "pattern") {
      try {
        compiledPattern(value);
      } catch (error) {
        if (!(error instanceof PatternSyntaxError || error instanceof PatternRangeError)) {
          throw error;
        }
        const offset = (error as { offset?: number }).offset ?? 0;
        const length = Math.max(1, (error as { length?: number }).length ?? 1);
        const where = at < 0
          ? span
          : { start: at + offset, end: Math.min(at + offset + length, at + value.length + 1) };
        const inside = at < 0 ? ` (at character ${offset + 1} of the interpolated pattern)` : "";
        throw this.#error(where, `${error.message}${inside}`);
      }
    }
    return { kind: "string", value, span };
  }

  /** `0.75b`, `1bar`: a duration that follows the tempo, or (for a rate) once per it. */
  #beats(
    node: { value: number; unit: Unit | undefined; text: string; span: Span },
    target: { helper: string; param: ParamSpec } | undefined,
  ): LoweredBeats {
    const kind = target?.param.kind ?? "any";
    const unit = node.unit as "b" | "bar";
    if (!(node.value > 0)) {
      throw this.#error(
        node.span,
        `'${node.text}' must be more than 0 ${unit === "b" ? "beats" : "bars"}`,
      );
    }
    if (kind === "time") {
      return { kind: "beats", value: node.value, unit, as: "time", span: node.span };
    }
    if (kind === "frequency") {
      return { kind: "beats", value: node.value, unit, as: "rate", span: node.span };
    }
    throw this.#unitError(
      node.text,
      unit === "b" ? "a number of beats" : "a number of bars",
      target!,
      node.span,
    );
  }

  #isFunction(node: ValueNode): boolean {
    return node.kind === "interpolation" && typeof this.#values[node.index] === "function";
  }

  #interpolation(
    index: number,
    span: Span,
    target?: { helper: string; param: ParamSpec },
  ): LoweredArg {
    const value = this.#values[index];
    if (typeof value === "string") return this.#string(value, span, target, -1);
    if (typeof value === "number") {
      if (!Number.isFinite(value)) {
        throw this.#error(
          span,
          `The value of \${…} is ${value}; interpolate a finite number or a signal function`,
        );
      }
      return { kind: "number", value, span };
    }
    if (typeof value === "function") return { kind: "interpolation", index, span };
    throw this.#error(
      span,
      `The value of \${…} is ${
        describeValue(value)
      }; interpolate a number, a string (a pattern), a signal function (s) => number, or a helper such as sin(3)`,
    );
  }

  #applyUnit(value: number, unit: Unit | undefined, kind: ParamKind): number | undefined {
    if (unit === undefined) return value;
    if (!ACCEPTS[kind].has(unit)) return undefined;
    switch (unit) {
      case "hz":
      case "s":
        return value;
      case "b":
      case "bar":
      case "bpm":
        return undefined;
      case "khz":
        return value * 1000;
      case "ms":
        return value / 1000;
      case "%":
        return value / 100;
      case "db":
        return kind === "decibels" ? value : dbToGain(value);
    }
  }

  #entry(stage: StageNode): HelperEntry {
    const entry = this.#registry.get(stage.helper);
    if (entry !== undefined) return entry;
    const suggestion = this.#registry.suggest(stage.helper);
    throw this.#error(
      stage.span,
      suggestion === undefined
        ? `Unknown helper '${stage.helper}'; check the spelling, or define it with defineHelper("${stage.helper}", …)`
        : `Unknown helper '${stage.helper}'; did you mean '${suggestion}'?`,
    );
  }

  #unitError(
    text: string,
    meaning: string,
    target: { helper: string; param: ParamSpec },
    span: Span,
  ) {
    const { helper, param } = target;
    return this.#error(
      span,
      `Cannot use '${text}' (${meaning}) as ${helper} ${param.name}; ${WRITE_AS[param.kind]}`,
    );
  }

  #error(span: Span, message: string) {
    return dslError(this.#source, span, message);
  }
}

const ALL_UNITS: ReadonlySet<Unit> = new Set(["hz", "khz", "ms", "s", "db", "%"]);
const NONE: ReadonlySet<Unit> = new Set();
const ACCEPTS: Record<ParamKind, ReadonlySet<Unit>> = {
  signal: ALL_UNITS,
  any: ALL_UNITS,
  frequency: new Set(["hz", "khz"]),
  time: new Set(["ms", "s"]),
  gain: new Set(["db", "%"]),
  decibels: new Set(["db"]),
  unitless: new Set(["%"]),
  string: NONE,
  pattern: NONE,
  name: NONE,
};
const STRING_KINDS: ReadonlySet<ParamKind> = new Set(["string", "pattern", "name"]);
const NOTE_KINDS: ReadonlySet<ParamKind> = new Set(["signal", "any", "frequency"]);
const UNIT_MEANING: Record<Unit, string> = {
  hz: "a frequency",
  khz: "a frequency",
  ms: "a time",
  s: "a time",
  db: "a level in dB",
  "%": "a percentage",
  b: "a number of beats",
  bar: "a number of bars",
  bpm: "a tempo",
};
const WRITE_AS: Record<ParamKind, string> = {
  signal: "",
  any: "",
  frequency:
    "it is a frequency: write 800, 800hz, 2khz, a note like a4, or 0.25b (once per quarter beat)",
  time: "it is a time: write 0.25 (seconds), 250ms, 2s, 0.75b (beats) or 1bar",
  gain: "it is a gain: write 0.5, -6db or 50%",
  decibels: "it is a level in dB: write -6 or -6db",
  unitless: "it is a plain number: write 0.5 or 50%",
  string: 'a string: write it in quotes, e.g. "kick.wav"',
  pattern: 'a pattern: write it in quotes, e.g. "a1 ~ c2 e2"',
  name: "a name: write a word, e.g. cutoff",
};

function describeValue(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (typeof value === "string") return `a string ('${value.slice(0, 40)}')`;
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
