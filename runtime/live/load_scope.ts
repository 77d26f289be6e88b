/**
 * Which session load a call into lel comes from, so a load that was abandoned (it timed out
 * on a top-level `await` that never settled, or it failed) cannot act later: when its code
 * resumes and calls `register()`, the call is ignored with a logged line instead of landing in
 * a later load's transaction or straight in the engine. The session gives each load its own
 * copy of lel's exports (see {@linkcode scopedExports}) with the signal-changing functions
 * wrapped; the REPL does the same per block in `repl_scope.ts`.
 * @module
 */

import { logger } from "../core/log.ts";

/** Exports that change what plays; a call from an ended load is ignored. */
export const GUARDED_EXPORTS: ReadonlySet<string> = new Set([
  "register",
  "unregister",
  "clear",
  "lel",
  "registerProgram",
  "mute",
  "unmute",
  "solo",
  "tempo",
  "quant",
  "masterGain",
]);

/** One load's permission to change what plays. */
export class LoadScope {
  /** Shown in the log line for an ignored call, e.g. `song.lel.ts (load 7)`. */
  readonly label: string;
  #state: "running" | "kept" | "ended" = "running";

  /** @param label Which load this is, for messages. */
  constructor(label: string) {
    this.label = label;
  }

  /** Whether calls are still honoured. */
  get open(): boolean {
    return this.#state !== "ended";
  }

  /** The load committed: its code may keep calling (timers, callbacks) until the next load. */
  keep(): void {
    if (this.#state === "running") this.#state = "kept";
  }

  /** The load failed, timed out or was replaced: every later call is ignored. */
  end(): void {
    this.#state = "ended";
  }
}

const ids = new Map<number, LoadScope>();
let nextId = 0;

/**
 * Registers a scope so generated modules can find it by number.
 *
 * @param scope The load's scope.
 * @returns Its number, to pass to {@linkcode scopedExportsById}.
 */
export function scopeId(scope: LoadScope): number {
  const id = ++nextId;
  ids.set(id, scope);
  return id;
}

/**
 * Forgets a scope number once nothing generated for it can still run (it was ended).
 *
 * @param id A number from {@linkcode scopeId}.
 */
export function releaseScopeId(id: number): void {
  ids.delete(id);
}

/**
 * A copy of a module's exports whose signal-changing functions check the load first.
 *
 * @param exports The module namespace (lel's own module).
 * @param scope The load the copy is for.
 * @returns A plain object with the same keys; guarded functions do nothing (and log once per
 *   name) after the scope ended.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { setLogger, SILENT_LOGGER } from "@lel/lel";
 * const calls: string[] = [];
 * const scope = new LoadScope("test");
 * const api = scopedExports({ register: (n: string) => calls.push(n), pi: 3 }, scope);
 * api.register("a");
 * scope.end();
 * const previous = setLogger(SILENT_LOGGER);
 * api.register("b"); // ignored, with a logged line
 * setLogger(previous);
 * assert.deepEqual(calls, ["a"]);
 * assert.equal(api.pi, 3);
 * ```
 */
export function scopedExports<T extends Record<string, unknown>>(exports: T, scope: LoadScope): T {
  const copy: Record<string, unknown> = {};
  const warned = new Set<string>();
  for (const key of Object.keys(exports)) {
    const value = exports[key];
    if (!GUARDED_EXPORTS.has(key) || typeof value !== "function") {
      copy[key] = value;
      continue;
    }
    copy[key] = function (this: unknown, ...args: unknown[]) {
      if (scope.open) return Reflect.apply(value, this, args);
      if (!warned.has(key)) {
        warned.add(key);
        logger().error(
          `lel: ${scope.label} called ${key}() after that load ended (timed out or failed); ignored`,
        );
      }
      return key === "lel" || key === "registerProgram" ? { names: [] } : undefined;
    };
  }
  return copy as T;
}

/**
 * {@linkcode scopedExports} for a scope registered with {@linkcode scopeId} (what a generated
 * module calls).
 *
 * @param exports The module namespace.
 * @param id The scope's number.
 * @returns The guarded copy (an ended scope when the number is unknown).
 */
export function scopedExportsById<T extends Record<string, unknown>>(exports: T, id: number): T {
  const scope = ids.get(id) ?? ended;
  return scopedExports(exports, scope);
}

const ended = new LoadScope("an ended load");
ended.end();
