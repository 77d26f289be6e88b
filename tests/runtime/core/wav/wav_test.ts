/**
 * WAV encode/decode and the streaming writer: byte layout, round trips, an independent
 * decoder (node-web-audio-api), malformed files, and files that stay valid mid-recording.
 * @module
 */

import assert from "node:assert/strict";
import { OfflineAudioContext } from "node-web-audio-api";
import {
  decodeWav,
  encodeWav,
  maxWavFrames,
  WavError,
  type WavFormat,
  WavWriter,
} from "../../../../runtime/core/wav/mod.ts";

/** Deterministic uniform noise in -amp..amp (mulberry32). */
function noise(n: number, seed: number, amp = 1): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = amp * ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1);
  }
  return out;
}

function ascii(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + 4));
}

/** A RIFF/WAVE file from raw chunks (odd sizes get their pad byte). */
function riff(chunks: [string, Uint8Array][], riffSize?: number): Uint8Array {
  const parts: number[] = [];
  for (const [id, body] of chunks) {
    for (const ch of id) parts.push(ch.charCodeAt(0));
    const size = new Uint8Array(4);
    new DataView(size.buffer).setUint32(0, body.length, true);
    parts.push(...size, ...body);
    if (body.length % 2 === 1) parts.push(0);
  }
  const out = new Uint8Array(12 + parts.length);
  const view = new DataView(out.buffer);
  out.set([..."RIFF"].map((c) => c.charCodeAt(0)), 0);
  view.setUint32(4, riffSize ?? 4 + parts.length, true);
  out.set([..."WAVE"].map((c) => c.charCodeAt(0)), 8);
  out.set(parts, 12);
  return out;
}

/** A 16-byte `fmt ` body. */
function fmt(tag: number, channels: number, sampleRate: number, bits: number, align?: number) {
  const body = new Uint8Array(16);
  const v = new DataView(body.buffer);
  const blockAlign = align ?? channels * bits / 8;
  v.setUint16(0, tag, true);
  v.setUint16(2, channels, true);
  v.setUint32(4, sampleRate, true);
  v.setUint32(8, sampleRate * blockAlign, true);
  v.setUint16(12, blockAlign, true);
  v.setUint16(14, bits, true);
  return body;
}

/** A 40-byte WAVE_FORMAT_EXTENSIBLE `fmt ` body for sub-format `tag`. */
function fmtExtensible(tag: number, channels: number, sampleRate: number, bits: number) {
  const body = new Uint8Array(40);
  body.set(fmt(0xfffe, channels, sampleRate, bits), 0);
  const v = new DataView(body.buffer);
  v.setUint16(16, 22, true); // cbSize
  v.setUint16(18, bits, true); // valid bits
  v.setUint32(20, channels === 2 ? 3 : 4, true); // channel mask
  v.setUint16(24, tag, true);
  body.set(
    [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71],
    26,
  );
  return body;
}

Deno.test("encodeWav() writes the canonical 44-byte PCM header for s16", () => {
  const bytes = encodeWav([new Float32Array([0, 0.5, -0.5])], 48000, { format: "s16" });
  const v = new DataView(bytes.buffer);
  assert.equal(bytes.length, 44 + 6);
  assert.equal(ascii(bytes, 0), "RIFF");
  assert.equal(v.getUint32(4, true), 36 + 6);
  assert.equal(ascii(bytes, 8), "WAVE");
  assert.equal(ascii(bytes, 12), "fmt ");
  assert.equal(v.getUint32(16, true), 16);
  assert.equal(v.getUint16(20, true), 1); // WAVE_FORMAT_PCM
  assert.equal(v.getUint16(22, true), 1);
  assert.equal(v.getUint32(24, true), 48000);
  assert.equal(v.getUint32(28, true), 96000); // byte rate
  assert.equal(v.getUint16(32, true), 2); // block align
  assert.equal(v.getUint16(34, true), 16);
  assert.equal(ascii(bytes, 36), "data");
  assert.equal(v.getUint32(40, true), 6);
  assert.deepEqual([v.getInt16(44, true), v.getInt16(46, true), v.getInt16(48, true)], [
    0,
    16384,
    -16384,
  ]);
});

