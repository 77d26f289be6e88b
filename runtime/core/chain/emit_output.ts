/**
 * The end of a chain's last loop: each output frame written out, and the runner's check that
 * it is good (not NaN, ±Infinity or a runaway value), made a few frames behind.
 * @module
 */

import type { Step } from "./shape.ts";
import { V_LIMIT } from "./shape.ts";

/**
 * How many frames behind the one being computed the loop checks output frames. A check of
 * the frame just computed ends a long chain of arithmetic, and a branch on it makes V8's loop
 * about twice as slow (a sine oscillator: 4.4 → 8.6 ns a frame); one on a frame written a few
 * iterations earlier, read back from the output, costs next to nothing.
 */
const CHECK_LAG = 8;

/** Reads output frame `j` as `y0`, `y1`…, and the test that it is bad (NaN, ±∞, runaway). */
function frameCheck(width: number): { read: string; bad: string } {
  const y = Array.from({ length: width }, (_, c) => `y${c}`);
  return {
    read: y.map((x, c) => `const ${x} = O${c}[j];`).join(" "),
    bad: y.map((x) => `!(${x} <= LIM && ${x} >= -LIM)`).join(" || "),
  };
}

/**
 * The check of the last `CHECK_LAG` frames, after the loop (and the state's flush).
 *
 * @param width Output channels.
 * @returns The code.
 */
export function lastFramesCheck(width: number): string {
  const { read, bad } = frameCheck(width);
  return `for (let j = N > ${CHECK_LAG} ? N - ${CHECK_LAG} : 0; j < N; j++) {
    ${read}
    if (${bad}) return j;
  }`;
}

/**
 * The writes of the output frame and the runner's check of frame `i - CHECK_LAG` (see
 * runtime/core/runner.ts); the last frames are checked after the loop. The first bad frame found
 * is the same as a check of each frame as it is made would find, but the state has moved up
 * to `CHECK_LAG` frames past it (the closure form stops at it): nothing reads it, since the
 * engine zeroes a faulted voice's blocks (and drops a faulted ghost's).
 *
 * @param root The chain's last step.
 * @param head The function's head (the limit and the output arrays are declared there).
 * @param flush The code that stores the loop's state locals back (before a bad frame returns).
 * @returns The loop body's last lines.
 */
export function outputCode(root: Step, head: string[], flush: string): string {
  head.push(`const LIM = V[${V_LIMIT}];`);
  const v = Array.from({ length: root.width }, (_, c) => `v${root.id}_${c}`);
  for (let c = 0; c < root.width; c++) head.push(`const O${c} = O[${c}];`);
  // The runner reads a bad frame back from the outputs (a double returned or stored in an
  // object here would be boxed, and the object's map would tie the code to the warm-up's).
  const { read, bad } = frameCheck(root.width);
  const check = `if (i >= ${CHECK_LAG}) {
      const j = i - ${CHECK_LAG};
      ${read}
      if (${bad}) { ${flush} return j; }
    }`;
  // Mono goes to the first output only (the runner copies it where the caller needs it).
  if (root.width === 1) return `O0[i] = ${v[0]};\n    ${check}`;
  // A frame of N channels is spread onto zeroed outputs: `0 + x` keeps its sign of zero (and
  // is checked the same as `x`).
  return `${v.map((x, c) => `O${c}[i] = 0 + ${x};`).join(" ")}\n    ${check}`;
}
