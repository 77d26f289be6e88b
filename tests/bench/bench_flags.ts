/**
 * `deno task bench`'s command line: its flags, its `--help` and how they are read, apart from
 * the bench itself so the help test can check the one against the other without running it.
 * @module
 */

import { parseFlags, UsageError } from "../../runtime/cli/flags.ts";

/** The bench's flags, as `node:util` `parseArgs` reads them. */
export const BENCH_FLAGS = {
  json: { type: "boolean" },
  quick: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** `deno task bench --help`. */
export const BENCH_HELP =
  `Benchmark lel against a hand-written loop and native node-web-audio-api nodes.

Usage: deno task bench [--quick] [--json]

Options:
  --quick      2 s renders instead of 10 s, 2 repeats per form, no GC children and 5 reloads
               instead of 20: a smoke test of the bench, not figures to quote
  --json       Print one JSON object with every figure on stdout (progress goes to stderr)
  -h, --help   This text

Renders the reference chain (osc |> lowpass 800 |> tremolo 5 0.8 |> delay 0.5 0.25 |> gain 0.4)
summed over 1, 16, 64 and 256 voices, 10 s of 48 kHz stereo, as lel, as a hand-fused loop and as
native nodes in an OfflineAudioContext, interleaved and repeated; then GC counts over a 10 s
steady state, the oscillator's cost and error, DSL parse time and reload times. Not a test:
nothing asserts a timing.`;

/** The bench's options after reading the command line. */
export interface BenchArgs {
  /** Print JSON on stdout. */
  json: boolean;
  /** Short runs. */
  quick: boolean;
  /** Print the help and stop. */
  help: boolean;
}

/**
 * Reads the bench's command line.
 *
 * @param args `Deno.args`.
 * @returns The options.
 * @throws {UsageError} On an unknown flag or a positional argument.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseBenchArgs(["--quick"]), { json: false, quick: true, help: false });
 * assert.throws(() => parseBenchArgs(["--fast"]), /Unknown flag '--fast' for bench/);
 * ```
 */
export function parseBenchArgs(args: string[]): BenchArgs {
  const { values, positionals } = parseFlags("bench", args, BENCH_FLAGS);
  if (positionals.length > 0) {
    throw new UsageError(
      `bench takes no arguments, got '${positionals[0]}'; run 'deno task bench --help' for usage`,
    );
  }
  return {
    json: values.json ?? false,
    quick: values.quick ?? false,
    help: values.help ?? false,
  };
}