Deno.test("encodeWav() writes IEEE float (tag 3) with cbSize and a fact chunk for f32", () => {
  const left = new Float32Array([0.1, 0.2, 0.3]);
  const right = new Float32Array([-1, 2, -3]);
  const bytes = encodeWav([left, right], 96000);
  const v = new DataView(bytes.buffer);
  assert.equal(bytes.length, 58 + 3 * 8);
  assert.equal(v.getUint32(4, true), bytes.length - 8);
  assert.equal(v.getUint32(16, true), 18); // fmt chunk size with cbSize
  assert.equal(v.getUint16(20, true), 3); // WAVE_FORMAT_IEEE_FLOAT
  assert.equal(v.getUint16(22, true), 2);
  assert.equal(v.getUint32(24, true), 96000);
  assert.equal(v.getUint32(28, true), 96000 * 8);
  assert.equal(v.getUint16(32, true), 8);
  assert.equal(v.getUint16(34, true), 32);
  assert.equal(v.getUint16(36, true), 0); // cbSize
  assert.equal(ascii(bytes, 38), "fact");
  assert.equal(v.getUint32(42, true), 4);
  assert.equal(v.getUint32(46, true), 3); // frames per channel
  assert.equal(ascii(bytes, 50), "data");
  assert.equal(v.getUint32(54, true), 24);
  // Interleaved: L0 R0 L1 R1 …
  assert.equal(v.getFloat32(58, true), Math.fround(0.1));
  assert.equal(v.getFloat32(62, true), -1);
  assert.equal(v.getFloat32(66, true), Math.fround(0.2));
  assert.equal(v.getFloat32(70, true), 2);
});

Deno.test("f32 round-trips bit-exactly, values beyond ±1 and subnormals included", () => {
  for (const sampleRate of [44100, 48000, 96000]) {
    for (const count of [1, 2]) {
      const channels = Array.from({ length: count }, (_, c) => noise(1000, sampleRate + c, 4));
      channels[0].set([1, -1, 0, -0, 1e-40, -3.4e38, 0.1], 0);
      const decoded = decodeWav(encodeWav(channels, sampleRate));
      assert.equal(decoded.sampleRate, sampleRate);
      assert.equal(decoded.format, "f32");
      assert.equal(decoded.channels.length, count);
      for (let c = 0; c < count; c++) {
        assert.deepEqual(
          new Uint32Array(decoded.channels[c].buffer),
          new Uint32Array(channels[c].buffer),
          `bits of channel ${c} at ${sampleRate} Hz`,
        );
      }
    }
  }
});

Deno.test("f32 from Float64Array input stores each sample rounded to Float32", () => {
  const x = Float64Array.from([0.1, 1 / 3, -2 / 3, 1e-9]);
  const [y] = decodeWav(encodeWav([x], 48000)).channels;
  assert.deepEqual(Array.from(y), Array.from(x, Math.fround));
});

Deno.test("s16 stores round(x·32768) and round-trips within 1/32768", () => {
  for (const sampleRate of [44100, 48000, 96000]) {
    for (const count of [1, 2]) {
      const channels = Array.from({ length: count }, (_, c) => noise(2000, 7 * sampleRate + c));
      channels[0].set([1, -1, 0, 0.5 / 32768, -0.5 / 32768, 0.49 / 32768], 0);
      const decoded = decodeWav(encodeWav(channels, sampleRate, { format: "s16" }));
      assert.equal(decoded.sampleRate, sampleRate);
      assert.equal(decoded.format, "s16");
      for (let c = 0; c < count; c++) {
        const x = channels[c];
        const y = decoded.channels[c];
        for (let i = 0; i < x.length; i++) {
          // `+ 0` turns Math.round's -0 into the 0 an Int16 stores.
          const code = Math.min(32767, Math.max(-32768, Math.round(x[i] * 32768))) + 0;
          assert.equal(y[i] * 32768, code, `sample ${i} of channel ${c}`);
          // Rounding error is at most half a step, except +1 which clips to 32767/32768.
          assert.ok(Math.abs(y[i] - x[i]) <= 1 / 32768, `error at ${i}: ${y[i] - x[i]}`);
        }
      }
    }
  }
});

