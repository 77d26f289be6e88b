/**
 * A declared helper's text arguments (a pattern, a file path, a knob name): checked, then
 * turned into numbers by the definition's `prepare` (a compiled pattern's id, a sample's bank
 * entry), with the file that called the factory for paths relative to it.
 * @module
 */

import { userFileUrl } from "../runtime/core/diagnostics/location.ts";
import type { HelperDefinition, TextDef } from "./helper_definition.ts";

/**
 * Checks the text arguments and runs the definition's `prepare` on them.
 *
 * @param def The definition.
 * @param values The factory's arguments by name.
 * @param options Its options (`from`: the file paths are relative to).
 * @returns What `prepare` made of them (none without texts or `prepare`).
 * @throws {TypeError} When a text argument is not a string.
 */
export function prepareTexts(
  def: HelperDefinition,
  values: Readonly<Record<string, unknown>>,
  options: Record<string, unknown> | undefined,
): Readonly<Record<string, number>> {
  if (def.texts === undefined || def.texts.length === 0) return {};
  const texts: Record<string, string | undefined> = {};
  for (const t of def.texts) {
    const v = values[t.name];
    if (v === undefined && t.optional) continue;
    if (typeof v !== "string") {
      throw new TypeError(
        `Cannot create ${def.name}: ${t.name} must be ${TEXT_WORDS[t.unit]}, got ${describe(v)}`,
      );
    }
    texts[t.name] = v;
  }
  const given = options?.from;
  const from = typeof given === "string" ? given : callerFile();
  const prepare = def.prepare;
  if (prepare === undefined) return {};
  return prepare(texts, {
    from,
    value: (name) => {
      const v = values[name];
      return typeof v === "number" ? v : undefined;
    },
  });
}

const TEXT_WORDS: Readonly<Record<TextDef["unit"], string>> = {
  pattern: 'a pattern string, e.g. "a2 ~ c3 e3"',
  path: 'a file path string, e.g. "kick.wav"',
  name: 'a name string, e.g. "cutoff"',
};

/**
 * The user file that called the factory (for paths relative to it), as a file URL. The stack
 * is taken whole: V8's default 10 frames can all be lel's own (a DSL build nests deeply).
 */
function callerFile(): string | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = Infinity;
  try {
    return userFileUrl(new Error().stack);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  if (typeof value === "function") return "a function";
  return String(value);
}
