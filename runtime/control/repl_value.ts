/**
 * How the REPL shows a block's value: numbers and data as `Deno.inspect` prints them (strings
 * quoted), signals and helpers as a short tag instead of their source.
 * @module
 */

import { helperRegistry } from "../../dsl/registry.ts";
import { channelsOf, helperInfo } from "../core/signal_tag.ts";
import type { Signal } from "../core/signal.ts";

/** The longest value text a reply carries. */
export const MAX_VALUE_CHARS = 2000;

/**
 * A block's value as the REPL shows it.
 *
 * @param value Anything.
 * @returns E.g. `0.5011872336272722`, `"abc"`, `[signal lpf]` (a helper's signal),
 *   `[signal pan, 2 channels]`, `[helper saw]` (a DSL helper itself), `[function register]`,
 *   `{ a: 1 }`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { db, lpf, saw } from "../../mod.ts";
 * assert.equal(describeValue(db(-6)), "0.5011872336272722");
 * assert.equal(describeValue("hi"), '"hi"');
 * assert.equal(describeValue(saw), "[helper saw]");
 * assert.equal(describeValue(lpf(saw(55), 300)), "[signal lpf]");
 * assert.equal(describeValue((s: { t: number }) => s.t), "[function (anonymous)]");
 * assert.equal(describeValue([1, 2]), "[ 1, 2 ]");
 * ```
 */
export function describeValue(value: unknown): string {
  try {
    if (typeof value === "string") return cap(JSON.stringify(value));
    if (typeof value === "function") {
      return describeFunction(value as (...a: unknown[]) => unknown);
    }
    return cap(
      Deno.inspect(value, {
        colors: false,
        depth: 4,
        compact: true,
        breakLength: 100,
        iterableLimit: 32,
        strAbbreviateSize: 200,
      }),
    );
  } catch (error) {
    // A getter or a proxy that throws: the block still committed, so say so and go on.
    return `[a value that cannot be shown: ${error instanceof Error ? error.message : error}]`;
  }
}

function describeFunction(fn: (...args: unknown[]) => unknown): string {
  const info = helperInfo(fn as Signal);
  if (info !== undefined) {
    const channels = channelsOf(fn as Signal);
    const type = info.node?.type;
    const parts = [type === undefined ? "signal" : `signal ${type}`];
    if (channels > 1) parts.push(`${channels} channels`);
    return `[${parts.join(", ")}]`;
  }
  const name = fn.name;
  if (name !== "" && helperRegistry.get(name)?.factory === fn) return `[helper ${name}]`;
  return name === "" ? "[function (anonymous)]" : `[function ${name}]`;
}

function cap(text: string): string {
  if (text.length <= MAX_VALUE_CHARS) return text;
  return `${text.slice(0, MAX_VALUE_CHARS)}… (${text.length - MAX_VALUE_CHARS} more characters)`;
}
