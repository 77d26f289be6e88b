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
