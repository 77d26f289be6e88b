/**
 * Lowering: the syntax tree → helper calls. Each stage becomes a call with the previous stage
 * as its first argument (`a |> f x y` → `f(a, x, y)`), units become plain numbers checked
 * against what each parameter means, and names are looked up in the helper registry.
 *
 * The result is pure data (`lowered.ts`); `build.ts` calls the helpers and `print_lowered.ts`
 * prints it.
 * @module
 */

import type { ChainNode, LineNode, ProgramNode, StageNode, ValueNode } from "./ast.ts";
import { dslError } from "./errors.ts";
import type { Span } from "./print_location.ts";
import { type HelperEntry, type HelperRegistry, helperRegistry, signatureOf } from "./registry.ts";
import type { Source } from "./source.ts";
import type {
  CallArgs,
  LoweredArg,
  LoweredCall,
  LoweredLine,
  LoweredNumber,
  LoweredProgram,
} from "./lowered.ts";
import { type LowerContext, lowerLiteral, type Target } from "./lower_value.ts";
import { MAX_BPM, MIN_BPM } from "../runtime/core/transport.ts";
import "./builtins.ts";

/** How many calls deep a lowered value may nest (stages plus sub-chains). */
export const MAX_DEPTH = 256;

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
    const tempo = tempoOf(source, line);
    if (tempo !== undefined) {
      lines.push({ name: line.name, span: line.span, value: tempo, tempo: tempo.value });
      continue;
    }
    lines.push({ name: line.name, span: line.span, value: lowering.chain(line.chain) });
  }
  return { source, lines, values };
}

/** What a `tempo:` line should look like, for messages. */
const TEMPO_EXAMPLE = "tempo: 120bpm";

/**
 * `tempo: 120bpm`: the line named `tempo` is always the tempo line (no signal may be named
 * `tempo`), and its chain is one number in bpm within the transport's range.
 *
 * @returns The tempo, or `undefined` for a line of another name.
 * @throws {DslSyntaxError} At the value when it is not one bpm number in range.
 */
function tempoOf(source: Source, line: LineNode): LoweredNumber | undefined {
  if (line.name !== "tempo") return undefined;
  const head = line.chain.source;
  const fail = (span: Span, message: string) => dslError(source, span, message);
  if (head === undefined) {
    throw fail(
      line.chain.stages[0].span,
      `'tempo' is the tempo line, not a signal: write a tempo in bpm, e.g. '${TEMPO_EXAMPLE}' ` +
        `(name the signal something else)`,
    );
  }
  if (line.chain.stages.length > 0) {
    throw fail(
      line.chain.stages[0].span,
      `The tempo line takes one tempo in bpm and nothing after it: write e.g. '${TEMPO_EXAMPLE}'`,
    );
  }
  if (head.kind === "interpolation") {
    throw fail(
      head.span,
      `The tempo line takes a tempo written in bpm, e.g. '${TEMPO_EXAMPLE}'; for a tempo ` +
        `computed in TypeScript call tempo(bpm) instead of interpolating it`,
    );
  }
  if (head.kind !== "number" || head.unit !== "bpm") {
    const written = source.text.slice(head.span.start, head.span.end);
    const fix = head.kind === "number" && head.unit === undefined && head.value >= MIN_BPM &&
        head.value <= MAX_BPM
      ? `'tempo: ${head.text}bpm'`
      : `e.g. '${TEMPO_EXAMPLE}'`;
    throw fail(
      head.span,
      `The tempo line takes a tempo in bpm, got '${written}'; write ${fix}`,
    );
  }
  if (!(head.value >= MIN_BPM && head.value <= MAX_BPM)) {
    throw fail(
      head.span,
      `Tempo '${head.text}' is out of range: write ${MIN_BPM}bpm to ${MAX_BPM}bpm, e.g. ` +
        `'${TEMPO_EXAMPLE}'`,
    );
  }
  return { kind: "number", value: head.value, span: head.span };
}

class Lowering {
  #source: Source;
  #values: readonly unknown[];
  #context: LowerContext;
  #registry: HelperRegistry;

  constructor(source: Source, values: readonly unknown[], registry: HelperRegistry) {
    this.#source = source;
    this.#values = values;
    this.#context = { source, values };
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

  value(node: ValueNode, target: Target | undefined): LoweredArg {
    if (target?.param.constant && (node.kind === "subchain" || this.#isFunction(node))) {
      const { helper, param } = target;
      throw this.#error(
        node.span,
        `${helper} ${param.name} must be a number known when the chain is built, not a signal; write a number, e.g. '${
          param.kind === "time" ? "2s" : "42"
        }'`,
      );
    }
    if (node.kind === "subchain") return this.chain(node.chain);
    return lowerLiteral(this.#context, node, target);
  }

  #isFunction(node: ValueNode): boolean {
    return node.kind === "interpolation" && typeof this.#values[node.index] === "function";
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

  #error(span: Span, message: string) {
    return dslError(this.#source, span, message);
  }
}
