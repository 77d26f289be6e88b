/**
 * What `Engine.register` takes besides the signal: where it was written and the build scope
 * whose helpers it owns; and the checks of its name and signal.
 * @module
 */

import type { BuildScope } from "./build_scope.ts";
import type { SourceLocation } from "./diagnostics/location.ts";
import type { Param, Signal } from "./signal.ts";
import { asSignal } from "./signal_tag.ts";

/** Options for `Engine.register`. */
export interface RegisterOptions {
  /** Where the signal is defined, for fault reports. @default {the caller's line} */
  site?: SourceLocation;
  /**
   * The build scope whose helpers the signal may own (the DSL passes each line's).
   * @default {the current build scope}
   */
  scope?: BuildScope;
}

/**
 * Checks a register's name and signal, and lifts a constant to a signal.
 *
 * @param name The signal's name (non-empty).
 * @param signal A signal function or a number.
 * @returns The signal.
 * @throws {TypeError} On an empty name or a signal that is neither.
 */
export function registeredSignal(name: string, signal: Param): Signal {
  if (typeof name !== "string" || name.trim() === "") {
    throw new TypeError(
      `Cannot register: the signal name must be a non-empty string, got ${String(name)}`,
    );
  }
  if (typeof signal !== "function" && typeof signal !== "number") {
    throw new TypeError(
      `Cannot register '${name}': expected a signal function (s) => number or a number, got ${typeof signal}`,
    );
  }
  return asSignal(signal);
}
