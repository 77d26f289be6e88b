/**
 * Cross-check against Strudel itself: for 146 patterns (every feature, including `?` and `|`
 * over 32 cycles), lel's events equal the events Strudel's own packages produced, recorded in
 * tests/testdata/pattern/strudel_events.json (see its "about").
 * @module
 */

import assert from "node:assert/strict";
import { show } from "./_show.ts";

interface Recorded {
  readonly pattern: string;
  readonly cycles: number;
  readonly events: string;
}

const FIXTURE = new URL("../../testdata/pattern/strudel_events.json", import.meta.url);
const recorded: readonly Recorded[] = JSON.parse(Deno.readTextFileSync(FIXTURE)).patterns;

/** Strudel prints number values as numbers ("0.5"); lel's fixture words are as written (".5"). */
function normalise(events: string): string {
  return events.split(" ").map((e) => {
    const i = e.indexOf(":");
    const word = e.slice(i + 1);
    return e.slice(0, i + 1) + (word !== "" && !isNaN(Number(word)) ? Number(word) : word);
  }).join(" ");
}

Deno.test("the fixture covers every operator, random ones included", () => {
  assert.ok(recorded.length >= 140, `${recorded.length} patterns`);
  for (const op of ["*", "/", "<", "!", "@", "_", ",", "(", "?", "|", ".", "{", "%", "~", "-"]) {
    assert.ok(recorded.some((r) => r.pattern.includes(op)), `no pattern uses '${op}'`);
  }
  assert.ok(recorded.filter((r) => /[?|]/.test(r.pattern)).every((r) => r.cycles === 32));
});

Deno.test("queryCycle() gives Strudel's events for every recorded pattern", () => {
  const wrong: string[] = [];
  for (const r of recorded) {
    const got = normalise(show(r.pattern, 0, r.cycles));
    if (got !== normalise(r.events)) {
      wrong.push(`"${r.pattern}"\n  strudel: ${r.events}\n  lel:     ${got}`);
    }
  }
  assert.deepEqual(wrong, []);
});
