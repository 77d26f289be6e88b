/**
 * Sample files for the cache and preload tests: PCM of any width written byte by byte here (so
 * the decoder under test is not also the encoder), deterministic noise, and a temp folder.
 * @module
 */

/** Deterministic uniform noise in -amp..amp (an LCG), rounded to Float32. */
export function noiseSamples(frames: number, seed: number, amp = 0.9): Float32Array {
  let a = seed >>> 0;
  return Float32Array.from({ length: frames }, () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return amp * (a / 2 ** 31 - 1);
  });
}

/**
 * A plain WAV file (tag 1 PCM at 16, 24 or 32 bits, tag 3 float at 32 bits) of `channels`
 * (interleaved), samples scaled by 2^(bits−1), rounded and clamped for PCM.
 */
export function wavFile(
  channels: readonly Float32Array[],
  sampleRate: number,
  format: "s16" | "s24" | "s32" | "f32",
): Uint8Array {
  const bits = format === "s16" ? 16 : format === "s24" ? 24 : 32;
  const width = bits / 8;
  const nc = channels.length;
  const frames = channels[0].length;
  const data = frames * nc * width;
  const bytes = new Uint8Array(44 + data);
  const v = new DataView(bytes.buffer);
  const ascii = (at: number, s: string) =>
    [...s].forEach((c, i) => v.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, "RIFF");
  v.setUint32(4, 36 + data, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, format === "f32" ? 3 : 1, true);
  v.setUint16(22, nc, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * nc * width, true);
  v.setUint16(32, nc * width, true);
  v.setUint16(34, bits, true);
  ascii(36, "data");
  v.setUint32(40, data, true);
  let p = 44;
  const full = 2 ** (bits - 1);
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < nc; c++) {
      const x = channels[c][i];
      const q = Math.max(-full, Math.min(full - 1, Math.round(x * full)));
      if (format === "f32") v.setFloat32(p, x, true);
      else if (bits === 16) v.setInt16(p, q, true);
      else if (bits === 32) v.setInt32(p, q, true);
      else {
        v.setUint16(p, q & 0xffff, true);
        v.setInt8(p + 2, q >> 16);
      }
      p += width;
    }
  }
  return bytes;
}

/** A fresh temp folder; `using` removes it (and everything in it) at the end of the scope. */
export function tempFolder(): { path: string; file: (name: string) => string } & Disposable {
  const path = Deno.makeTempDirSync({ prefix: "lel_samples_" });
  return {
    path,
    file: (name: string) => `${path}/${name}`,
    [Symbol.dispose]: () => Deno.removeSync(path, { recursive: true }),
  };
}
