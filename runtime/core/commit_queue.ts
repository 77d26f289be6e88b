/**
 * An engine's transactions over time: the one open now (at most one), the committed ones
 * waiting for their beat or bar line when commits are quantised, and the quantisation mode.
 * @module
 */

import {
  type CommitReport,
  openTransaction,
  type QuantMode,
  type Transaction,
  type TransactionOptions,
} from "./transaction.ts";
import type { Transport } from "./transport.ts";

/** The open transaction and the commits waiting for their frame. */
export class CommitQueue {
  #tx: Transaction | undefined;
  /** Committed transactions waiting for their frame, oldest first. */
  #pending: { frame: number; tx: Transaction }[] = [];
  #quant: QuantMode = "off";

  /** The open transaction, if any. */
  get open(): Transaction | undefined {
    return this.#tx;
  }

  /**
   * Opens a transaction.
   *
   * @param options Its origin and whether it replaces that origin's other signals.
   * @throws {TypeError} When one is already open.
   */
  begin(options: TransactionOptions): void {
    if (this.#tx !== undefined) {
      throw new TypeError(
        "Cannot begin a transaction: one is already open; commit or abort it first",
      );
    }
    this.#tx = openTransaction(options);
  }

  /**
   * Closes the open transaction and hands it over (to commit or abort).
   *
   * @param verb What is being done, for the message.
   * @returns The transaction.
   * @throws {TypeError} When none is open.
   */
  take(verb: string): Transaction {
    const tx = this.#tx;
    if (tx === undefined) {
      throw new TypeError(`Cannot ${verb}: no transaction is open; call begin() first`);
    }
    this.#tx = undefined;
    return tx;
  }

  /** When commits take effect: `off`, `beat` or `bar`. */
  get quant(): QuantMode {
    return this.#quant;
  }

  set quant(mode: QuantMode) {
    if (mode !== "off" && mode !== "beat" && mode !== "bar") {
      throw new RangeError(
        `Cannot quantise commits: the mode must be 'off', 'beat' or 'bar', got ${String(mode)}`,
      );
    }
    this.#quant = mode;
  }

  /**
   * Where a commit made now lands: now, or the next beat or bar line.
   *
   * @param now The engine frame.
   * @param transport The engine's transport.
   * @param sampleRate The engine's sample rate, in Hz.
   * @returns The frame, and for a commit that waits for a line, the report's `at`: the
   *   frame, time, beat and bar, the grid it was quantised to and the 0-based index of the
   *   line on it (bar 4 is the fifth bar).
   */
  landing(
    now: number,
    transport: Transport,
    sampleRate: number,
  ): { frame: number; at?: NonNullable<CommitReport["at"]> } {
    const quant = this.#quant;
    if (quant === "off" || now === 0) return { frame: now };
    const { frame, line } = transport.nextGridLine(
      now,
      quant === "bar" ? transport.beatsPerBar : 1,
    );
    if (frame <= now) return { frame: now };
    const { beat, bar } = transport.state(frame);
    return { frame, at: { frame, time: frame / sampleRate, beat, bar, quant, line } };
  }

  /**
   * Keeps a committed transaction until rendering reaches its frame.
   *
   * @param frame Where it takes effect.
   * @param tx The transaction.
   */
  schedule(frame: number, tx: Transaction): void {
    this.#pending.push({ frame, tx });
  }

  /** Commits waiting. */
  get waiting(): number {
    return this.#pending.length;
  }

  /** The frame of the next waiting commit, or Infinity. */
  get nextFrame(): number {
    return this.#pending[0]?.frame ?? Infinity;
  }

  /**
   * Takes the next waiting commit (its frame has come).
   *
   * @returns The transaction.
   */
  next(): Transaction {
    return this.#pending.shift()!.tx;
  }

  /**
   * Takes every waiting commit (the engine is disposed of).
   *
   * @returns Their transactions.
   */
  drain(): Transaction[] {
    return this.#pending.splice(0).map((p) => p.tx);
  }
}
