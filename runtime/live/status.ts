/**
 * The live status display: one line redrawn in place on a terminal, or plain log lines when
 * stdout is not a terminal. Messages printed through it appear above the status line.
 * @module
 */

import type { LevelStats } from "../core/voice_table.ts";
import type { KnobInfo } from "../core/knobs.ts";
import { gainToDb } from "../../helpers/units.ts";

const ENCODER = new TextEncoder();
const METER_CELLS = 6;
const MAX_SHOWN_KNOBS = 4;

/** How long a knob set from outside stays on the status line, in ms. */
export const RECENT_KNOB_MS = 3000;
/** Knobs every MIDI note moves, left off the status line (`midinote` shows the note). */
const NOTE_KNOBS: ReadonlySet<string> = new Set(["midigate", "midivel", "midicount"]);

/** What the status line shows. */
export interface StatusSnapshot {
  /** Seconds the engine has played. */
  time: number;
  /** Peak and RMS of the master bus since the last snapshot (linear, 1 = full scale). */
  master: LevelStats;
  /** Per signal: its peak and RMS since the last snapshot, and its status (`playing`, `muted`…). */
  signals: Record<string, LevelStats & { status?: string }>;
  /** Render time over real time (0..1+). */
  load: number;
  /** Underruns since the start: late callbacks plus device underruns. */
  underruns: number;
  /** Saves that committed since the first load. */
  reloads: number;
  /** The last fault (`signal: reason`), cleared by the next commit; undefined when none. */
  lastError: string | undefined;
  /** Knobs that moved recently, most recent first. @default {none} */
  knobs?: readonly { name: string; value: number }[];
}

/**
 * A level in dBFS for display: `-inf` for silence, one decimal otherwise.
 *
 * @param level Linear amplitude.
 * @returns E.g. `-6.0`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(formatDb(0.5), "-6.0");
 * assert.equal(formatDb(0), "-inf");
 * ```
 */
export function formatDb(level: number): string {
  if (!(level > 0)) return "-inf";
  return gainToDb(level).toFixed(1);
}

/**
 * A knob value, short: `digits` significant digits, whole numbers from `10^digits` up.
 *
 * @param value In the knob's units.
 * @param digits Significant digits. @default {4}
 * @returns E.g. `1200`, `632.5`, `0.3333`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(formatKnobValue(1200), "1200");
 * assert.equal(formatKnobValue(632.4555), "632.5");
 * assert.equal(formatKnobValue(12543.85), "12544");
 * assert.equal(formatKnobValue(1 / 3, 6), "0.333333");
 * ```
 */
export function formatKnobValue(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= Math.pow(10, digits)) return String(Math.round(value));
  return String(Number(value.toPrecision(digits)));
}

/**
 * The defined knobs set from outside within the last `windowMs`, most recent first; `midigate`,
 * `midivel` and `midicount` are left out (every note moves them, and `midinote` shows the note),
 * and so is a name no session defines (nothing plays it).
 *
 * @param knobs From `listKnobs()`.
 * @param now `performance.now()`, in ms.
 * @param windowMs How far back. @default {RECENT_KNOB_MS}
 * @returns Name and value of each.
 */
export function recentKnobs(
  knobs: readonly KnobInfo[],
  now: number,
  windowMs = RECENT_KNOB_MS,
): { name: string; value: number }[] {
  return knobs
    .filter((k) =>
      k.defined && k.changedAt !== undefined && now - k.changedAt <= windowMs &&
      !NOTE_KNOBS.has(k.name)
    )
    .sort((a, b) => b.changedAt! - a.changedAt!)
    .map((k) => ({ name: k.name, value: k.value }));
}

/**
 * A small bar for a peak level: one cell per 10 dB from -60 dBFS up.
 *
 * @param level Linear peak.
 * @returns E.g. `████░░`.
 */
