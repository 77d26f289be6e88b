/**
 * Underruns: how they are worded (`underrunLines`), and that a late callback is detected on a
 * real null-sink output when the main thread stalls past the buffer's slack.
 * @module
 */
import assert from "node:assert/strict";
import { Engine } from "../../../runtime/core/engine.ts";
import { RealtimeOutput } from "../../../runtime/live/realtime.ts";
import { underrunLines } from "../../../runtime/live/status.ts";

Deno.test("underrunLines: one line per kind of underrun, each reported once", () => {
  const quiet = {
    underruns: 0,
    lastUnderrun: undefined,
    deviceUnderruns: 0,
    deviceUnderrunSeconds: 0,
  };
  assert.deepEqual(underrunLines({ late: 0, device: 0 }, quiet, "default"), {
    lines: [],
    seen: { late: 0, device: 0 },
  });
  // The case: 76 device underruns and no late buffer printed nothing before.
  const device = { ...quiet, deviceUnderruns: 76, deviceUnderrunSeconds: 0.2027 };
  const first = underrunLines({ late: 0, device: 0 }, device, "none");
  assert.deepEqual(first.lines, [
    "lel: 76 device underruns (202.7 ms of audio in all so far): the output's render thread " +
    "missed its deadline; nothing is audible on the null sink; a busy machine starves that thread",
  ]);
  assert.deepEqual(underrunLines(first.seen, device, "none").lines, []);
  const more = { ...device, deviceUnderruns: 77, deviceUnderrunSeconds: 0.2053 };
  assert.match(
    underrunLines(first.seen, more, "default").lines[0],
    /^lel: 1 device underrun \(205\.3 ms of audio in all so far\): .*close what else is busy or try a larger --latency$/,
  );
  const late = { ...quiet, underruns: 2, lastUnderrun: { time: 12.345, lateMs: 140.25 } };
  const lateLines = underrunLines({ late: 0, device: 0 }, late, "default");
  assert.deepEqual(lateLines.lines, [
    "lel: 2 late buffers, the latest 140.3 ms late at 12.35 s (lel's thread was busy past the " +
    "buffer's slack: try a larger --latency)",
  ]);
  assert.deepEqual(lateLines.seen, { late: 2, device: 0 });
});

Deno.test({
  name: "a main thread stalled past the slack is counted as a late buffer on the null sink",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const output = await RealtimeOutput.open({ sink: "none", sampleRate: 48000, channels: 2 });
    const engine = new Engine({ sampleRate: output.sampleRate, channels: 2 });
    try {
      await output.attach(engine);
      await new Promise((r) => setTimeout(r, 600));
      const before = output.stats.underruns;
      // Four times the slack (bufferSize − 128 frames ≈ 83 ms): the buffer in hand is late.
      // The null sink's clock is a thread of this process: on a loaded machine it can be
      // starved through the same stall, and then nothing is late by its clock. So stall up to
      // three times; a real device's clock never waits, and one stall is always counted.
      const stallMs = 4 * ((output.bufferSize - 128) / output.sampleRate) * 1000;
      for (let attempt = 0; attempt < 3 && output.stats.underruns === before; attempt++) {
        const until = performance.now() + stallMs;
        while (performance.now() < until) {
          // Busy: no callback can run.
        }
        await new Promise((r) => setTimeout(r, 600));
      }
      const stats = output.stats;
      assert.ok(stats.underruns > before, `late buffers ${before} -> ${stats.underruns}`);
      assert.ok(stats.lastUnderrun !== undefined && stats.lastUnderrun.lateMs > 0);
      const { lines } = underrunLines(
        { late: before, device: stats.deviceUnderruns },
        stats,
        "none",
      );
      assert.match(lines[0], /^lel: \d+ late buffers?, the latest [\d.]+ ms late at [\d.]+ s/);
    } finally {
      await output.close();
      engine.dispose();
    }
  },
});