Deno.test("s16 clamps beyond ±1 and writes NaN as 0", () => {
  const x = Float64Array.from([1.5, -1.5, 1, -1, NaN, Infinity, -Infinity]);
  const [y] = decodeWav(encodeWav([x], 48000, { format: "s16" })).channels;
  assert.deepEqual(Array.from(y, (v) => v * 32768), [
    32767,
    -32768,
    32767,
    -32768,
    0,
    32767,
    -32768,
  ]);
});

Deno.test("s16 TPDF dither is off by default and, when on, stays within ±1 LSB and unbiased", () => {
  const n = 100_000;
  const x = new Float32Array(n).fill(0.25 / 32768); // a quarter of one step
  const [plain] = decodeWav(encodeWav([x], 48000, { format: "s16" })).channels;
  assert.ok(plain.every((v) => v === 0), "without dither a quarter step rounds to 0");
  const [dithered] = decodeWav(encodeWav([x], 48000, { format: "s16", dither: true })).channels;
  let sum = 0;
  const seen = new Set<number>();
  for (const v of dithered) {
    sum += v * 32768;
    seen.add(v * 32768);
  }
  assert.deepEqual([...seen].sort((a, b) => a - b), [-1, 0, 1]);
  // The mean of n samples has a standard deviation of about 0.5 / sqrt(n) ≈ 0.0016 steps.
  assert.ok(Math.abs(sum / n - 0.25) < 0.01, `mean ${sum / n} steps, expected 0.25`);
});

Deno.test("node-web-audio-api decodes the encoder's output to the same samples", async () => {
  for (const sampleRate of [44100, 48000, 96000]) {
    for (const count of [1, 2]) {
      for (const format of ["f32", "s16"] as WavFormat[]) {
        const frames = 1500;
        const channels = Array.from({ length: count }, (_, c) => noise(frames, sampleRate * 3 + c));
        const bytes = encodeWav(channels, sampleRate, { format });
        // A context at the file's own rate: decodeAudioData resamples to the context's rate.
        const ctx = new OfflineAudioContext(1, 1, sampleRate);
        const buffer = await ctx.decodeAudioData(bytes.slice().buffer);
        const what = `${format} ${count} ch at ${sampleRate} Hz`;
        assert.equal(buffer.sampleRate, sampleRate, what);
        assert.equal(buffer.numberOfChannels, count, what);
        assert.equal(buffer.length, frames, what);
        const tolerance = format === "f32" ? 1e-7 : 1 / 32768;
        for (let c = 0; c < count; c++) {
          const got = buffer.getChannelData(c);
          let worst = 0;
          for (let i = 0; i < frames; i++) {
            worst = Math.max(worst, Math.abs(got[i] - channels[c][i]));
          }
          assert.ok(worst <= tolerance, `${what}, channel ${c}: max error ${worst}`);
        }
      }
    }
  }
});

