/**
 * Sample-rate conversion for samples, run once when a file is loaded (never on the audio
 * path): a Kaiser-windowed sinc, band-limited to the lower of the two rates.
 * @module
 */

/**
 * Half the kernel's length in samples at the lower of the two rates: the kernel spans
 * `2 · RESAMPLE_HALF_TAPS` = 80 taps when upsampling (more input taps, `80 · in/out`, when
 * downsampling, where it is stretched to the output's band).
 */
export const RESAMPLE_HALF_TAPS = 40;

/**
 * The sinc's cutoff (its −6 dB point) as a fraction of the lower rate's Nyquist frequency:
 * with the window below, the transition band runs from 0.82 to 1.0 · Nyquist (18.1 to 22.05 kHz
 * for 44.1 kHz), so the passband reaches 18 kHz and nothing above Nyquist folds back.
 */
export const RESAMPLE_CUTOFF = 0.91;

/** The Kaiser window's β: stopband and passband ripple near −108 dB (Kaiser's A = β/0.1102 + 8.7). */
export const RESAMPLE_KAISER_BETA = 11;

/** Table entries per unit of the kernel's argument (linear interpolation between them). */
const STEPS = 4096;

let table: Float64Array | undefined;

/**
 * The zeroth-order modified Bessel function of the first kind, I₀(x), by its power series
 * `Σ ((x/2)^k / k!)²` (terms below 1e-17 of the sum are dropped).
 */
function besselI0(x: number): number {
  const q = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; term > sum * 1e-17; k++) {
    term *= q / (k * k);
    sum += term;
  }
  return sum;
}

/** I₀(β), the Kaiser window's normaliser. */
const I0_BETA = besselI0(RESAMPLE_KAISER_BETA);

/**
 * The kernel `fc · sinc(fc · u) · I₀(β·√(1 − (u/H)²)) / I₀(β)` at `u ≥ 0` lower-rate samples
 * from its centre (it is even), 0 from `H = RESAMPLE_HALF_TAPS` on.
 */
function kernelAt(u: number): number {
  if (u >= RESAMPLE_HALF_TAPS) return 0;
  const x = Math.PI * RESAMPLE_CUTOFF * u;
  const sinc = u === 0 ? 1 : Math.sin(x) / x;
  const r = u / RESAMPLE_HALF_TAPS;
  return (RESAMPLE_CUTOFF * sinc * besselI0(RESAMPLE_KAISER_BETA * Math.sqrt(1 - r * r))) /
    I0_BETA;
}

/**
 * The kernel tabulated once, `STEPS` entries per sample plus two zeros past the end, for ratios
 * whose taps are weighed frame by frame (linear interpolation between entries, error ≤ 1.3e-8).
 */
function kernelTable(): Float64Array {
  if (table !== undefined) return table;
  const n = RESAMPLE_HALF_TAPS * STEPS;
  const t = new Float64Array(n + 2);
  for (let k = 0; k < n; k++) t[k] = kernelAt(k / STEPS);
  table = t;
  return t;
}

/** Audio to resample: its rate and one array per channel (a {@linkcode DecodedWav} fits). */
export interface ResampleInput {
  /** Sample rate in hertz. */
  readonly sampleRate: number;
  /** One array per channel, all the same length. */
  readonly channels: readonly Float32Array[];
}

/**
 * The number of frames {@linkcode resample} returns: `round(frames · to / from)`, halves
 * rounded up, computed in integers.
 *
 * @param frames Input frames.
 * @param fromRate Input sample rate in hertz.
 * @param toRate Output sample rate in hertz.
 * @returns Output frames.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(resampledLength(44100, 44100, 48000), 48000);
 * assert.equal(resampledLength(3, 44100, 48000), 3); // 3.27 rounds down
 * ```
 */
export function resampledLength(frames: number, fromRate: number, toRate: number): number {
  return Math.floor((2 * frames * toRate + fromRate) / (2 * fromRate));
}

/**
 * Converts audio to another sample rate with a Kaiser-windowed sinc: 80 taps at the lower
 * rate, β = 11, cutoff 0.91 of the lower rate's Nyquist, so the stopband starts at Nyquist.
 * Channels are converted independently with the same kernel; samples before the start and
 * after the end count as silence, so output frame `j` sits exactly at input time
 * `j · from / to` and the ringing before the first sample is cut (a sample still starts at its
 * onset). Equal rates return the input's own arrays, untouched.
 *
 * Measured (tests/runtime/core/samples/resample_test.ts): 44.1 → 48 kHz sines from 20 Hz to 18 kHz
 * are within −109 dB of the analytic sine at the new rate (48 → 44.1 kHz: −112 dB); the
 * passband is −0.3 dB at 19 kHz and −5 dB at 20 kHz (of a 44.1 kHz file); 48 → 44.1 kHz keeps
 * every tone from 22.05 to 24 kHz more than 106 dB down, so nothing folds back audibly.
 * Cost: 80 multiply-adds per output frame and channel when upsampling. The weights of each
 * phase of the ratio are computed exactly, once (160 phases for 44.1 → 48 kHz); a ratio with
 * more than a bank's worth of phases (e.g. 44.1 → 48.001 kHz) weighs every frame from a
 * table instead, within 1.3e-8 per tap. A second of 44.1 kHz stereo takes about 9–11 ms here.
 * It runs at load time, in a worker when preloaded.
 *
 * Reference: J. O. Smith, "Digital Audio Resampling Home Page" (bandlimited interpolation,
 * ccrma.stanford.edu/~jos/resample); J. F. Kaiser, "Nonrecursive digital filter design using
 * the I₀-sinh window function" (1974).
 *
 * @param input Sample rate (Hz) and channels.
 * @param toRate Output sample rate in hertz (a positive whole number).
 * @returns One new array per channel, {@linkcode resampledLength} frames long.
 * @throws {RangeError} On a rate that is not a positive whole number or unequal channels.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const x = new Float32Array(441).fill(0.5);
 * const [y] = resample({ sampleRate: 44100, channels: [x] }, 48000);
 * assert.equal(y.length, 480);
 * assert.ok(Math.abs(y[240] - 0.5) < 1e-4); // DC passes (away from the edges)
 * assert.equal(resample({ sampleRate: 48000, channels: [x] }, 48000)[0], x);
 * ```
 */
