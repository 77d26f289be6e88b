/**
 * Identity across re-registers: editing a DSL line keeps every existing helper's state
 * (oscillator phase, filter memory) when a stage of another type is inserted, and explicit
 * `@key`s keep state when same-type stages are reordered.
 * @module
 */

import assert from "node:assert/strict";
import { engine, lel, resetEngine } from "../../mod.ts";
import type { CommitReport } from "../../mod.ts";
import { helperMemory } from "../../runtime/core/pool.ts";
import { SVF_SLOTS } from "../../helpers/filters/svf.ts";
import { assertBitIdentical, differs, renderMore, SR } from "./_render.ts";

const N = 4801; // not a whole number of periods of anything below, so a phase reset shows

function fresh(): void {
  resetEngine({ sampleRate: SR, fadeTime: 0, softClip: false, channels: 2 });
}

/** Renders `v1` for N frames, re-registers with `v2` in a transaction, renders N more. */
function edit(v1: () => void, v2: () => void): { out: Float64Array[]; report: CommitReport } {
  fresh();
  v1();
  const a = renderMore(N);
  engine().begin();
  v2();
  const report = engine().commit();
  const b = renderMore(N);
  resetEngine();
  return { out: [concat(a[0], b[0]), concat(a[1], b[1])], report };
}

function reference(v: () => void): Float64Array[] {
  fresh();
  v();
  const out = renderMore(2 * N);
  resetEngine();
  return out;
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function changes(report: CommitReport, signal: string): Record<string, string> {
  return Object.fromEntries(report.helpers[signal].map((h) => [h.key, h.change]));
}

Deno.test("inserting a gain into a DSL chain keeps the sine's phase and the tremolo's LFO", () => {
  const v1 = () => lel`x: sin 220 |> tremolo 3hz 0.5`;
  const v2 = () => lel`x: sin 220 |> gain 1 |> tremolo 3hz 0.5`;
  const { out, report } = edit(v1, v2);
  assert.deepEqual(changes(report, "x"), { sin_0: "kept", gain_0: "new", tremolo_0: "kept" });
  // gain 1 is exact, so a continued phase gives exactly the unedited signal.
  assertBitIdentical(out, reference(v1), "after the insert");
});

Deno.test("the continuity check can fail: a restarted oscillator differs from a continued one", () => {
  const v1 = () => lel`x: sin 220 |> tremolo 3hz 0.5`;
  const renamed = () => lel`x: sin@fresh 220 |> gain 1 |> tremolo 3hz 0.5`;
  const { out, report } = edit(v1, renamed);
  assert.equal(changes(report, "x")["sin@fresh"], "new");
  assert.ok(differs(out, reference(v1)));
});

Deno.test("inserting a filter before a delay keeps the delay line ringing", () => {
  const v1 = () => lel`x: saw 110 |> delay 50ms |> gain 0.5`;
  const v2 = () => lel`x: saw 110 |> lpf 20khz |> delay 50ms |> gain 0.5`;
  const { report } = edit(v1, v2);
  assert.deepEqual(changes(report, "x"), {
    saw_0: "kept",
    lpf_0: "new",
    delay_0: "kept",
    gain_0: "kept",
  });
});

Deno.test("reordering keyed oscillators keeps each one's phase", () => {
  const v1 = () => lel`x: mix (sin@low 220) (sin@high 331)`;
  const v2 = () => lel`x: mix (sin@high 331) (sin@low 220)`;
  const { out, report } = edit(v1, v2);
  assert.deepEqual(changes(report, "x"), { "sin@high": "kept", "sin@low": "kept" });
  assertBitIdentical(out, reference(v1), "after reordering keyed oscillators");
});

Deno.test("without keys, the same reorder swaps the oscillators' states (the control)", () => {
  const v1 = () => lel`x: mix (sin 220) (sin 331)`;
  const v2 = () => lel`x: mix (sin 331) (sin 220)`;
  const { out } = edit(v1, v2);
  assert.ok(differs(out, reference(v1)));
});

Deno.test("reordering keyed filters keeps each filter's block and parameters", () => {
  const slot = (key: string) => {
    const map = (globalThis as { LEL_HELPER_SLOT_MAP?: Map<string, { offset: number }> })
      .LEL_HELPER_SLOT_MAP!;
    const block = map.get(key);
    assert.ok(block !== undefined, `block '${key}' exists`);
    return block.offset;
  };
  const cutoff = (key: string) => helperMemory()[slot(key) + SVF_SLOTS.CUTOFF];
  for (const keyed of [true, false]) {
    fresh();
    if (keyed) lel`x: saw 110 |> lpf@a 300 |> lpf@b 2khz`;
    else lel`x: saw 110 |> lpf 300 |> lpf 2khz`;
    renderMore(N);
    const first = keyed ? "x_lpf@a" : "x_lpf_0";
    const before = slot(first);
    assert.equal(cutoff(first), 300);
    engine().begin();
    if (keyed) lel`x: saw 110 |> lpf@b 2khz |> lpf@a 300`;
    else lel`x: saw 110 |> lpf 2khz |> lpf 300`;
    engine().commit();
    renderMore(480);
    assert.equal(slot(first), before, "the same block");
    if (keyed) assert.equal(cutoff(first), 300, "lpf@a still at 300 Hz: its own state");
    else assert.ok(cutoff(first) > 1000, "lpf_0 glided towards 2 kHz: it took the other's place");
    resetEngine();
  }
});

Deno.test("editing one line of a template leaves the other line's state alone", () => {
  const v1 = () =>
    lel`
      a: sin 220
      b: saw 55 |> lpf 300
    `;
  const v2 = () =>
    lel`
      a: sin 220
      b: saw 55 |> lpf 300 |> gain 0.5 |> gain 2
    `;
  const { out, report } = edit(v1, v2);
  assert.deepEqual(changes(report, "a"), { sin_0: "kept" });
  assert.deepEqual(changes(report, "b"), {
    saw_0: "kept",
    lpf_0: "kept",
    gain_0: "new",
    gain_1: "new",
  });
  assertBitIdentical(out, reference(v1), "both lines continue");
});