Deno.test("decodeWav() reads u8, s24, s32 and f64 PCM", () => {
  const u8 = riff([["fmt ", fmt(1, 1, 8000, 8)], ["data", new Uint8Array([128, 0, 255, 192])]]);
  assert.deepEqual(Array.from(decodeWav(u8).channels[0]), [0, -1, 127 / 128, 0.5]);
  assert.equal(decodeWav(u8).format, "u8");

  const s24 = new Uint8Array([0x00, 0x00, 0x40, 0xff, 0xff, 0xff, 0x00, 0x00, 0x80]);
  const d24 = decodeWav(riff([["fmt ", fmt(1, 1, 48000, 24)], ["data", s24]]));
  assert.equal(d24.format, "s24");
  assert.deepEqual(Array.from(d24.channels[0]), [0.5, Math.fround(-1 / 8388608), -1]);

  const s32 = new Uint8Array(8);
  new DataView(s32.buffer).setInt32(0, -1073741824, true);
  new DataView(s32.buffer).setInt32(4, 2147483647, true);
  const d32 = decodeWav(riff([["fmt ", fmt(1, 2, 48000, 32)], ["data", s32]]));
  assert.equal(d32.format, "s32");
  assert.deepEqual([d32.channels[0][0], d32.channels[1][0]], [
    -0.5,
    Math.fround(2147483647 / 2147483648),
  ]);

  const f64 = new Uint8Array(16);
  new DataView(f64.buffer).setFloat64(0, 0.1, true);
  new DataView(f64.buffer).setFloat64(8, -0.75, true);
  const d64 = decodeWav(riff([["fmt ", fmt(3, 1, 44100, 64)], ["data", f64]]));
  assert.equal(d64.format, "f64");
  assert.deepEqual(Array.from(d64.channels[0]), [Math.fround(0.1), -0.75]);
});

Deno.test("decodeWav() handles WAVE_FORMAT_EXTENSIBLE for float and 24-bit PCM", () => {
  const float = new Uint8Array(8);
  new DataView(float.buffer).setFloat32(0, 0.25, true);
  new DataView(float.buffer).setFloat32(4, -0.5, true);
  const d = decodeWav(riff([["fmt ", fmtExtensible(3, 2, 48000, 32)], ["data", float]]));
  assert.equal(d.format, "f32");
  assert.deepEqual([d.channels[0][0], d.channels[1][0]], [0.25, -0.5]);

  const pcm = new Uint8Array([0x00, 0x00, 0xc0]);
  const p = decodeWav(riff([["fmt ", fmtExtensible(1, 1, 96000, 24)], ["data", pcm]]));
  assert.equal(p.format, "s24");
  assert.equal(p.sampleRate, 96000);
  assert.deepEqual(Array.from(p.channels[0]), [-0.5]);
});

Deno.test("decodeWav() skips unknown and odd-sized chunks and ignores bytes past the RIFF size", () => {
  const data = new Uint8Array(4);
  new DataView(data.buffer).setInt16(0, 8192, true);
  new DataView(data.buffer).setInt16(2, -8192, true);
  const file = riff([
    ["JUNK", new Uint8Array(3)], // odd: one pad byte follows
    ["fmt ", fmt(1, 1, 22050, 16)],
    ["LIST", new Uint8Array([1, 2, 3, 4, 5])],
    ["data", data],
    ["id3 ", new Uint8Array(7)],
  ]);
  const withTail = new Uint8Array(file.length + 5);
  withTail.set(file);
  withTail.set([1, 2, 3, 4, 5], file.length);
  for (const bytes of [file, withTail]) {
    const d = decodeWav(bytes);
    assert.equal(d.sampleRate, 22050);
    assert.deepEqual(Array.from(d.channels[0]), [0.25, -0.25]);
  }
  // A Uint8Array that views part of a larger buffer.
  const big = new Uint8Array(file.length + 10);
  big.set(file, 10);
  assert.deepEqual(Array.from(decodeWav(big.subarray(10)).channels[0]), [0.25, -0.25]);
});

