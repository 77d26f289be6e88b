/**
 * The control server's words: the reply to a client for an evaluated block, how a client reads
 * one back, and the line the live status log shows for it.
 *
 * A reply's first line is its status: `ok <summary>`, or `error: …` (then, for a mistake in the
 * block, a caret frame). Then come what the block printed through `console`, one `> ` line per
 * line (`! ` for `console.error` and `console.warn`), and its value, `= ` lines. A signal of
 * the block that faulted in its first moments of audio makes the status an `error:` too, though
 * the block was applied.
 * @module
 */

import type { Fault } from "../core/engine.ts";
import type { LevelStats } from "../core/voice_table.ts";
import { codeFrame } from "../core/diagnostics/code_frame.ts";
import type { EvalOutcome, OutputLine } from "./repl_eval.ts";
import { formatDb } from "../live/status.ts";

const MAX_LISTED_SIGNALS = 12;

/** What a reply holds, as a client reads it. */
export interface Reply {
  /** Whether the block was applied and all its signals play. */
  ok: boolean;
  /** The status line, and the caret frame under an error. */
  status: string;
  /** What the block printed. */
  output: OutputLine[];
  /** Its value, when it had one. */
  value: string | undefined;
}

/** What the server knows beside the outcome when it replies. */
export interface ReplyContext {
  /** The master level to report. */
  master?: LevelStats;
  /** The engine's signals now (those the block removed are left out). */
  signals: readonly { name: string; status: string }[];
  /** Faults of the block's signals right after its commit. @default {none} */
  faults?: readonly Fault[];
  /** The block, for a caret frame under a fault's place. @default {no frame} */
  block?: string;
}

/**
 * The reply for an evaluated block.
 *
 * @param outcome What the evaluation did.
 * @param now Signals, master level and faults right after it.
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
 * const none = { kept: [], added: [], removed: [], helpers: {} };
 * const out = [{ stream: "out" as const, text: "hi" }];
 * assert.equal(
 *   formatReply(
 *     { kind: "ok", language: "ts", report: none, actions: [], time: 1, output: out, value: "3" },
 *     { signals: [] },
 *   ),
 *   "ok no change · signals: none\n> hi\n= 3",
 * );
 * ```
 */
export function formatReply(outcome: EvalOutcome, now: ReplyContext): string {
  const tail = [
    ...(outcome.output ?? []).map((l) => `${l.stream === "out" ? ">" : "!"} ${l.text}`),
  ];
  if (outcome.kind === "ok" && outcome.value !== undefined) {
    tail.push(...outcome.value.split("\n").map((l) => `= ${l}`));
  }
  const status = outcome.kind === "error"
    ? `error: ${outcome.error.format()}`
    : (now.faults ?? []).length > 0
    ? faultStatus(outcome, now.faults!, now.block)
    : okStatus(outcome, now);
  return [status, ...tail].join("\n");
}

function okStatus(outcome: EvalOutcome & { kind: "ok" }, now: ReplyContext): string {
  const removed = new Set(outcome.report.removed);
  const staying = now.signals.filter((s) => !removed.has(s.name));
  const shown = staying.slice(0, MAX_LISTED_SIGNALS).map((s) =>
    s.status === "muted" || s.status === "faulted" ? `${s.name} (${s.status})` : s.name
  );
  if (staying.length > MAX_LISTED_SIGNALS) {
    shown.push(`+${staying.length - MAX_LISTED_SIGNALS} more`);
  }
  const parts = [`ok ${describeChanges(outcome)}`, `signals: ${shown.join(", ") || "none"}`];
  if (now.master !== undefined) parts.push(`master ${formatDb(now.master.peak)} dBFS`);
  return parts.join(" · ");
}

/** One `error:` line per faulted signal (located in the block when it can be), then a frame. */
function faultStatus(
  outcome: EvalOutcome & { kind: "ok" },
  faults: readonly Fault[],
  block: string | undefined,
): string {
  const lines: string[] = [];
  let frame = "";
  for (const fault of faults) {
    const at = /^<repl>:(\d+):(\d+)$/.exec(fault.location ?? "");
    const where = at === null ? "" : `${at[1]}:${at[2]}: `;
    if (at !== null && frame === "" && block !== undefined) {
      frame = codeFrame(block, Number(at[1]), Number(at[2]));
    }
    const elsewhere = at === null && fault.location !== undefined ? ` (${fault.location})` : "";
    lines.push(
      `error: ${where}Signal '${fault.signal}' ${fault.reason}${elsewhere} as soon as it played; ` +
        `it is muted until it is registered again (the block was applied: ` +
        `${describeChanges(outcome)})`,
    );
  }
  return [lines[0], ...(frame === "" ? [] : [frame]), ...lines.slice(1)].join("\n");
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
 * Reads a reply: its status, output and value.
 *
 * @param text The whole reply.
 * @returns Its parts.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseReply("ok no change · signals: none\n> hi\n! oops\n= 3"), {
 *   ok: true,
 *   status: "ok no change · signals: none",
 *   output: [{ stream: "out", text: "hi" }, { stream: "err", text: "oops" }],
 *   value: "3",
 * });
 * assert.equal(parseReply("error: 1:1: x\n1 | y\n  | ^").status, "error: 1:1: x\n1 | y\n  | ^");
 * ```
 */
export function parseReply(text: string): Reply {
  const status: string[] = [];
  const output: OutputLine[] = [];
  const value: string[] = [];
  text.split("\n").forEach((line, i) => {
    if (i > 0 && line.startsWith("> ")) output.push({ stream: "out", text: line.slice(2) });
    else if (i > 0 && line.startsWith("! ")) output.push({ stream: "err", text: line.slice(2) });
    else if (i > 0 && line.startsWith("= ")) value.push(line.slice(2));
    else status.push(line);
  });
  const first = status[0] ?? "";
  return {
    ok: first === "ok" || first.startsWith("ok "),
    status: status.join("\n"),
    output,
    value: value.length === 0 ? undefined : value.join("\n"),
  };
}

/**
 * The live status log's line for an evaluated block.
 *
 * @param outcome What the evaluation did.
 * @param faults Faults of its signals right after the commit.
 * @returns E.g. `repl: new bass (dsl) at 12.345 s`.
 */
export function describeForLog(outcome: EvalOutcome, faults: readonly Fault[] = []): string {
  if (outcome.kind === "error") {
    return `repl: error ${outcome.error.format().split("\n")[0]} (nothing changed)`;
  }
  const faulted = faults.length === 0
    ? ""
    : `; faulted at once: ${[...new Set(faults.map((f) => f.signal))].join(", ")}`;
  return `repl: ${describeChanges(outcome)} (${outcome.language}) at ${
    outcome.time.toFixed(3)
  } s${faulted}`;
}
