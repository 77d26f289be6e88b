/**
 * Small statistics and formatting for the bench's table.
 * @module
 */

/**
 * The median of some numbers (the mean of the middle two for an even count).
 *
 * @param values Numbers (not changed).
 * @returns The median, or NaN for none.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(median([3, 1, 2]), 2);
 * assert.equal(median([4, 1, 2, 3]), 2.5);
 * ```
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Pads cells into aligned columns.
 *
 * @param rows Rows of cells (the first is the header).
 * @returns The table as lines.
 */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padStart(widths[c])).join("  ")).join("\n");
}