Deno.test("decodeWav() rejects malformed files with a message that says what is wrong", () => {
  const good = encodeWav([new Float32Array([0.5, 0.25])], 48000, { format: "s16" });
  const with4 = (at: number, text: string) => {
    const b = good.slice();
    b.set([...text].map((c) => c.charCodeAt(0)), at);
    return b;
  };
  const cases: [string, Uint8Array, RegExp][] = [
    ["empty", new Uint8Array(0), /the file is 0 bytes, too short for a RIFF header/],
    ["not RIFF", with4(0, "OggS"), /expected 'RIFF' at byte 0, found 'OggS'/],
    ["RF64", with4(0, "RF64"), /RF64 files over 4 GiB are not supported/],
    ["RIFX", with4(0, "RIFX"), /big-endian RIFX is not supported/],
    ["not WAVE", with4(8, "AVI "), /expected 'WAVE' at byte 8, found 'AVI '/],
    ["no fmt", riff([["data", new Uint8Array(4)]]), /no 'fmt ' chunk/],
    ["no data", riff([["fmt ", fmt(1, 1, 48000, 16)]]), /no 'data' chunk/],
    [
      "truncated",
      good.subarray(0, good.length - 2),
      /chunk 'data' at byte 36 says 4 bytes but only 2 remain/,
    ],
    [
      "short fmt",
      riff([["fmt ", new Uint8Array(14)], ["data", new Uint8Array(2)]]),
      /'fmt ' chunk is 14 bytes, expected at least 16/,
    ],
    [
      "ADPCM",
      riff([["fmt ", fmt(2, 1, 48000, 4, 1)], ["data", new Uint8Array(2)]]),
      /format tag 2 with 4-bit samples is not supported/,
    ],
    [
      "float 16",
      riff([["fmt ", fmt(3, 1, 48000, 16)], ["data", new Uint8Array(2)]]),
      /format tag 3 with 16-bit samples/,
    ],
    [
      "block align",
      riff([["fmt ", fmt(1, 2, 48000, 16, 2)], ["data", new Uint8Array(4)]]),
      /block align is 2 bytes, expected 4 for 2 channels of 16 bits/,
    ],
    [
      "partial frame",
      riff([["fmt ", fmt(1, 2, 48000, 16)], ["data", new Uint8Array(6)]]),
      /data chunk holds 6 bytes, not a whole number of 4-byte frames/,
    ],
    [
      "no channels",
      riff([["fmt ", fmt(1, 0, 48000, 16, 0)], ["data", new Uint8Array(0)]]),
      /says 0 channels at 48000 Hz/,
    ],
    [
      "short extensible",
      riff([["fmt ", fmt(0xfffe, 1, 48000, 16)], ["data", new Uint8Array(2)]]),
      /WAVE_FORMAT_EXTENSIBLE needs a 40-byte 'fmt ' chunk, got 16 bytes/,
    ],
  ];
  const odd = fmtExtensible(1, 1, 48000, 16);
  odd[30] = 0x42;
  cases.push([
    "odd GUID",
    riff([["fmt ", odd], ["data", new Uint8Array(2)]]),
    /non-standard SubFormat GUID/,
  ]);
  for (const [name, bytes, pattern] of cases) {
    assert.throws(
      () => decodeWav(bytes),
      (e: unknown) => {
        assert.ok(e instanceof WavError, `${name}: ${e}`);
        assert.ok(e instanceof SyntaxError);
        assert.match(e.message, /^Cannot decode WAV: /, name);
        assert.match(e.message, pattern, name);
        return true;
      },
      name,
    );
  }
});

Deno.test("encodeWav() rejects bad input with a RangeError naming the problem", () => {
  const x = new Float32Array(4);
  assert.throws(() => encodeWav([], 48000), /channels must be an integer 1\.\.65535, got 0/);
  assert.throws(
    () => encodeWav([x, new Float32Array(3)], 48000),
    /got 4 frames in channel 0 and 3 in channel 1/,
  );
  assert.throws(() => encodeWav([x], 44100.5), /sampleRate must be a whole number of hertz/);
  assert.throws(() => encodeWav([x], 0), RangeError);
  assert.throws(
    () => encodeWav([x], 48000, { format: "s24" as WavFormat }),
    /format must be "f32" or "s16", got s24/,
  );
});

Deno.test("maxWavFrames() is the largest frame count whose RIFF size fits 32 bits", () => {
  for (const [channels, format, header, width] of [[2, "f32", 58, 8], [1, "s16", 44, 2]] as const) {
    const frames = maxWavFrames(channels, format);
    assert.ok(header - 8 + frames * width <= 0xffffffff);
    assert.ok(header - 8 + (frames + 1) * width > 0xffffffff);
  }
});

