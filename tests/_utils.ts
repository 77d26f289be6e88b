/**
 * Shared test helpers: spectra, levels and a quiet engine.
 * @module
 */

import { setLogger, SILENT_LOGGER } from "../runtime/core/log.ts";

/**
 * Magnitude of the DFT of `x` at an exact frequency (a single Goertzel-style bin, with a Hann
 * window so leakage from other partials stays low), normalised so a full-scale sine at `hz`
 * reads about 1.
 */
export function toneAmplitude(x: ArrayLike<number>, hz: number, sr: number): number {
  const n = x.length;
  let re = 0;
  let im = 0;
  let wsum = 0;
  for (let i = 0; i < n; i++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
    const ph = (2 * Math.PI * hz * i) / sr;
    re += w * x[i] * Math.cos(ph);
    im -= w * x[i] * Math.sin(ph);
    wsum += w;
  }
  return (2 * Math.hypot(re, im)) / wsum;
}

/** Frequency of the largest bin of a plain DFT of `x` (bin width sr / n), DC excluded. */
export function peakFrequency(x: ArrayLike<number>, sr: number, maxHz = sr / 2): number {
  const n = x.length;
  const bins = Math.min(Math.floor(n / 2), Math.floor((maxHz * n) / sr));
  // Radix-2 FFT when n is a power of two; plain DFT otherwise.
  const mags = (n & (n - 1)) === 0 ? fftMagnitudes(x) : dftMagnitudes(x, bins);
  let best = 1;
  for (let k = 2; k <= bins && k < mags.length; k++) if (mags[k] > mags[best]) best = k;
  return (best * sr) / n;
}

function dftMagnitudes(x: ArrayLike<number>, bins: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(bins + 1);
  for (let k = 0; k <= bins; k++) {
    let re = 0;
    let im = 0;
    for (let i = 0; i < n; i++) {
      const ph = (2 * Math.PI * k * i) / n;
      re += x[i] * Math.cos(ph);
      im -= x[i] * Math.sin(ph);
    }
    out[k] = Math.hypot(re, im);
  }
  return out;
}

/** Magnitudes of the FFT of `x` (length a power of two), bins 0..n/2. */
export function fftMagnitudes(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const re = Float64Array.from(x);
  const im = new Float64Array(n);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(ang * k);
        const wi = Math.sin(ang * k);
        const ar = re[i + k + len / 2];
        const ai = im[i + k + len / 2];
        const tr = ar * wr - ai * wi;
        const ti = ar * wi + ai * wr;
        re[i + k + len / 2] = re[i + k] - tr;
        im[i + k + len / 2] = im[i + k] - ti;
        re[i + k] += tr;
        im[i + k] += ti;
      }
    }
  }
  const out = new Float64Array(n / 2 + 1);
  for (let k = 0; k <= n / 2; k++) out[k] = Math.hypot(re[k], im[k]);
  return out;
}

/** Root mean square. */
export function rms(x: ArrayLike<number>, from = 0, to = x.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += x[i] * x[i];
  return Math.sqrt(sum / Math.max(1, to - from));
}

/** Largest absolute sample. */
export function peak(x: ArrayLike<number>, from = 0, to = x.length): number {
  let p = 0;
  for (let i = from; i < to; i++) p = Math.max(p, Math.abs(x[i]));
  return p;
}

/** Ratio in decibels. */
export function toDb(ratio: number): number {
  return 20 * Math.log10(ratio);
}

/** Largest absolute sample-to-sample step in `x[from..to)`. */
export function maxStep(x: ArrayLike<number>, from = 1, to = x.length): number {
  let m = 0;
  for (let i = Math.max(1, from); i < to; i++) m = Math.max(m, Math.abs(x[i] - x[i - 1]));
  return m;
}

/** Runs `fn` with the logger silenced, collecting what it would have printed. */
export async function quietly<T>(
  fn: () => T | Promise<T>,
): Promise<{ value: T; errors: string[] }> {
  const errors: string[] = [];
  const previous = setLogger({ info: () => {}, error: (m) => errors.push(m) });
  try {
    return { value: await fn(), errors };
  } finally {
    setLogger(previous);
  }
}

export { SILENT_LOGGER };
