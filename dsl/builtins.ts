/**
 * Registers every core helper with the DSL. Declared helpers (see `declareHelper`) get their
 * DSL signature from their definition (`specOfDefinition`); the composition helpers, which
 * are not declared (they keep no state and take any number of signals), are listed here:
 * - `mix (a) (b) …` → `mix(input, a, b, …)`;
 * - `range lo hi`, `mul factor`, `add offset` → `range(input, lo, hi)` and so on.
 * Importing this module fills the shared registry.
 * @module
 */

import { add, mix, mul, range } from "../helpers/mod.ts";
import { declaredHelpers, factoryOf } from "../helpers/declare_helper.ts";
import { specOfDefinition } from "./definition_spec.ts";
import { type HelperRegistry, helperRegistry } from "./registry.ts";

/**
 * Adds the core helpers to a registry.
 *
 * @param registry Where to add them.
 */
export function installBuiltins(registry: HelperRegistry): void {
  for (const def of declaredHelpers()) {
    registry.define(def.name, factoryOf(def), specOfDefinition(def));
  }
  const input = { name: "input", kind: "signal" } as const;
  registry.define("mix", mix, {
    params: [input],
    rest: { name: "signals", kind: "signal" },
    summary: "Sums signals (mono ones are added to every channel)",
  });
  registry.define("range", range, {
    params: [input, { name: "lo", kind: "any" }, { name: "hi", kind: "any" }],
    options: false,
    summary: "Maps a -1..1 signal onto lo..hi",
  });
  registry.define("mul", mul, {
    params: [input, { name: "factor", kind: "any" }],
    options: false,
    summary: "Multiplies by a factor (a VCA when the factor is a signal)",
  });
  registry.define("add", add, {
    params: [input, { name: "offset", kind: "any" }],
    options: false,
    summary: "Adds an offset",
  });
}

installBuiltins(helperRegistry);
