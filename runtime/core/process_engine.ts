/**
 * The process-wide engine and the active one: `engine()` is the engine a process plays
 * through (kept on `globalThis`, so every re-imported session finds the same one), and
 * `activeEngine()` the one the plain functions (`register`, `lel`, …) talk to right now: the
 * engine a session load or a REPL block was given, else the process engine.
 * @module
 */

import { type Engine, newProcessEngine } from "./engine.ts";
import type { EngineOptions } from "./engine_config.ts";

const ENGINE = Symbol.for("lel.engine");
type EngineGlobal = typeof globalThis & { [ENGINE]?: Engine };

/**
 * The process-wide engine every module function talks to (kept on `globalThis`, so a
 * re-imported session finds the same one). Created with defaults on first use.
 *
 * @returns The engine.
 */
export function engine(): Engine {
  const g = globalThis as EngineGlobal;
  return g[ENGINE] ??= newProcessEngine({});
}

const ACTIVE = Symbol.for("lel.activeEngine");
type ActiveGlobal = typeof globalThis & { [ACTIVE]?: Engine };

/**
 * The engine that `register()`, `lel` and the other plain functions talk to now: the one a
 * session load or a REPL block runs against (see {@linkcode setActiveEngine}), else the
 * process engine.
 *
 * @returns The engine.
 */
export function activeEngine(): Engine {
  return (globalThis as ActiveGlobal)[ACTIVE] ?? engine();
}

/**
 * Makes `e` the engine the plain functions talk to (a session loading into a private engine
 * sets it for the load), or goes back to the process engine with `undefined`.
 *
 * @param e The engine, or undefined.
 * @returns The one that was active before (to restore it).
 */
export function setActiveEngine(e: Engine | undefined): Engine | undefined {
  const g = globalThis as ActiveGlobal;
  const previous = g[ACTIVE];
  g[ACTIVE] = e;
  return previous;
}

/**
 * Runs `fn` with `e` as the active engine, and restores the one that was active before
 * (also when `fn` throws or its promise rejects).
 *
 * @param e The engine.
 * @param fn The work (a load, a REPL block).
 * @returns What `fn` returns.
 */
export async function withActiveEngine<T>(e: Engine, fn: () => Promise<T> | T): Promise<T> {
  const previous = setActiveEngine(e);
  try {
    return await fn();
  } finally {
    setActiveEngine(previous);
  }
}

/**
 * Replaces the process-wide engine (before a session loads, e.g. to set the sample rate).
 * The old one's signals are released.
 *
 * @param options Settings for the new engine.
 * @returns The new engine.
 */
export function resetEngine(options: EngineOptions = {}): Engine {
  const g = globalThis as EngineGlobal;
  const old = g[ENGINE];
  if (old !== undefined) old.dispose();
  const next = newProcessEngine(options);
  g[ENGINE] = next;
  return next;
}
