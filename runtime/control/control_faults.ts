/**
 * Faults "at once": after a REPL block commits, the control server waits for the engine to
 * render the block's first moments and reports a signal of the block that faulted in them, so
 * a block whose signal is muted as soon as it plays is answered as a failure, not `ok new bad`.
 * @module
 */

import type { Engine, Fault } from "../core/engine.ts";
import type { EvalOutcome } from "./repl_eval.ts";

/** How long to watch a committed block, for {@linkcode faultsAtOnce}. */
export interface FaultWindow {
  /** Seconds of audio the engine must render after the commit (its first callback or two). */
  seconds: number;
  /** The longest to wait for them, in ms (the engine may not be running at all). */
  timeoutMs: number;
}

const POLL_MS = 5;

/**
 * Waits until `engine` has rendered `window.seconds` past the commit (or `window.timeoutMs`
 * passed), then returns the faults since the commit of the signals the block added or kept.
 *
 * @param engine The engine the block was committed to.
 * @param outcome The committed block.
 * @param window How much audio to wait for, and for how long at most.
 * @returns The faults, oldest first (empty when every signal of the block plays).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Engine } from "../core/engine.ts";
 * const e = new Engine({ sampleRate: 8000, channels: 1 });
 * e.begin({ origin: "repl" });
 * e.register("bad", (s) => (s.t > 0.06 ? NaN : 0)); // past the 50 ms shadow render
 * const report = e.commit();
 * const ticking = setInterval(() => e.process([new Float32Array(128)], 128), 1);
 * const outcome = { kind: "ok" as const, language: "ts" as const, report, actions: [], time: e.time };
 * const faults = await faultsAtOnce(e, outcome, { seconds: 0.1, timeoutMs: 2000 });
 * clearInterval(ticking);
 * assert.deepEqual(faults.map((f) => [f.signal, f.reason]), [["bad", "produced NaN"]]);
 * e.dispose();
 * ```
 */
export async function faultsAtOnce(
  engine: Engine,
  outcome: EvalOutcome & { kind: "ok" },
  window: FaultWindow,
): Promise<Fault[]> {
  const names = new Set([...outcome.report.added, ...outcome.report.kept]);
  if (names.size === 0) return [];
  const target = Math.round((outcome.time + window.seconds) * engine.config.sampleRate);
  const started = performance.now();
  while (engine.frame < target && performance.now() - started < window.timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return engine.faults.filter((f) => f.time >= outcome.time && names.has(f.signal));
}
