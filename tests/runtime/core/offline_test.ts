/**
 * Offline rendering from the process engine: time continuity across calls and WAV output.
 * @module
 */

import assert from "node:assert/strict";
import { engine, resetEngine } from "../../../runtime/core/process_engine.ts";
import { register } from "../../../runtime/core/api.ts";
import { render, renderToWav } from "../../../runtime/core/offline.ts";
import { decodeWav } from "../../../runtime/core/wav/mod.ts";
import { lowpass, saw, sin } from "../../../mod.ts";
import { peak, rms, toneAmplitude } from "../../_utils.ts";

/**
 * Stateful signals (phases, filter memory), so a restart would show. Peaks sum to at most 0.7,
 * below the master soft clip's knee, and no saw harmonic lands on 440 Hz.
 */
function registerChain(): void {
  const tone = sin(440);
  register("tone", (s) => 0.5 * (tone(s) as number));
  const bass = lowpass(saw(100), 800);
  register("bass", (s) => 0.2 * (bass(s) as number));
}

async function withTempDir(fn: (dir: string) => Promise<void> | void): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    engine().dispose();
    resetEngine();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("render() continues engine time: two halves equal one render of the whole", () => {
  try {
    resetEngine({ sampleRate: 48000 });
    registerChain();
    const whole = render(1);
    assert.equal(engine().frame, 48000);

    resetEngine({ sampleRate: 48000 });
    registerChain();
    const first = render(0.5);
    const second = render(0.5);
    assert.equal(engine().frame, 48000);
    for (let c = 0; c < 2; c++) {
      const joined = new Float32Array(48000);
      joined.set(first.channels[c], 0);
      joined.set(second.channels[c], 24000);
      assert.deepEqual(joined, whole.channels[c], `channel ${c}`);
    }
    // The second half is not a restart: it differs from the first.
    assert.notDeepEqual(second.channels[0], first.channels[0]);
    // And it is the tone: 440 Hz at amplitude 0.5 in the second half.
    const a = toneAmplitude(second.channels[0], 440, 48000);
    assert.ok(Math.abs(a - 0.5) < 0.01, `440 Hz amplitude ${a}`);
  } finally {
    engine().dispose();
    resetEngine();
  }
});

Deno.test("renderToWav() writes a float WAV equal to render() of the same span", async () => {
  await withTempDir((dir) => {
    resetEngine({ sampleRate: 44100 });
    registerChain();
    const expected = render(1.5);

    resetEngine({ sampleRate: 44100 });
    registerChain();
    const path = `${dir}/take.wav`;
    // 1.5 s at 44.1 kHz is 66150 frames: not a multiple of the streaming chunk.
    const result = renderToWav(path, 1.5, { sampleRate: 44100 });
    assert.equal(result.path, path);
    assert.equal(result.sampleRate, 44100);
    assert.equal(result.frames, 66150);
    assert.equal(result.channels, 2);
    assert.equal(result.format, "f32");
    assert.equal(engine().frame, 66150, "engine time advanced by the rendered frames");

    const decoded = decodeWav(Deno.readFileSync(path));
    assert.equal(decoded.sampleRate, 44100);
    assert.equal(decoded.format, "f32");
    assert.equal(decoded.channels.length, 2);
    for (let c = 0; c < 2; c++) assert.deepEqual(decoded.channels[c], expected.channels[c]);
    assert.equal(result.peak, Math.max(peak(decoded.channels[0]), peak(decoded.channels[1])));
    const expectedRms = Math.hypot(rms(decoded.channels[0]), rms(decoded.channels[1])) /
      Math.SQRT2;
    assert.ok(Math.abs(result.rms - expectedRms) < 1e-9, `rms ${result.rms} vs ${expectedRms}`);
  });
});

Deno.test("renderToWav() continues engine time after render() and writes 16-bit PCM", async () => {
  await withTempDir((dir) => {
    resetEngine({ sampleRate: 48000 });
    registerChain();
    const expected = render(0.4);

    resetEngine({ sampleRate: 48000 });
    registerChain();
    render(0.1);
    const path = `${dir}/pcm.wav`;
    renderToWav(path, 0.3, { format: "s16" });
    const bytes = Deno.readFileSync(path);
    assert.equal(new DataView(bytes.buffer).getUint16(34, true), 16, "bits per sample");
    const decoded = decodeWav(bytes);
    assert.equal(decoded.format, "s16");
    const tail = expected.channels[0].subarray(4800);
    assert.equal(decoded.channels[0].length, tail.length);
    let worst = 0;
    for (let i = 0; i < tail.length; i++) {
      worst = Math.max(worst, Math.abs(decoded.channels[0][i] - tail[i]));
    }
    assert.ok(worst <= 0.5 / 32768, `max quantisation error ${worst * 32768} steps`);
  });
});

Deno.test("renderToWav() refuses a sample rate the engine was not built for, before writing", async () => {
  await withTempDir((dir) => {
    resetEngine({ sampleRate: 48000 });
    registerChain();
    const path = `${dir}/never.wav`;
    assert.throws(
      () => renderToWav(path, 1, { sampleRate: 44100 }),
      (e: unknown) =>
        e instanceof RangeError &&
        /Cannot render at 44100 Hz: the engine runs at 48000 Hz; call resetEngine\(\{ sampleRate: 44100 \}\)/
          .test(e.message),
    );
    assert.throws(() => render(1, { sampleRate: 96000 }), /the engine runs at 48000 Hz/);
    assert.throws(() => renderToWav(path, 0), /seconds must be a positive number, got 0/);
    assert.throws(() => renderToWav(path, NaN), /seconds must be a positive number, got NaN/);
    assert.throws(
      () => renderToWav(path, 1e6),
      /Cannot render 1000000 s to one WAV file: at most 11184 s of 2-channel f32 at 48000 Hz fit in 4 GiB/,
    );
    assert.throws(() => Deno.statSync(path), Deno.errors.NotFound);
    assert.equal(engine().frame, 0, "nothing was rendered");
  });
});