export function meter(level: number): string {
  const cells = Math.max(0, Math.min(METER_CELLS, Math.ceil((gainToDb(level) + 60) / 10)));
  return "█".repeat(cells) + "░".repeat(METER_CELLS - cells);
}

/**
 * The status text: time, master peak, load, underruns, reloads, each signal's meter, the knobs
 * that moved recently (four at most, then `+N`) and the last error.
 *
 * @param s What to show.
 * @returns One line (no newline).
 */
export function formatStatus(s: StatusSnapshot): string {
  const minutes = Math.floor(s.time / 60);
  const seconds = Math.floor(s.time % 60);
  const clock = `${String(minutes).padStart(2, "0")}:${String(seconds).padStart(2, "0")}`;
  const parts = [
    `▶ ${clock}`,
    `master ${formatDb(s.master.peak)} dB`,
    `load ${Math.round(s.load * 100)}%`,
    `underruns ${s.underruns}`,
    `reloads ${s.reloads}`,
  ];
  const voices = Object.entries(s.signals).map(([name, l]) =>
    l.status === "faulted"
      ? `${name} ✖`
      : l.status === "muted"
      ? `${name} (muted)`
      : `${name} ${meter(l.peak)}`
  );
  let line = parts.join("  ");
  if (voices.length > 0) line += "  │ " + voices.join("  ");
  const knobs = s.knobs ?? [];
  if (knobs.length > 0) {
    const shown = knobs.slice(0, MAX_SHOWN_KNOBS).map((k) =>
      `${k.name} ${formatKnobValue(k.value)}`
    );
    if (knobs.length > MAX_SHOWN_KNOBS) shown.push(`+${knobs.length - MAX_SHOWN_KNOBS}`);
    line += "  │ " + shown.join("  ");
  }
  if (s.lastError !== undefined) line += `  │ last error: ${s.lastError}`;
  return line;
}

/**
 * What `live` says after a failed load or when the session file is gone: whether something of
 * the session still plays (nothing does when no version ever loaded).
 *
 * @param event `failed` (the file did not load) or `gone` (the file was removed).
 * @param played Whether a version of the session ever committed.
 * @returns The note, e.g. `the previous version keeps playing`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(playingNote("failed", true), "the previous version keeps playing");
 * assert.match(playingNote("failed", false), /^nothing from this session is playing yet/);
 * ```
 */
export function playingNote(event: "failed" | "gone", played: boolean): string {
  if (event === "failed") {
    return played
      ? "the previous version keeps playing"
      : "nothing from this session is playing yet; fix the error and save";
  }
  return played
    ? "the last version keeps playing until it comes back"
    : "nothing from this session is playing yet; it loads once the file is back";
}

/** Underrun counters as last reported, for {@linkcode underrunLines}. */
export interface UnderrunCounts {
  /** Late buffers (lel's callback finished after its period began). */
  late: number;
  /** Render quanta the output's render thread delivered late. */
  device: number;
}

/** What {@linkcode underrunLines} reads: the output's counters (see `realtime.ts`). */
export interface UnderrunStats {
  /** Late buffers since the output opened. */
  underruns: number;
  /** The latest late buffer: when (output time, seconds) and how late (ms). */
  lastUnderrun: { time: number; lateMs: number } | undefined;
  /** Render quanta the output's render thread delivered late. */
  deviceUnderruns: number;
  /** Seconds of audio those quanta add up to. */
  deviceUnderrunSeconds: number;
}

/**
 * The log lines for underruns since the last report: one for late buffers (lel's main thread
 * was busy) and one for the output's own render thread missing its deadline.
 *
 * @param seen The counts already reported.
 * @param stats The output's counters now.
 * @param sink Which sink plays (`none`: nothing is audible, so a gap is only a figure).
 * @returns The lines (often none) and the counts to pass next time.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const stats = {
 *   underruns: 0,
 *   lastUnderrun: undefined,
 *   deviceUnderruns: 76,
 *   deviceUnderrunSeconds: 0.203,
 * };
 * const { lines, seen } = underrunLines({ late: 0, device: 0 }, stats, "none");
 * assert.equal(lines.length, 1);
 * assert.match(lines[0], /^lel: 76 device underruns \(203\.0 ms of audio/);
 * assert.deepEqual(underrunLines(seen, stats, "none").lines, []);
 * ```
 */
