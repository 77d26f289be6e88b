/**
 * The reload report `live` prints after each commit: one short line per signal.
 * @module
 */

import type { CommitReport } from "../core/transaction.ts";

/**
 * The reload report: one short line per signal.
 *
 * @param report What a commit did.
 * @returns Lines like `  drone   kept  (3 kept, 1 reset: lpf_0 size changed)`.
 */
export function describeCommit(report: CommitReport): string[] {
  const lines: string[] = [];
  const width = Math.max(
    0,
    ...[...report.kept, ...report.added, ...report.removed].map((n) => n.length),
  );
  const helperText = (name: string): string => {
    const changes = report.helpers[name] ?? [];
    const kept = changes.filter((c) => c.change === "kept").length;
    const parts: string[] = [];
    if (kept > 0) parts.push(`${kept} kept`);
    const listed = (kind: "new" | "reset" | "removed") => {
      const items = changes.filter((c) => c.change === kind);
      if (items.length === 0) return;
      parts.push(
        `${items.length} ${kind}: ${
          items.map((c) => c.reason ? `${c.key} (${c.reason})` : c.key).join(", ")
        }`,
      );
    };
    listed("new");
    listed("reset");
    listed("removed");
    return parts.length === 0 ? "" : `  helpers ${parts.join("; ")}`;
  };
  for (const name of report.kept) lines.push(`  ${name.padEnd(width)}  kept${helperText(name)}`);
  for (const name of report.added) lines.push(`  ${name.padEnd(width)}  new`);
  for (const name of report.removed) lines.push(`  ${name.padEnd(width)}  removed`);
  return lines;
}

/**
 * When a quantised commit takes effect, for the reload line: the beat or bar line the engine
 * quantised it to (counted from 1, as a musician counts bars), and how long until then.
 *
 * @param report What the commit did.
 * @param now The engine time of the commit, in seconds.
 * @returns `, applied at bar 5 (in 1.25 s)`, or "" for a commit that took effect at once.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const at = { frame: 96000, time: 2, beat: 4, bar: 1, quant: "bar" as const, line: 1 };
 * const report = { kept: [], added: [], removed: [], helpers: {}, at };
 * assert.equal(describeLanding(report, 1.3), ", applied at bar 2 (in 0.70 s)");
 * ```
 */
export function describeLanding(report: CommitReport, now: number): string {
  const at = report.at;
  if (at === undefined) return "";
  return `, applied at ${at.quant} ${at.line + 1} (in ${(at.time - now).toFixed(2)} s)`;
}
