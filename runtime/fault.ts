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
  if (error instanceof Error) return `threw ${error.name}: ${error.message}`;
  return `threw ${String(error)}`;
}

/**
 * The reason part of a fault report for a bad frame.
 *
 * @param v The frame that stopped the signal.
 * @returns `NaN`, `Infinity`, or `a runaway value 1.23e+6 (beyond ±1e+6)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(describeBad(NaN), "NaN");
 * assert.equal(describeBad([0, -Infinity]), "-Infinity");
 * ```
 */
export function describeBad(v: Frame): string {
  const values = typeof v === "number" ? [v] : Array.from(v);
  const bad = values.find((x) => !(x <= RUNAWAY_LIMIT && x >= -RUNAWAY_LIMIT));
  if (bad === undefined || typeof bad !== "number") return `a non-number frame (${String(bad)})`;
  if (Number.isNaN(bad)) return "NaN";
  if (!Number.isFinite(bad)) return `${bad}`;
  return `a runaway value ${bad.toExponential(2)} (beyond ±${RUNAWAY_LIMIT.toExponential(0)})`;
}