export function underrunLines(
  seen: UnderrunCounts,
  stats: UnderrunStats,
  sink: "default" | "none",
): { lines: string[]; seen: UnderrunCounts } {
  const lines: string[] = [];
  const late = stats.underruns - seen.late;
  if (late > 0 && stats.lastUnderrun !== undefined) {
    lines.push(
      `lel: ${late} late buffer${late === 1 ? "" : "s"}, the latest ${
        stats.lastUnderrun.lateMs.toFixed(1)
      } ms late at ${stats.lastUnderrun.time.toFixed(2)} s (lel's thread was busy past the ` +
        `buffer's slack: try a larger --latency)`,
    );
  }
  const device = stats.deviceUnderruns - seen.device;
  if (device > 0) {
    const advice = sink === "none"
      ? "nothing is audible on the null sink; a busy machine starves that thread"
      : "the machine is too busy for it: close what else is busy or try a larger --latency";
    lines.push(
      `lel: ${device} device underrun${device === 1 ? "" : "s"} (${
        (stats.deviceUnderrunSeconds * 1000).toFixed(1)
      } ms of audio in all so far): the output's render thread missed its deadline; ${advice}`,
    );
  }
  return {
    lines,
    seen: {
      late: late > 0 && stats.lastUnderrun !== undefined ? stats.underruns : seen.late,
      device: Math.max(seen.device, stats.deviceUnderruns),
    },
  };
}

/** Writes the status line and messages, keeping them from tangling. */
export class StatusLine {
  readonly #tty: boolean;
  readonly #out: { writeSync(p: Uint8Array): number; isTerminal(): boolean };
  #current = "";
  #lastPlain = 0;
  #plainEvery: number;

  /**
   * Creates the status line on stdout (or `out`), redrawn in place on a terminal.
   *
   * @param options `plainEveryMs`: how often a plain (non-TTY) status line is printed.
   */
  constructor(options: { plainEveryMs?: number; out?: typeof Deno.stdout } = {}) {
    this.#out = options.out ?? Deno.stdout;
    this.#tty = this.#out.isTerminal();
    this.#plainEvery = options.plainEveryMs ?? 5000;
  }

  /** Whether the line is redrawn in place. */
  get interactive(): boolean {
    return this.#tty;
  }

  /**
   * Shows a new status: redrawn in place on a terminal; on a pipe, printed as a line at most
   * every `plainEveryMs`.
   *
   * @param text The status.
   */
  update(text: string): void {
    if (this.#tty) {
      const width = safeColumns();
      this.#current = text.length > width - 1 ? text.slice(0, width - 2) + "…" : text;
      this.#write(`\r\x1b[2K${this.#current}`);
      return;
    }
    const now = performance.now();
    if (now - this.#lastPlain >= this.#plainEvery) {
      this.#lastPlain = now;
      this.#write(`status: ${text}\n`);
    }
  }

  /**
   * Prints a message above the status line.
   *
   * @param message One or more lines.
   */
  log(message: string): void {
    if (this.#tty) this.#write(`\r\x1b[2K${message}\n${this.#current}`);
    else this.#write(`${message}\n`);
  }

  /** Leaves the terminal on a fresh line. */
  close(): void {
    if (this.#tty && this.#current !== "") this.#write("\n");
    this.#current = "";
  }

  #write(text: string): void {
    const bytes = ENCODER.encode(text);
    let written = 0;
    while (written < bytes.length) written += this.#out.writeSync(bytes.subarray(written));
  }
}

function safeColumns(): number {
  try {
    return Deno.consoleSize().columns;
  } catch {
    return 100;
  }
}
