/**
 * Patterns against the analytic grid: a step of length `len` cycles starting at `begin`
 * sounds from the first frame f with f·bpm/(60·sr)/beatsPerBar ≥ begin, i.e.
 * `ceil(begin · beatsPerBar · 60 · sr / bpm)` (exact fractions, computed here in rationals).
 * @module
 */

import assert from "node:assert/strict";
import { Engine, gate, noteToHz, seq, trig } from "../../../mod.ts";
import type { Param } from "../../../runtime/core/signal.ts";
import { setChainCompiler } from "../../../runtime/core/chain/mod.ts";

function render(
  make: () => Param,
  frames: number,
  options: { sr: number; bpm: number; at?: number; change?: { frame: number; bpm: number } },
): Float64Array {
  const e = new Engine({ sampleRate: options.sr, channels: 1, fadeTime: 0, softClip: false });
  e.tempo(options.bpm);
  const out = new Float64Array(frames);
  const at = options.at ?? 0;
  if (at > 0) e.process([out], at);
  e.register("p", make());
  if (options.change === undefined) e.process([out], frames - at, at);
  else {
    e.process([out], options.change.frame - at, at);
    e.tempo(options.change.bpm);
    e.process([out], frames - options.change.frame, options.change.frame);
  }
  e.dispose();
  return out;
}

/** Frames where the signal rises through 0.5. */
function onsets(y: Float64Array): number[] {
  const at: number[] = [];
  for (let i = 0; i < y.length; i++) if (y[i] >= 0.5 && (i === 0 || y[i - 1] < 0.5)) at.push(i);
  return at;
}

/** The first frame at or after `cycles` (a bar is 4 beats) at a constant tempo. */
function frameOf(num: number, den: number, sr: number, bpm: number): number {
  // cycles = num/den; frame = ceil(num/den · 4 · 60 · sr / bpm), in integers where possible.
  return Math.max(0, Math.ceil((num * 4 * 60 * sr) / (den * bpm) - 1e-9));
}

for (const bpm of [60, 120, 173]) {
  for (const sr of [44100, 48000]) {
    for (const compiled of [true, false]) {
      const form = compiled ? "compiled" : "as closures";
      Deno.test(`trig and gate onsets fall on the analytic frames at ${bpm} BPM and ${sr} Hz, ${form}: subdivisions, <> over 3 cycles, @ weights`, () => {
        const previous = setChainCompiler(compiled);
        try {
          const bar = (4 * 60 * sr) / bpm;
          const frames = Math.ceil(3 * bar) + 10;
          // "x [x x] ~ x@2": weights 1,1,1,2 of 5 → onsets 0, 1/5, 3/10, 3/5 of each cycle.
          const t = onsets(render(() => trig("x [x x] ~ x@2"), frames, { sr, bpm }));
          const expected: number[] = [];
          for (let c = 0; c < 4; c++) {
            for (const [n, d] of [[0, 1], [1, 5], [3, 10], [3, 5]]) {
              expected.push(frameOf(c * d + n, d, sr, bpm));
            }
          }
          assert.deepEqual(t, expected.filter((f) => f < frames));
          // "<x ~ [x x]>": one per cycle in turn: cycle 0 at 0, cycle 1 rests, cycle 2 at 2, 2.5.
          const alt = onsets(render(() => gate("<x ~ [x x]>"), frames, { sr, bpm }));
          const third = [0, frameOf(2, 1, sr, bpm), frameOf(5, 2, sr, bpm), frameOf(3, 1, sr, bpm)];
          assert.deepEqual(alt, third.filter((f) => f < frames), "the fourth cycle starts over");
        } finally {
          setChainCompiler(previous);
        }
      });
    }
  }
}

Deno.test("seq gives each step's note in Hz (A4 = 440) and holds it through rests", () => {
  const sr = 48000;
  const y = render(() => seq("a4 ~ c5 e3"), 96000, { sr, bpm: 120 });
  assert.equal(y[0], 440);
  assert.equal(y[23999], 440);
  assert.equal(y[24000], 440, "the rest holds a4");
  assert.equal(y[48000], noteToHz("c5"));
  assert.equal(y[72000], noteToHz("e3"));
  assert.equal(y[95999], noteToHz("e3"));
  const numbers = render(() => seq("3 -0.5"), 96000, { sr, bpm: 120 });
  assert.deepEqual([numbers[0], numbers[48000]], [3, -0.5]);
});

Deno.test("a pattern registered at 1.3 s has its onsets on the grid of one registered at 0", () => {
  const sr = 48000;
  const frames = 4 * 96000;
  const from0 = onsets(render(() => trig("x*4 x(3,8)"), frames, { sr, bpm: 120 }));
  const late = onsets(render(() => trig("x*4 x(3,8)"), frames, { sr, bpm: 120, at: 62400 }));
  assert.deepEqual(late, from0.filter((f) => f >= 62400));
});

Deno.test("across a tempo change, onsets follow the gliding rate: none lost or doubled", () => {
  const sr = 48000;
  const change = 96000 + 1234; // just after the first bar line
  const frames = 6 * 96000;
  const y = render(() => trig("x*8"), frames, { sr, bpm: 120, change: { frame: change, bpm: 90 } });
  // The expected onsets, from the same frame-by-frame beat the transport keeps (glide 0.1 s).
  const g = Math.round(0.1 * sr);
  const expected: number[] = [];
  let beat = 0;
  let next = 0; // the next onset's beat (every half beat)
  for (let f = 0; f < frames; f++) {
    if (beat >= next - 1e-12) {
      expected.push(f);
      next += 0.5;
    }
    const k = f - change;
    const bpm = k < 0 ? 120 : k < g ? 120 + ((90 - 120) * k) / g : 90;
    beat += bpm / (60 * sr);
  }
  assert.deepEqual(onsets(y), expected);
});

Deno.test("a bad pattern is a PatternSyntaxError with its offset", () => {
  assert.throws(() => seq("a4 [c5"), { name: "PatternSyntaxError" });
  assert.throws(() => trig("x ~ y"), /y/);
});
