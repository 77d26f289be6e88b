/**
 * The pool's free list: the runs of the helper memory no block holds, sorted by offset and
 * coalesced on every return, taken first fit.
 * @module
 */

/** A run of free doubles. */
export interface FreeRun {
  offset: number;
  size: number;
}

/**
 * Takes `size` doubles from the first run that holds them.
 *
 * @param free The free runs, sorted by offset.
 * @param size Doubles wanted.
 * @returns The offset taken, or -1 when no run is large enough.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const free = [{ offset: 0, size: 10 }];
 * assert.equal(takeRun(free, 4), 0);
 * assert.deepEqual(free, [{ offset: 4, size: 6 }]);
 * assert.equal(takeRun(free, 7), -1);
 * ```
 */
export function takeRun(free: FreeRun[], size: number): number {
  for (let i = 0; i < free.length; i++) {
    const run = free[i];
    if (run.size >= size) {
      const offset = run.offset;
      if (run.size === size) free.splice(i, 1);
      else {
        run.offset += size;
        run.size -= size;
      }
      return offset;
    }
  }
  return -1;
}

/**
 * Returns a run to the list, merging it with its neighbours.
 *
 * @param free The free runs, sorted by offset.
 * @param offset First double of the run.
 * @param size Its length.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const free = [{ offset: 0, size: 2 }, { offset: 6, size: 4 }];
 * returnRun(free, 2, 4);
 * assert.deepEqual(free, [{ offset: 0, size: 10 }]);
 * ```
 */
export function returnRun(free: FreeRun[], offset: number, size: number): void {
  let lo = 0;
  let hi = free.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (free[mid].offset < offset) lo = mid + 1;
    else hi = mid;
  }
  free.splice(lo, 0, { offset, size });
  // Coalesce with the following run, then with the preceding one.
  const next = free[lo + 1];
  if (next !== undefined && offset + size === next.offset) {
    free[lo].size += next.size;
    free.splice(lo + 1, 1);
  }
  const prev = free[lo - 1];
  if (prev !== undefined && prev.offset + prev.size === offset) {
    prev.size += free[lo].size;
    free.splice(lo, 1);
  }
}

/**
 * How much is free, and the largest run.
 *
 * @param free The free runs.
 * @returns Total free doubles and the largest run's size.
 */
export function freeStats(free: readonly FreeRun[]): { total: number; largest: number } {
  let total = 0;
  let largest = 0;
  for (const run of free) {
    total += run.size;
    if (run.size > largest) largest = run.size;
  }
  return { total, largest };
}
