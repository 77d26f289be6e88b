/**
 * Prints a lowered template as the TypeScript it stands for, one `register` call per line:
 * `register("drone", gain(lpf(saw(55), 400, 0.3), 0.251188643150958))`. Functions passed in
 * through `${…}` print as `$0`, `$1`, … (their index among the template's values). Golden
 * tests compare this text.
 * @module
 */

import type { LoweredArg, LoweredCall, LoweredProgram } from "./lowered.ts";

/**
 * The lowered template as code, one line per signal.
 *
 * @param program A lowered template.
 * @returns `register("name", …)` lines joined with line breaks.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compile, printProgram } from "@lel/lel";
 * assert.equal(
 *   printProgram(compile("echo: saw 110 |> delay@a 250ms")),
 *   'register("echo", delay(saw(110), 2, 0.25, { key: "a" }))',
 * );
 * ```
 */
export function printProgram(program: LoweredProgram): string {
  return program.lines
    .map((line) =>
      line.tempo !== undefined
        ? `tempo(${line.tempo})`
        : `register(${JSON.stringify(line.name)}, ${printLowered(line.value)})`
    )
    .join("\n");
}

/**
 * One lowered value as code.
 *
 * @param arg A number, string, beats, interpolation or call.
 * @returns Its code.
 */
export function printLowered(arg: LoweredArg): string {
  switch (arg.kind) {
    case "number":
      return String(arg.value);
    case "string":
      return JSON.stringify(arg.value);
    case "beats":
      return `${BEATS_HELPER[arg.as][arg.unit]}(${arg.value})`;
    case "interpolation":
      return `$${arg.index}`;
    case "call":
      return printCall(arg);
  }
}

/** The helper a count of beats or bars becomes, as a duration or as a rate. */
export const BEATS_HELPER = {
  time: { b: "beats", bar: "bars" },
  rate: { b: "everyBeats", bar: "everyBars" },
} as const;

function printCall(call: LoweredCall): string {
  const options: string[] = [];
  for (const [name, value] of Object.entries(call.options ?? {})) {
    options.push(`${name}: ${printLowered(value)}`);
  }
  if (call.key !== undefined) options.push(`key: ${JSON.stringify(call.key)}`);
  const args = [...call.args];
  if (options.length === 0) {
    while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
  }
  const parts = args.map((a) => (a === undefined ? "undefined" : printLowered(a)));
  if (options.length > 0) parts.push(`{ ${options.join(", ")} }`);
  return `${call.helper}(${parts.join(", ")})`;
}