export function resample(input: ResampleInput, toRate: number): Float32Array[] {
  const from = input.sampleRate;
  checkRate(from, "input");
  checkRate(toRate, "output");
  const channels = input.channels;
  const n = channels.length === 0 ? 0 : channels[0].length;
  for (let c = 1; c < channels.length; c++) {
    if (channels[c].length !== n) {
      throw new RangeError(
        `Cannot resample: channels must have the same length, got ${n} frames in channel 0 and ${
          channels[c].length
        } in channel ${c}`,
      );
    }
  }
  if (from === toRate || channels.length === 0) return channels.slice();
  const frames = resampledLength(n, from, toRate);
  const out = channels.map(() => new Float32Array(frames));
  const scale = Math.min(1, toRate / from);
  const reach = RESAMPLE_HALF_TAPS / scale;
  const g = gcd(from, toRate);
  const phases = toRate / g;
  const width = Math.floor(2 * reach) + 2;
  if (phases * width <= MAX_BANK) {
    convolve(channels, out, phaseBank(phases, from / g, scale, reach, width));
  } else {
    directly(channels, out, from, toRate, scale, reach);
  }
  return out;
}

/** Largest polyphase weight bank (doubles, 4 MiB); rarer ratios weigh each frame directly. */
const MAX_BANK = 1 << 19;

/**
 * The taps of one output frame at fraction `frac` of an input step, into `w` from `at`: the
 * exact kernel (a phase bank, computed once per phase) or the table (every frame).
 */
function weigh(
  frac: number,
  scale: number,
  reach: number,
  w: Float64Array,
  at: number,
  exact: boolean,
): number {
  const t = exact ? undefined : kernelTable();
  const first = -Math.floor(reach - frac);
  const last = Math.floor(reach + frac);
  for (let off = first; off <= last; off++) {
    const v = Math.abs(frac - off) * scale;
    if (t === undefined) {
      w[at + off - first] = kernelAt(v);
    } else {
      const u = v * STEPS;
      const k = Math.floor(u);
      w[at + off - first] = k >= t.length - 1 ? 0 : t[k] + (t[k + 1] - t[k]) * (u - k);
    }
  }
  return first;
}

/** The weights of every phase of a rational ratio: output frame j has phase (j·step) mod phases. */
interface PhaseBank {
  readonly phases: number;
  readonly step: number;
  readonly width: number;
  readonly scale: number;
  /** Offset of each phase's first tap from the input frame at or before it. */
  readonly first: Int32Array;
  /** Taps per phase. */
  readonly count: Int32Array;
  readonly weights: Float64Array;
}

function phaseBank(
  phases: number,
  step: number,
  scale: number,
  reach: number,
  width: number,
): PhaseBank {
  const first = new Int32Array(phases);
  const count = new Int32Array(phases);
  const weights = new Float64Array(phases * width);
  for (let p = 0; p < phases; p++) {
    const frac = p / phases;
    first[p] = weigh(frac, scale, reach, weights, p * width, true);
    count[p] = Math.floor(reach + frac) - first[p] + 1;
  }
  return { phases, step, width, scale, first, count, weights };
}

/** Every output frame from the bank: the taps that fall inside the input, times the samples. */
function convolve(channels: readonly Float32Array[], out: Float32Array[], bank: PhaseBank): void {
  const { phases, step, width, scale, first, count, weights } = bank;
  const n = channels[0].length;
  let whole = 0;
  let phase = 0;
  for (let j = 0; j < out[0].length; j++) {
    const start = whole + first[phase];
    const lo = start < 0 ? 0 : start;
    const end = start + count[phase];
    const hi = end > n ? n : end;
    const w0 = phase * width - start;
    for (let c = 0; c < channels.length; c++) {
      const x = channels[c];
      let acc = 0;
      for (let i = lo; i < hi; i++) acc += weights[w0 + i] * x[i];
      out[c][j] = acc * scale;
    }
    phase += step;
    if (phase >= phases) {
      whole += Math.floor(phase / phases);
      phase %= phases;
    }
  }
}

/** Every output frame with its taps weighed on the spot (ratios with too many phases). */
function directly(
  channels: readonly Float32Array[],
  out: Float32Array[],
  from: number,
  to: number,
  scale: number,
  reach: number,
): void {
  const n = channels[0].length;
  const w = new Float64Array(Math.floor(2 * reach) + 2);
  for (let j = 0; j < out[0].length; j++) {
    const whole = Math.floor((j * from) / to);
    const start = whole + weigh((j * from - whole * to) / to, scale, reach, w, 0, false);
    const lo = Math.max(0, start);
    const hi = Math.min(n, whole + Math.floor(reach + (j * from - whole * to) / to) + 1);
    for (let c = 0; c < channels.length; c++) {
      const x = channels[c];
      let acc = 0;
      for (let i = lo; i < hi; i++) acc += w[i - start] * x[i];
      out[c][j] = acc * scale;
    }
  }
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function checkRate(rate: number, which: string): void {
  if (!(Number.isInteger(rate) && rate > 0)) {
    throw new RangeError(
      `Cannot resample: the ${which} sample rate must be a positive whole number of hertz, got ${rate}`,
    );
  }
}
