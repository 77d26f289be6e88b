/**
 * Lowering one argument that is not a sub-chain: a number with its unit, a note, a word, a
 * string (checked as a pattern where the parameter takes one), beats or bars, or a `${…}`
 * value. Each is checked against what its parameter means (`units.ts`); a mistake is a
 * `DslSyntaxError` at the argument.
 * @module
 */

import type { ValueNode } from "./ast.ts";
import { PatternRangeError, PatternSyntaxError } from "../helpers/pattern/mod.ts";
import { compiledPattern } from "../helpers/rhythm/patterns.ts";
import { dslError, type DslSyntaxError } from "./errors.ts";
import type { Span } from "./print_location.ts";
import type { ParamSpec } from "./registry.ts";
import type { Source } from "./source.ts";
import type { LoweredArg, LoweredBeats, LoweredString } from "./lowered.ts";
import { applyUnit, takesNote, takesText, type Unit, unitMeaning, writeAs } from "./units.ts";

/** The parameter an argument is for: its helper's name and its spec. */
export interface Target {
  readonly helper: string;
  readonly param: ParamSpec;
}

/** What lowering an argument needs from the template: where it is, and its `${…}` values. */
export interface LowerContext {
  readonly source: Source;
  readonly values: readonly unknown[];
}

/**
 * Lowers an argument that is not a sub-chain.
 *
 * @param ctx The template.
 * @param node The argument.
 * @param target Its parameter (undefined for a chain's source, which takes anything).
 * @returns The lowered argument.
 * @throws {DslSyntaxError} When it does not fit its parameter.
 */
export function lowerLiteral(
  ctx: LowerContext,
  node: Exclude<ValueNode, { kind: "subchain" }>,
  target: Target | undefined,
): LoweredArg {
  const kind = target?.param.kind ?? "any";
  const error = (span: Span, message: string) => dslError(ctx.source, span, message);
  switch (node.kind) {
    case "string":
      return lowerString(ctx, node.value, node.span, target, node.span.start + 1);
    case "word":
      if (kind !== "name") throw wordError(ctx, node.name, target, node.span);
      return { kind: "string", value: node.name, span: node.span };
    case "note":
      if (takesText(kind)) {
        throw error(node.span, `${target!.helper} ${target!.param.name} is ${writeAs(kind)}`);
      }
      if (!takesNote(kind)) throw unitError(ctx, node.text, "a note", target!, node.span);
      return { kind: "number", value: node.hz, span: node.span };
    case "number": {
      if (node.unit === "b" || node.unit === "bar") return lowerBeats(ctx, node, target);
      if (node.unit === "bpm") {
        throw error(
          node.span,
          `'${node.text}' is a tempo: bpm is the unit of the tempo only; write 'tempo: ${node.text}' on a line of its own`,
        );
      }
      if (takesText(kind)) {
        throw error(node.span, `${target!.helper} ${target!.param.name} is ${writeAs(kind)}`);
      }
      const value = applyUnit(node.value, node.unit, kind);
      if (value === undefined) {
        throw unitError(ctx, node.text, unitMeaning(node.unit ?? "hz"), target!, node.span);
      }
      if (!Number.isFinite(value)) {
        throw error(node.span, `Number '${node.text}' is too large; write a finite number`);
      }
      return { kind: "number", value, span: node.span };
    }
    case "interpolation":
      return lowerInterpolation(ctx, node.index, node.span, target);
  }
}

/**
 * A string argument: checked as a pattern when the parameter takes one.
 *
 * @param at Where the string's first character is in the template (-1 for a `${…}` value).
 */
function lowerString(
  ctx: LowerContext,
  value: string,
  span: Span,
  target: Target | undefined,
  at: number,
): LoweredString {
  const kind = target?.param.kind ?? "any";
  if (!takesText(kind) && kind !== "any") {
    throw dslError(
      ctx.source,
      span,
      `${target!.helper} ${target!.param.name} takes ${
        writeAs(kind) === "" ? "a number or a signal" : writeAs(kind).replace(/^it is /, "")
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
      // A second place the message names (an open bracket), in the file's terms.
      const message = error instanceof PatternSyntaxError && at >= 0
        ? error.messageNaming((o) => {
          const { line, column } = ctx.source.position(at + o);
          return `line ${line}, column ${column}`;
        })
        : error.message;
      throw dslError(ctx.source, where, `${message}${inside}`);
    }
  }
  return { kind: "string", value, span };
}

/**
 * A bare word where the parameter does not take a name (`min:low`, `path:kick`): what the
 * parameter takes instead, and how to write it.
 */
function wordError(
  ctx: LowerContext,
  word: string,
  target: Target | undefined,
  span: Span,
): DslSyntaxError {
  if (target === undefined) {
    return dslError(ctx.source, span, `Expected an argument, found name '${word}'`);
  }
  const { helper, param } = target;
  const what = `${helper} ${param.name}`;
  const advice = writeAs(param.kind);
  if (advice === "") {
    // A signal: the word may be a helper meant as a modulator.
    return dslError(
      ctx.source,
      span,
      `${what} takes a number or a signal, not the word '${word}'; write a number, or wrap a ` +
        `helper in parentheses: '${param.name}:(${word} …)'`,
    );
  }
  // `it is a time: write 0.25 (seconds), …` → `a time`, `write 0.25 (seconds), …`.
  const [kind, how] = advice.replace(/^it is /, "").split(/: (.*)/s);
  return dslError(ctx.source, span, `${what} takes ${kind}, not the word '${word}'; ${how}`);
}

/** `0.75b`, `1bar`: a duration that follows the tempo, or (for a rate) once per it. */
function lowerBeats(
  ctx: LowerContext,
  node: { value: number; unit: Unit | undefined; text: string; span: Span },
  target: Target | undefined,
): LoweredBeats {
  const kind = target?.param.kind ?? "any";
  const unit = node.unit as "b" | "bar";
  if (!(node.value > 0)) {
    throw dslError(
      ctx.source,
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
  throw unitError(
    ctx,
    node.text,
    unit === "b" ? "a number of beats" : "a number of bars",
    target!,
    node.span,
  );
}

function lowerInterpolation(
  ctx: LowerContext,
  index: number,
  span: Span,
  target: Target | undefined,
): LoweredArg {
  const value = ctx.values[index];
  if (typeof value === "string") return lowerString(ctx, value, span, target, -1);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      throw dslError(
        ctx.source,
        span,
        `The value of \${…} is ${value}; interpolate a finite number or a signal function`,
      );
    }
    return { kind: "number", value, span };
  }
  if (typeof value === "function") return { kind: "interpolation", index, span };
  throw dslError(
    ctx.source,
    span,
    `The value of \${…} is ${
      describeValue(value)
    }; interpolate a number, a string (a pattern), a signal function (s) => number, or a helper such as sin(3)`,
  );
}

/**
 * The error for a value whose unit does not fit its parameter, saying what to write.
 *
 * @param ctx The template.
 * @param text The value as written.
 * @param meaning What it is (`a time`, `a note`).
 * @param target Its parameter.
 * @param span Where it is.
 * @returns The error (to throw).
 */
export function unitError(
  ctx: LowerContext,
  text: string,
  meaning: string,
  target: Target,
  span: Span,
): DslSyntaxError {
  const { helper, param } = target;
  return dslError(
    ctx.source,
    span,
    `Cannot use '${text}' (${meaning}) as ${helper} ${param.name}; ${writeAs(param.kind)}`,
  );
}

function describeValue(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (typeof value === "string") return `a string ('${value.slice(0, 40)}')`;
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
