/**
 * Engine transactions: what a reload, a REPL block or `begin()` stages (bindings whose state is
 * already claimed, removals, a tempo) until its commit applies them together at a block
 * boundary, or its abort releases them; and the report of what a commit changes.
 * @module
 */

import { type Binding, type HelperChange, helperChanges, unbind } from "./binding.ts";
import type { SignalStateTable } from "./signal_state.ts";
import type { TempoOptions } from "./transport.ts";
import type { Voice } from "./voice.ts";

/** When commits take effect: at once, or at the next beat or bar line. */
export type QuantMode = "off" | "beat" | "bar";

/** What a commit did, signal by signal. */
export interface CommitReport {
  /** Signals that were playing and were registered again (their state kept). */
  kept: string[];
  /** Signals that start now. */
  added: string[];
  /** Signals that fade out now. */
  removed: string[];
  /** Per kept or added signal, what happened to each of its helpers' state. */
  helpers: Record<string, HelperChange[]>;
  /**
   * For a quantised commit, when it takes effect: the engine frame and time, the beat and bar
   * there (fractional: the first frame at or past the line), the grid it was quantised to and
   * the 0-based index of its line on that grid (`quant: "bar", line: 4` is the fifth bar).
   * Absent when it took effect at once.
   */
  at?: {
    frame: number;
    time: number;
    beat: number;
    bar: number;
    quant: "beat" | "bar";
    line: number;
  };
}

/** Options for `Engine.begin`. */
export interface TransactionOptions {
  /** Origin recorded on the signals this transaction registers. @default {"api"} */
  origin?: string;
  /**
   * Remove, at commit, signals of the same origin that the transaction did not register
   * (a file reload replaces what the previous version of that file registered).
   * @default {false}
   */
  replaceOrigin?: boolean;
}

/** An open (or committed, waiting) transaction. */
export interface Transaction {
  readonly origin: string;
  readonly replaceOrigin: boolean;
  /** A tempo the transaction set, applied at its commit. */
  tempo: { bpm: number; options: TempoOptions } | undefined;
  staged: Map<string, Binding>;
  removed: Set<string>;
  /** Signals registered again with the very function that plays (kept as they are). */
  same: Set<string>;
  clearAll: boolean;
}

/**
 * A new, empty transaction.
 *
 * @param options Origin and whether to replace that origin's other signals.
 * @returns The transaction.
 */
export function openTransaction(options: TransactionOptions): Transaction {
  return {
    origin: options.origin ?? "api",
    replaceOrigin: options.replaceOrigin ?? false,
    staged: new Map(),
    removed: new Set(),
    same: new Set(),
    clearAll: false,
    tempo: undefined,
  };
}

/**
 * Releases what a transaction staged (its bindings' state) and forgets it.
 *
 * @param tx The transaction.
 * @param states The engine's signal state table.
 */
export function releaseStaged(tx: Transaction, states: SignalStateTable): void {
  for (const binding of tx.staged.values()) unbind(binding, states);
  tx.staged.clear();
}

/**
 * Stages a new generation of a signal (replacing one staged before).
 *
 * @param tx The transaction.
 * @param binding The generation, its state bound.
 * @param states The engine's signal state table.
 */
export function stage(tx: Transaction, binding: Binding, states: SignalStateTable): void {
  const previous = tx.staged.get(binding.name);
  if (previous !== undefined) unbind(previous, states);
  tx.staged.set(binding.name, binding);
  tx.removed.delete(binding.name);
  tx.same.delete(binding.name);
}

/**
 * Stages keeping a signal exactly as it plays (it was registered again with its own function).
 *
 * @param tx The transaction.
 * @param name The signal.
 * @param states The engine's signal state table.
 */
export function stageSame(tx: Transaction, name: string, states: SignalStateTable): void {
  const staged = tx.staged.get(name);
  if (staged !== undefined) unbind(staged, states);
  tx.staged.delete(name);
  tx.removed.delete(name);
  tx.same.add(name);
}

/**
 * Stages removing a signal.
 *
 * @param tx The transaction.
 * @param name The signal.
 * @param playing Whether it plays now.
 * @param states The engine's signal state table.
 * @returns Whether there was anything to remove (staged or playing).
 */
export function stageRemoval(
  tx: Transaction,
  name: string,
  playing: boolean,
  states: SignalStateTable,
): boolean {
  const staged = tx.staged.get(name);
  if (staged !== undefined) {
    unbind(staged, states);
    tx.staged.delete(name);
  }
  tx.same.delete(name);
  const live = playing && !tx.clearAll;
  if (live) tx.removed.add(name);
  return staged !== undefined || live;
}

/**
 * Stages `clear()`: everything staged so far is dropped, and every signal playing goes.
 *
 * @param tx The transaction.
 * @param states The engine's signal state table.
 */
export function stageClear(tx: Transaction, states: SignalStateTable): void {
  releaseStaged(tx, states);
  tx.removed.clear();
  tx.same.clear();
  tx.clearAll = true;
}

/**
 * Whether committing `tx` removes a voice that it did not register again.
 *
 * @param tx The transaction.
 * @param voice A voice playing now.
 * @returns True for `clear()`, an unregister, or another signal of a replaced origin.
 */
export function drops(tx: Transaction, voice: Voice): boolean {
  return tx.clearAll || tx.removed.has(voice.name) ||
    (tx.replaceOrigin && voice.origin === tx.origin);
}

/**
 * At a commit, marks the voices `tx` removes (they fade out) and gives the ones it kept as
 * they were its origin.
 *
 * @param tx The transaction.
 * @param voices The engine's voices by name.
 */
export function markRemovals(tx: Transaction, voices: ReadonlyMap<string, Voice>): void {
  for (const voice of voices.values()) {
    if (tx.same.has(voice.name) && !voice.removing) {
      voice.origin = tx.origin;
      continue;
    }
    if (tx.staged.has(voice.name) || voice.removing) continue;
    if (drops(tx, voice)) voice.removing = true;
  }
}

/**
 * What a commit of `tx` does, signal by signal (nothing changes yet).
 *
 * @param tx The transaction.
 * @param voices The engine's voices by name.
 * @param namespace The engine's prefix of helper keys (left out of the report).
 * @returns The report.
 */
export function commitReport(
  tx: Transaction,
  voices: ReadonlyMap<string, Voice>,
  namespace: string,
): CommitReport {
  const report: CommitReport = { kept: [], added: [], removed: [], helpers: {} };
  for (const voice of voices.values()) {
    if (tx.same.has(voice.name) && !voice.removing) {
      report.kept.push(voice.name);
      const prefix = `${namespace}${voice.name}_`;
      report.helpers[voice.name] = voice.binding.scope.blocks.map((b) => ({
        key: b.key.startsWith(prefix) ? b.key.slice(prefix.length) : b.key,
        change: "kept",
      }));
      continue;
    }
    if (tx.staged.has(voice.name) || voice.removing) continue;
    if (drops(tx, voice)) report.removed.push(voice.name);
  }
  for (const binding of tx.staged.values()) {
    const existed = voices.get(binding.name);
    const live = existed !== undefined && !existed.removing && !existed.faulted;
    (live ? report.kept : report.added).push(binding.name);
    const previous = existed !== undefined && !existed.removing ? existed.binding : undefined;
    report.helpers[binding.name] = helperChanges(previous, binding, namespace);
  }
  return report;
}
