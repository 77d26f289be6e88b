/**
 * Decoding WAV files (for tests, references and tools).
 * @module
 */

import {
  type DecodedWav,
  fourcc,
  GUID_TAIL,
  quote,
  WAVE_FORMAT_EXTENSIBLE,
  WAVE_FORMAT_IEEE_FLOAT,
  WAVE_FORMAT_PCM,
  WavError,
  type WavSampleFormat,
} from "./_format.ts";

/**
 * Decodes a WAV file: PCM 8/16/24/32-bit and IEEE float 32/64-bit, plain or
 * `WAVE_FORMAT_EXTENSIBLE`, skipping chunks it does not need (`LIST`, `bext`, …).
 *
 * Strict about sizes: a truncated data chunk or a partial last frame is an error rather than
 * silently shorter audio. Bytes after the RIFF size are ignored.
 *
 * @param bytes The file's bytes.
 * @returns Sample rate, format and samples per channel.
 * @throws {WavError} For anything that is not a well-formed WAV file lel can read.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeWav } from "@lel/lel";
 * const bytes = encodeWav([new Float32Array([0.1, -0.2])], 44100);
 * const { sampleRate, format, channels } = decodeWav(bytes);
 * assert.equal(sampleRate, 44100);
 * assert.equal(format, "f32");
 * assert.equal(channels[0][1], Math.fround(-0.2));
 * assert.throws(() => decodeWav(new Uint8Array(4)), /too short/);
 * ```
 */
export function decodeWav(bytes: Uint8Array | ArrayBuffer): DecodedWav {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const view = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  if (u8.length < 12) {
    throw new WavError(
      `Cannot decode WAV: the file is ${u8.length} bytes, too short for a RIFF header (12 bytes)`,
      0,
    );
  }
  const riff = fourcc(u8, 0);
  if (riff !== "RIFF") {
    const hint = riff === "RF64"
      ? " (RF64 files over 4 GiB are not supported)"
      : riff === "RIFX"
      ? " (big-endian RIFX is not supported)"
      : "";
    throw new WavError(
      `Cannot decode WAV: expected 'RIFF' at byte 0, found ${quote(riff)}${hint}`,
      0,
    );
  }
  if (fourcc(u8, 8) !== "WAVE") {
    throw new WavError(
      `Cannot decode WAV: expected 'WAVE' at byte 8, found ${quote(fourcc(u8, 8))}`,
      8,
    );
  }
  const end = Math.min(u8.length, 8 + view.getUint32(4, true));
  let fmt: Fmt | undefined;
  let dataAt = -1;
  let dataSize = 0;
  let pos = 12;
  while (pos + 8 <= end && (fmt === undefined || dataAt < 0)) {
    const id = fourcc(u8, pos);
    const size = view.getUint32(pos + 4, true);
    const body = pos + 8;
    if (body + size > end) {
      throw new WavError(
        `Cannot decode WAV: chunk ${quote(id)} at byte ${pos} says ${size} bytes but only ${
          end - body
        } remain (is the file truncated?)`,
        pos,
      );
    }
    if (id === "fmt " && fmt === undefined) fmt = readFmt(view, body, size);
    if (id === "data" && dataAt < 0) {
      dataAt = body;
      dataSize = size;
    }
    pos = body + size + (size & 1);
  }
  if (fmt === undefined) throw new WavError("Cannot decode WAV: no 'fmt ' chunk", 12);
  if (dataAt < 0) throw new WavError("Cannot decode WAV: no 'data' chunk", 12);
  if (dataSize % fmt.blockAlign !== 0) {
    throw new WavError(
      `Cannot decode WAV: the data chunk holds ${dataSize} bytes, not a whole number of ${fmt.blockAlign}-byte frames`,
      dataAt - 8,
    );
  }
  const frames = dataSize / fmt.blockAlign;
  const channels = Array.from({ length: fmt.channels }, () => new Float32Array(frames));
  readFrames(view, dataAt, fmt, channels);
  return { sampleRate: fmt.sampleRate, format: fmt.format, channels };
}

interface Fmt {
  format: WavSampleFormat;
  channels: number;
  sampleRate: number;
  blockAlign: number;
}

function readFmt(view: DataView, at: number, size: number): Fmt {
  if (size < 16) {
    throw new WavError(
      `Cannot decode WAV: the 'fmt ' chunk is ${size} bytes, expected at least 16`,
      at - 8,
    );
  }
  let tag = view.getUint16(at, true);
  const channels = view.getUint16(at + 2, true);
  const sampleRate = view.getUint32(at + 4, true);
  const blockAlign = view.getUint16(at + 12, true);
  const bits = view.getUint16(at + 14, true);
  if (tag === WAVE_FORMAT_EXTENSIBLE) {
    if (size < 40 || view.getUint16(at + 16, true) < 22) {
      throw new WavError(
        `Cannot decode WAV: WAVE_FORMAT_EXTENSIBLE needs a 40-byte 'fmt ' chunk, got ${size} bytes`,
        at - 8,
      );
    }
    tag = view.getUint16(at + 24, true);
    const tail = GUID_TAIL.every((b, i) => view.getUint8(at + 26 + i) === b);
    if (!tail) {
      throw new WavError(
        "Cannot decode WAV: WAVE_FORMAT_EXTENSIBLE with a non-standard SubFormat GUID is not supported",
        at + 24,
      );
    }
  }
  const format = sampleFormat(tag, bits);
  if (format === undefined) {
    throw new WavError(
      `Cannot decode WAV: format tag ${tag} with ${bits}-bit samples is not supported; lel reads PCM (tag 1) at 8, 16, 24 or 32 bits and IEEE float (tag 3) at 32 or 64 bits`,
      at,
    );
  }
  if (channels === 0 || sampleRate === 0) {
    throw new WavError(
      `Cannot decode WAV: the 'fmt ' chunk says ${channels} channels at ${sampleRate} Hz`,
      at,
    );
  }
  if (blockAlign !== channels * (bits / 8)) {
    throw new WavError(
      `Cannot decode WAV: block align is ${blockAlign} bytes, expected ${
        channels * (bits / 8)
      } for ${channels} channels of ${bits} bits`,
      at + 12,
    );
  }
  return { format, channels, sampleRate, blockAlign };
}

function sampleFormat(tag: number, bits: number): WavSampleFormat | undefined {
  if (tag === WAVE_FORMAT_PCM) {
    if (bits === 8) return "u8";
    if (bits === 16) return "s16";
    if (bits === 24) return "s24";
    if (bits === 32) return "s32";
  }
  if (tag === WAVE_FORMAT_IEEE_FLOAT) {
    if (bits === 32) return "f32";
    if (bits === 64) return "f64";
  }
  return undefined;
}

function readFrames(view: DataView, at: number, fmt: Fmt, out: Float32Array[]): void {
  const n = out[0].length;
  const nc = out.length;
  const width = fmt.blockAlign / nc;
  let p = at;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < nc; c++) {
      let x: number;
      switch (fmt.format) {
        case "u8":
          x = (view.getUint8(p) - 128) / 128;
          break;
        case "s16":
          x = view.getInt16(p, true) / 32768;
          break;
        case "s24":
          x = ((view.getInt8(p + 2) << 16) | view.getUint16(p, true)) / 8388608;
          break;
        case "s32":
          x = view.getInt32(p, true) / 2147483648;
          break;
        case "f32":
          x = view.getFloat32(p, true);
          break;
        case "f64":
          x = view.getFloat64(p, true);
          break;
      }
      out[c][i] = x;
      p += width;
    }
  }
}
