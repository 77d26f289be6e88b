/**
 * The pure front end: template text → syntax tree → lowered helper calls, with no helper
 * built and nothing registered.
 * @module
 */

import { lower } from "./lower.ts";
import type { LoweredProgram } from "./lowered.ts";
import { parse } from "./parser.ts";
import type { HelperRegistry } from "./registry.ts";
import { Source, type SourceOptions } from "./source.ts";

/** Options for {@linkcode compile}. */
export interface CompileOptions extends SourceOptions {
  /** The values of the template's `${…}`, in order. @default {[]} */
  values?: readonly unknown[];
  /** Where helper names are looked up. @default {the shared registry} */
  registry?: HelperRegistry;
}

/**
 * Parses and lowers a template without building or registering anything.
 *
 * @param template The text, or a template's literal parts (`strings.raw` of a tag call: one
 *   more than there are values).
 * @param options Interpolated values, registry, and where the template sits (for errors).
 * @returns The lowered program (print it with `printProgram`).
 * @throws {DslSyntaxError} On any mistake in the template, with its location.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compile, printProgram } from "@lel/lel";
 * const program = compile(`
 *   # a comment
 *   drone: saw 55 |> lpf 400 0.3 |> gain -12db
 * `);
 * assert.equal(
 *   printProgram(program),
 *   'register("drone", gain(lpf(saw(55), 400, 0.3), 0.251188643150958))',
 * );
 * ```
 */
export function compile(
  template: string | readonly string[],
  options: CompileOptions = {},
): LoweredProgram {
  const source = new Source(template, options);
  return lower(parse(source), source, { values: options.values, registry: options.registry });
}
