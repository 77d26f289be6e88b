/**
 * Test helper: a pattern's events over some cycles as one line of `begin-end:word` entries, with
 * exact fractions, so fixtures read like Strudel's `showFirstCycle`.
 * @module
 */

import { parsePattern, queryCycle } from "../../../helpers/pattern/mod.ts";

/** The events of cycles `[from, to)`, in order, as `begin-end:word` joined by spaces. */
export function show(text: string, from = 0, to = 1): string {
  const pattern = parsePattern(text);
  const out: string[] = [];
  for (let c = from; c < to; c++) {
    for (const e of queryCycle(pattern, c)) {
      out.push(`${e.begin}-${e.end}:${text.slice(e.offset, e.offset + e.length)}`);
    }
  }
  return out.join(" ");
}
