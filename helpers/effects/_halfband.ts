/**
 * The polyphase IIR half-band filter `drive` oversamples with: two paths of first-order
 * allpass sections in z⁻², whose sum is an elliptic lowpass with its −3 dB point at a quarter
 * of the (oversampled) rate. As a 2× upsampler each path makes one of the two output samples;
 * as a 2× downsampler each path takes one of the two input samples. Six multiplies per
 * input sample give 80 dB of stopband, where a linear-phase FIR half-band would need about
 * fifty (this one's phase is not linear, which a waveshaper does not mind).
 *
 * Design: R. A. Valenzuela and A. G. Constantinides, "Digital signal processing schemes for
 * efficient interpolation and decimation", IEE Proceedings G 130(6), 1983, in the form of
 * L. de Soras's HIIR library (its elliptic-function series for the coefficients).
 * @module
 */

/**
 * The selectivity `k` and nome `q` of an elliptic half-band filter whose transition band is
 * `transition` (a fraction of the sample rate) wide, centred on a quarter of the rate.
 */
function ellipticParams(transition: number): { k: number; q: number } {
  const t = Math.tan((1 - 2 * transition) * Math.PI / 4);
  const k = t * t;
  const root = Math.pow(1 - k * k, 0.25);
  const e = 0.5 * (1 - root) / (1 + root);
  const e4 = e * e * e * e;
  return { k, q: e * (1 + e4 * (2 + e4 * (15 + 150 * e4))) };
}

/** Sum of a theta-function series until its terms vanish (q < 0.5: a few terms). */
function thetaSum(q: number, order: number, c: number, numerator: boolean): number {
  let sum = 0;
  for (let i = numerator ? 0 : 1, sign = numerator ? 1 : -1;; i++, sign = -sign) {
    const term = numerator
      ? Math.pow(q, i * (i + 1)) * Math.sin((2 * i + 1) * c * Math.PI / order) * sign
      : Math.pow(q, i * i) * Math.cos(2 * i * c * Math.PI / order) * sign;
    sum += term;
    if (Math.abs(term) < 1e-100) return sum;
  }
}

/**
 * The allpass coefficients of an elliptic polyphase half-band lowpass, in increasing order:
 * even indices form the first path, odd indices the second.
 *
 * @param count Coefficients (allpass sections), ≥ 1; the filter's order is `2·count + 1`.
 * @param transition Width of the transition band as a fraction of the sample rate, 0..0.5
 *   (the passband ends at `(0.25 − transition/2)·rate`, the stopband starts at
 *   `(0.25 + transition/2)·rate`).
 * @returns The coefficients, each in 0..1.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const a = halfbandCoefficients(6, 0.05);
 * assert.equal(a.length, 6);
 * assert.ok(a.every((v, i) => v > 0 && v < 1 && (i === 0 || v > a[i - 1])));
 * ```
 */
export function halfbandCoefficients(count: number, transition: number): Float64Array {
  const { k, q } = ellipticParams(transition);
  const order = 2 * count + 1;
  const out = new Float64Array(count);
  for (let index = 0; index < count; index++) {
    const c = index + 1;
    const ww = thetaSum(q, order, c, true) * Math.pow(q, 0.25) /
      (thetaSum(q, order, c, false) + 0.5);
    const w2 = ww * ww;
    const x = Math.sqrt((1 - w2 * k) * (1 - w2 / k)) / (1 + w2);
    out[index] = (1 - x) / (1 + x);
  }
  return out;
}

/**
 * The stopband attenuation the design reaches (its equiripple stopband level).
 *
 * @param count Coefficients.
 * @param transition Transition band width, a fraction of the sample rate.
 * @returns Attenuation in dB, > 0.
 */
export function halfbandAttenuation(count: number, transition: number): number {
  const { q } = ellipticParams(transition);
  const a = 4 * Math.exp((2 * count + 1) * 0.5 * Math.log(q));
  return -10 * Math.log10(a / (1 + a));
}

/** Coefficients of `drive`'s half-band: 6 sections, transition 0.05 of the 2× rate. */
export const HALFBAND_COUNT = 6;
/** Transition band of `drive`'s half-band as a fraction of the 2× rate (96 kHz: 21.6–26.4 kHz). */
export const HALFBAND_TRANSITION = 0.05;
/** Sections per path. */
const SECTIONS = HALFBAND_COUNT / 2;
const HALFBAND = halfbandCoefficients(HALFBAND_COUNT, HALFBAND_TRANSITION);

/** Doubles of state one half-band pair keeps: `SECTIONS + 1` per path. */
export const HALFBAND_SLOTS = 2 * (SECTIONS + 1);
/** Offset of the first path's output (its last slot); the second path's follows it. */
export const HALFBAND_OUT = 2 * SECTIONS;

/**
 * One step of both paths of the half-band: the first path (even coefficients) takes `e`, the
 * second (odd coefficients) takes `o`. Each section is the allpass `y = a·(x − y₁) + x₁` in
 * the low rate's z⁻¹; a path of n sections keeps n + 1 doubles (each section's previous input,
 * which is its predecessor's previous output, and the last previous output), the two paths'
 * interleaved: `mem[i + 2m]` the first's, `mem[i + 2m + 1]` the second's. The outputs stay in
 * the last two slots, `mem[i + HALFBAND_OUT]` and `mem[i + HALFBAND_OUT + 1]`.
 *
 * As a 2× upsampler: `e = o = x`, the outputs are the two new samples, first then second. As a
 * 2× downsampler: `e` is the second (later) sample, `o` the first, and half the returned sum
 * is the output.
 *
 * @param mem Pool memory.
 * @param i Index of the pair's first slot ({@linkcode HALFBAND_SLOTS} doubles).
 * @param e The first path's input.
 * @param o The second path's input.
 * @returns The sum of the two paths' outputs.
 */
export function halfbandPair(mem: Float64Array, i: number, e: number, o: number): number {
  for (let m = 0; m < HALFBAND_OUT; m += 2) {
    const j = i + m;
    const ye = HALFBAND[m] * (e - mem[j + 2]) + mem[j];
    const yo = HALFBAND[m + 1] * (o - mem[j + 3]) + mem[j + 1];
    mem[j] = e;
    mem[j + 1] = o;
    e = ye;
    o = yo;
  }
  mem[i + HALFBAND_OUT] = e;
  mem[i + HALFBAND_OUT + 1] = o;
  return e + o;
}
