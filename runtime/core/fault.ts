/**
 * Faults: what the engine reports when a signal throws or misbehaves.
 * @module
 */

import { RUNAWAY_LIMIT } from "./runner.ts";
import type { Frame } from "./signal.ts";

/** A signal muted for misbehaving. */
export interface Fault {
  /** Signal name. */
  signal: string;
  /** What happened, e.g. `threw TypeError: …` or `produced NaN`. */
  reason: string;
  /** Where, when known: the throwing line or the register call. */
  location: string | undefined;
  /** Engine time of the fault, in seconds. */
  time: number;
  /** The one-line report. */
  message: string;
}

/**
 * The reason part of a fault report for an exception.
 *
 * @param error What the signal threw.
 * @returns E.g. `threw TypeError: x is not a function`.
 */
export function describeThrow(error: unknown): string {
  // A modulator's bad value is the signal's fault, not a throw of its code: say what it was.
  if (error instanceof Error && error.name === "ModulatorError") return error.message;
  if (error instanceof Error) return `threw ${error.name}: ${error.message}`;
  return `threw ${String(error)}`;
}

/**
 * The reason part of a fault report for a bad frame.
 *
 * @param v The frame that stopped the signal.
 * @returns `produced NaN`, `produced Infinity`, `produced a runaway value 1.23e+6 (beyond
 *   ±1e+6)`, or `returned undefined instead of a number …` for a frame that is not one.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(describeBad(NaN), "produced NaN");
 * assert.equal(describeBad([0, -Infinity]), "produced -Infinity");
 * assert.match(describeBad(undefined as never), /^returned undefined/);
 * ```
 */
export function describeBad(v: Frame): string {
  if (v == null || (typeof v !== "number" && typeof (v as ArrayLike<number>).length !== "number")) {
    return `returned ${
      String(v)
    } instead of a number or an array of numbers (does the function forget to return?)`;
  }
  const values = typeof v === "number" ? [v] : Array.from(v);
  const bad = values.find((x) => !(x <= RUNAWAY_LIMIT && x >= -RUNAWAY_LIMIT));
  if (bad === undefined || typeof bad !== "number") {
    return `produced a non-number frame (${String(bad)})`;
  }
  if (Number.isNaN(bad)) return "produced NaN";
  if (!Number.isFinite(bad)) return `produced ${bad}`;
  return `produced a runaway value ${bad.toExponential(2)} (beyond ±${
    RUNAWAY_LIMIT.toExponential(0)
  })`;
}
