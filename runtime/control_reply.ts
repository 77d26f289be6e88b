/**
 * The control server's words: the reply to a client for an evaluated block, and the line the
 * live status log shows for it.
 * @module
 */

import type { LevelStats } from "./engine.ts";
import type { EvalOutcome } from "./repl_eval.ts";
import { formatDb } from "./status.ts";

const MAX_LISTED_SIGNALS = 12;

/**
 * The reply for an evaluated block: `ok` and a one-line summary, or `error: line:col: …` and
 * a caret frame.
 *
 * @param outcome What the evaluation did.
 * @param now The engine's signals now (those the block removed are left out) and the master
 *   level to report, if known.
 * @returns The reply text (no trailing newline).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const report = { kept: ["pad"], added: ["bass"], removed: [], helpers: {} };
 * assert.equal(
 *   formatReply({ kind: "ok", language: "dsl", report, actions: [], time: 1 }, {
 *     master: { peak: 0.5, rms: 0.3 },
 *     signals: [{ name: "pad", status: "playing" }, { name: "bass", status: "fading" }],
 *   }),
 *   "ok new bass; kept pad · signals: pad, bass · master -6.0 dBFS",
 * );
 * ```
 */
export function formatReply(
  outcome: EvalOutcome,
  now: { master?: LevelStats; signals: readonly { name: string; status: string }[] },
): string {
  if (outcome.kind === "error") return `error: ${outcome.error.format()}`;
  const { master, signals } = now;
  const removed = new Set(outcome.report.removed);
  const staying = signals.filter((s) => !removed.has(s.name));
  const shown = staying.slice(0, MAX_LISTED_SIGNALS).map((s) =>
    s.status === "muted" || s.status === "faulted" ? `${s.name} (${s.status})` : s.name
  );
  if (staying.length > MAX_LISTED_SIGNALS) {
    shown.push(`+${staying.length - MAX_LISTED_SIGNALS} more`);
  }
  const parts = [`ok ${describeChanges(outcome)}`, `signals: ${shown.join(", ") || "none"}`];
  if (master !== undefined) parts.push(`master ${formatDb(master.peak)} dBFS`);
  return parts.join(" · ");
}

function describeChanges(outcome: EvalOutcome & { kind: "ok" }): string {
  const { report, actions } = outcome;
  const parts: string[] = [];
  if (report.added.length > 0) parts.push(`new ${report.added.join(", ")}`);
  if (report.kept.length > 0) parts.push(`kept ${report.kept.join(", ")}`);
  if (report.removed.length > 0) parts.push(`removed ${report.removed.join(", ")}`);
  parts.push(...actions);
  return parts.length === 0 ? "no change" : parts.join("; ");
}

/**
 * The live status log's line for an evaluated block.
 *
 * @param outcome What the evaluation did.
 * @returns E.g. `repl: new bass (dsl) at 12.345 s`.
 */
export function describeForLog(outcome: EvalOutcome): string {
  if (outcome.kind === "error") {
    return `repl: error ${outcome.error.format().split("\n")[0]} (nothing changed)`;
  }
  return `repl: ${describeChanges(outcome)} (${outcome.language}) at ${outcome.time.toFixed(3)} s`;
}
