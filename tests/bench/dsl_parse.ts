/**
 * Benchmark: parse + lower of a 200-line session (target: under 5 ms). Builds nothing and
 * registers nothing; it measures the front end a reload runs before any helper is built.
 *
 * `deno run -A tests/bench/dsl_parse.ts` prints the median.
 * @module
 */

import { compile } from "../../mod.ts";

/** The lines the generated session cycles through: every grammar feature, realistic lengths. */
const LINES = [
  "drone{i}: saw 55 |> lpf 400 0.3 |> gain -12db",
  "bell{i}:  sin a5 |> tremolo 6hz 0.5 |> delay 250ms |> pan ${}",
  "wobble{i}: saw 110 |> lpf (sin 0.25hz |> range 300 3000) 0.7  # a comment",
  "kick{i}: sin (pulse 2hz |> perc 60ms |> mul 90 |> add 45)",
  "  |> mul (pulse 2hz |> perc 300ms) |> gain -6db",
  "hat{i}: noise |> hpf 7khz |> mul (pulse 4hz 20% |> perc 40ms 2ms) |> pan -0.3",
  "pad{i}: mix (saw c#3) (saw eb3 |> gain 50%) |> lpf@sweep (tri 0.05hz |> range 200 1800) 0.4",
  "echo{i}: tri e5 |> feedback 375ms 0.55 |> reverb 4s 0.4 50% |> gain -10db",
];

/**
 * A session of `lines` lines cycling through {@linkcode LINES}, as template chunks and values.
 *
 * @param lines How many lines.
 * @returns The chunks (split at each `${…}`) and one function per interpolation.
 */
export function session(lines = 200): { chunks: string[]; values: unknown[] } {
  const text: string[] = [];
  for (let i = 0; i < lines; i++) text.push(LINES[i % LINES.length].replace("{i}", String(i)));
  const chunks = text.join("\n").split("${}");
  return { chunks, values: chunks.slice(1).map(() => (s: { t: number }) => Math.sin(s.t)) };
}

/**
 * The median time to parse and lower a generated session.
 *
 * @param lines Lines in the session. @default {200}
 * @param runs Timed runs after warm-up. @default {50}
 * @returns Median milliseconds per parse + lower.
 */
export function medianParseMs(lines = 200, runs = 50): number {
  const { chunks, values } = session(lines);
  for (let i = 0; i < 20; i++) compile(chunks, { values });
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    compile(chunks, { values });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

if (import.meta.main) {
  const ms = medianParseMs();
  console.log(`dsl parse + lower, 200-line session: median ${ms.toFixed(3)} ms (target < 5 ms)`);
}