Deno.test("WavWriter written in several chunks gives the same bytes as encodeWav of the whole", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const format of ["f32", "s16"] as WavFormat[]) {
      const left = noise(5000, 11, 1.2);
      const right = noise(5000, 12);
      const path = `${dir}/chunks_${format}.wav`;
      const writer = WavWriter.create(path, {
        sampleRate: 44100,
        channels: 2,
        format,
        bufferFrames: 300,
      });
      let at = 0;
      for (const n of [1, 299, 0, 700, 2500, 1500]) {
        writer.write([left.subarray(at, at + n), right.subarray(at, at + n)], n);
        at += n;
      }
      assert.equal(at, 5000);
      assert.equal(writer.frames, 5000);
      writer.close();
      assert.ok(writer.closed);
      writer.close(); // a second close does nothing
      const expected = encodeWav([left, right], 44100, { format });
      assert.deepEqual(await Deno.readFile(path), expected, format);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("WavWriter's file is a valid WAV after every flush, before close", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/live.wav`;
    const x = noise(3000, 5);
    const writer = WavWriter.create(path, { sampleRate: 48000, channels: 1, bufferFrames: 256 });
    // Freshly created: a valid, empty recording.
    assert.equal(decodeWav(await Deno.readFile(path)).channels[0].length, 0);
    const seen = new Set<number>();
    let at = 0;
    for (const n of [100, 200, 1000, 37, 900]) {
      writer.write([x.subarray(at, at + n)]);
      at += n;
      const copy = await Deno.readFile(path); // what a reader sees if we were killed now
      const [y] = decodeWav(copy).channels;
      assert.equal(y.length, writer.flushedFrames);
      assert.equal(writer.flushedFrames % 256, 0, "flushes happen when the buffer is full");
      assert.ok(writer.flushedFrames <= at && at - writer.flushedFrames < 256);
      assert.deepEqual(y, x.subarray(0, y.length));
      seen.add(y.length);
    }
    assert.deepEqual([...seen], [0, 256, 1280, 2048], "the header grew with each flush");
    writer.flush();
    assert.equal(writer.flushedFrames, at);
    assert.deepEqual(decodeWav(await Deno.readFile(path)).channels[0], x.subarray(0, at));
    writer.close();
    assert.deepEqual(await Deno.readFile(path), encodeWav([x.subarray(0, at)], 48000));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("WavWriter rejects misuse with errors that say what to do", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const writer = WavWriter.create(new URL(`file://${dir}/w.wav`), {
      sampleRate: 48000,
      channels: 2,
    });
    assert.equal(writer.path, `${dir}/w.wav`);
    const x = new Float32Array(10);
    assert.throws(() => writer.write([x]), /expected 2 channels, got 1/);
    assert.throws(
      () => writer.write([x, new Float32Array(5)], 10),
      /frames must be an integer 0\.\.5 \(the length of channel 1\), got 10/,
    );
    assert.throws(() => writer.write([x, x], 2.5), RangeError);
    writer.close();
    assert.throws(() => writer.write([x, x]), /the WAV writer is closed/);
    assert.throws(() => writer.flush(), /the WAV writer is closed/);
    const empty = decodeWav(await Deno.readFile(`${dir}/w.wav`));
    assert.deepEqual(empty.channels.map((c) => c.length), [0, 0]);
    assert.throws(
      () => WavWriter.create(`${dir}/missing/w.wav`, { sampleRate: 48000, channels: 1 }),
      Deno.errors.NotFound,
    );
    assert.throws(
      () => WavWriter.create(`${dir}/b.wav`, { sampleRate: 48000, channels: 1, bufferFrames: 0 }),
      /bufferFrames must be an integer 1\.\.1048576, got 0/,
    );
    assert.throws(
      () => WavWriter.create(`${dir}/c.wav`, { sampleRate: 48000, channels: 0 }),
      /channels must be an integer/,
    );
    // Validation happens before the file is created.
    assert.ok(!(await exists(`${dir}/b.wav`)) && !(await exists(`${dir}/c.wav`)));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
