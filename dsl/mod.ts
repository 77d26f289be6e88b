/**
 * The pipe DSL: sessions write their music as `lel` tagged templates, one signal per line,
 * stages joined by `|>`, numbers with units, note names, sub-chains as modulators and `${…}`
 * for anything TypeScript builds. Each line becomes one `register` call.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compile, lel, printProgram, render, unregister } from "@lel/lel";
 * const text = "wobble: saw 110 |> lpf (sin 0.25hz |> range 300 3000) 0.7";
 * assert.equal(
 *   printProgram(compile(text)),
 *   'register("wobble", lpf(saw(110), range(sin(0.25), 300, 3000), 0.7))',
 * );
 * const { names } = lel(text);
 * assert.ok(render(0.05).channels[0].some((v: number) => v !== 0));
 * names.forEach(unregister);
 * ```
 * @module
 */

export { lel, type LelResult, type LelValue, registerProgram } from "./lel.ts";
export { compile, type CompileOptions } from "./compile.ts";
export { parse, Parser } from "./parser.ts";
export {
  type CallArgs,
  type LoweredArg,
  type LoweredBeats,
  type LoweredCall,
  type LoweredInterpolation,
  type LoweredLine,
  type LoweredNumber,
  type LoweredProgram,
  type LoweredString,
} from "./lowered.ts";
export { lower, type LowerOptions, MAX_DEPTH } from "./lower.ts";
export { printLowered, printProgram } from "./print_lowered.ts";
export { printLocation, type Span } from "./print_location.ts";
export { type DslErrorLocation, DslSyntaxError } from "./errors.ts";
export {
  defineHelper,
  editDistance,
  type HelperEntry,
  type HelperFactory,
  HelperRegistry,
  helperRegistry,
  type HelperSpec,
  type ParamSpec,
} from "./registry.ts";
export { type ParamKind, type Unit, UNITS } from "./units.ts";
export { installBuiltins } from "./builtins.ts";
export { noteToHz, tokenize } from "./lexer.ts";
export { INTERPOLATION_TEXT, type Position, Source, type SourceOptions } from "./source.ts";
export { describeKind, describeToken, type Token, type TokenKind } from "./token.ts";
export type * from "./ast.ts";
