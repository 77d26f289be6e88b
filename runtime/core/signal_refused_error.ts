/**
 * The error a commit throws when one of its new signals misbehaved in the shadow render.
 * @module
 */

import { LocatedError } from "./diagnostics/located_error.ts";
import type { SourceLocation } from "./diagnostics/location.ts";

/**
 * A commit refused because a new signal went wrong in the shadow render (NaN, ±Infinity, a
 * runaway value or a throw in its first moments): nothing of the transaction was applied.
 * Carries where the signal was written, so a session shows it with a caret frame.
 */
export class SignalRefusedError extends LocatedError {
  /** The signal that went wrong. */
  readonly signal: string;

  /**
   * Creates the error for one signal; its message reads `Signal '<signal>' <what>`.
   *
   * @param signal The signal's name.
   * @param what What it did, e.g. `produced NaN within 50 ms of starting; not applied: …`.
   * @param site Where it was written (or where it threw), when known.
   * @param cause What it threw, if it threw.
   */
  constructor(
    signal: string,
    what: string,
    site: SourceLocation | undefined,
    cause: unknown,
  ) {
    super(`Signal '${signal}' ${what}`, site, "", { cause });
    this.name = "SignalRefusedError";
    this.signal = signal;
  }
}
