import assert from "node:assert/strict";
import { Engine, trig } from "../../../mod.ts";
import { describeLanding } from "../../../runtime/live/describe_commit.ts";

Deno.test("with quant 'bar' a commit waits for the bar line: the new pattern's first onset is the bar's first sample", () => {
  const sr = 48000;
  const e = new Engine({ sampleRate: sr, channels: 1, fadeTime: 0, softClip: false });
  e.quant = "bar";
  const out = new Float64Array(3 * 96000);
  e.process([out], 62400); // 1.3 s into the first bar (120 BPM: a bar is 96000 frames)
  e.begin();
  e.register("hit", trig("x ~ ~ ~"));
  const report = e.commit();
  assert.deepEqual(report.added, ["hit"]);
  assert.deepEqual(report.at, {
    frame: 96000,
    time: 2,
    beat: 4,
    bar: 1,
    quant: "bar",
    line: 1,
  });
  assert.equal(e.pendingCommits, 1);
  e.process([out], out.length - 62400, 62400);
  assert.equal(e.pendingCommits, 0);
  const first = out.findIndex((v) => v !== 0);
  assert.equal(first, 96000, "heard from the bar's first sample, not before");
  assert.equal(out[96000], 1);
  e.dispose();
});

Deno.test("with quant 'beat' a commit lands on the next beat; 'off' at once; a bad mode is refused", () => {
  const e = new Engine({ sampleRate: 48000, channels: 1, fadeTime: 0 });
  e.quant = "beat";
  e.process([new Float64Array(30000)], 30000);
  e.begin();
  e.register("x", () => 0.5);
  assert.equal(e.commit().at?.frame, 48000);
  e.quant = "off";
  e.begin();
  e.register("y", () => 0.25);
  assert.equal(e.commit().at, undefined);
  assert.throws(() => (e.quant = "bars" as never), /must be 'off', 'beat' or 'bar', got bars/);
  e.dispose();
});

Deno.test("a tempo change in a quantised commit applies at the bar line with the rest", () => {
  const e = new Engine({ sampleRate: 48000, channels: 1, fadeTime: 0 });
  e.quant = "bar";
  e.process([new Float64Array(1000)], 1000);
  e.begin();
  e.tempo(90);
  e.commit();
  assert.equal(e.transport().bpm, 120, "not yet");
  e.process([new Float64Array(96000)], 96000);
  assert.equal(e.transport().bpm, 90);
  e.dispose();
});

Deno.test("a quantised commit is labelled with the line it was quantised to, at 104, 173 and 60 BPM, 44.1 and 48 kHz", () => {
  for (const bpm of [104, 173, 60]) {
    for (const sr of [44100, 48000]) {
      for (const quant of ["bar", "beat"] as const) {
        const grid = quant === "bar" ? 4 : 1;
        // Frames per grid line as an exact fraction: 60·sr·grid / bpm.
        const num = 60 * sr * grid;
        // Just past lines 1..5 (the first frame after a bar line is where a save made right
        // after the downbeat lands), and at arbitrary times.
        const lineFrame = (n: number) => Math.ceil((n * num) / bpm);
        const nows = [1, 2, 3, 4, 5].map((n) => lineFrame(n) + 1);
        nows.push(Math.round(1.3 * sr), Math.round(7.77 * sr));
        for (const now of nows) {
          const e = new Engine({ sampleRate: sr, channels: 1, fadeTime: 0, shadowTime: 0 });
          e.tempo(bpm);
          e.quant = quant;
          e.process([new Float64Array(now)], now);
          e.begin();
          e.register("x", () => 0);
          const report = e.commit();
          // The next line: the first whole multiple of the grid past `now` (exact in integers).
          const line = Math.floor((now * bpm) / num) + 1;
          const what = `${bpm} BPM, ${sr} Hz, quant ${quant}, commit at frame ${now}`;
          assert.equal(report.at?.quant, quant, what);
          assert.equal(report.at?.line, line, what);
          assert.equal(report.at?.frame, lineFrame(line), `${what}: the line's first frame`);
          const label = describeLanding(report, now / sr);
          assert.match(label, new RegExp(`^, applied at ${quant} ${line + 1} \\(in `), what);
          e.dispose();
        }
      }
    }
  }
});
