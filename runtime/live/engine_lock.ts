/**
 * One at a time: session reloads and REPL evaluations both open an engine transaction and
 * await imports inside it, so they take turns through this lock.
 * @module
 */

let tail: Promise<unknown> = Promise.resolve();

/**
 * Runs `fn` after every earlier locked call has finished (whether it succeeded or not).
 *
 * @param fn The work; it may be async.
 * @returns What `fn` returns.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const order: number[] = [];
 * await Promise.all([
 *   withEngineLock(async () => { await new Promise((r) => setTimeout(r, 5)); order.push(1); }),
 *   withEngineLock(() => { order.push(2); }),
 * ]);
 * assert.deepEqual(order, [1, 2]);
 * ```
 */
export function withEngineLock<T>(fn: () => T | Promise<T>): Promise<T> {
  const run = tail.then(fn, fn);
  tail = run.catch(() => {});
  return run;
}
