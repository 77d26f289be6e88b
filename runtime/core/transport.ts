/**
 * The transport: the engine's tempo and its beat position, continuous across reloads and
 * across tempo changes.
 *
 * The position is a function of the frame, piecewise exact: since the last tempo change at
 * frame `f0` (beat `b0`), while the tempo holds at `bpm`,
 * `beat(f) = b0 + ((f − f0) · bpm) / (60 · sr)` (so with no change yet, `f · bpm / (60·sr)`
 * rounded once: a beat that falls on a frame lands exactly on it). A tempo change never
 * jumps the position: the rate glides linearly from the old tempo to the new one over
 * {@linkcode TEMPO_GLIDE_SECONDS}, frame by frame (`bpm(k) = bpm0 + (bpm1 − bpm0)·k/G` for
 * the k-th frame of the glide, `beat` adds `bpm(k)/(60·sr)` per frame), then holds.
 * @module
 */

/** Tempo when nothing set one, in beats per minute. */
export const DEFAULT_BPM = 120;

/** Beats per bar when nothing set it. */
export const DEFAULT_BEATS_PER_BAR = 4;

/** How long a tempo change glides, in seconds (the rate ramps linearly; the beat never jumps). */
export const TEMPO_GLIDE_SECONDS = 0.1;

/** Slowest and fastest tempo, in beats per minute. */
export const MIN_BPM = 1;
export const MAX_BPM = 1000;

/**
 * Beats per bar of the engine rendering now: set by the engine before each signal's block, so
 * step functions (patterns count in bars) read it without a per-frame argument.
 */
export let barBeats: number = DEFAULT_BEATS_PER_BAR;

/**
 * Sets {@linkcode barBeats} (the engine does, before it renders a signal).
 *
 * @param beats Beats per bar.
 */
export function setBarBeats(beats: number): void {
  barBeats = beats;
}

/** Where the transport is. */
export interface TransportState {
  /** Tempo in beats per minute (the target, when a change is still gliding). */
  readonly bpm: number;
  /** Beats per bar. */
  readonly beatsPerBar: number;
  /** Beats since the transport started (fractional). */
  readonly beat: number;
  /** Bars since the transport started (fractional: `beat / beatsPerBar`). */
  readonly bar: number;
}

/** Options for {@linkcode Transport.setTempo}. */
export interface TempoOptions {
  /** Beats per bar from now on (a whole number 1..64). @default {unchanged} */
  beatsPerBar?: number;
  /** Glide to the new tempo (false: change at once). @default {true} */
  glide?: boolean;
}

/**
 * Checks a tempo.
 *
 * @param bpm Beats per minute.
 * @param beatsPerBar Beats per bar, when given.
 * @throws {RangeError} When either is out of range.
 */
export function checkTempo(bpm: number, beatsPerBar?: number): void {
  if (typeof bpm !== "number" || !(bpm >= MIN_BPM && bpm <= MAX_BPM)) {
    throw new RangeError(
      `Cannot set the tempo: bpm must be a number ${MIN_BPM}..${MAX_BPM}, got ${String(bpm)}`,
    );
  }
  if (
    beatsPerBar !== undefined &&
    !(Number.isInteger(beatsPerBar) && beatsPerBar >= 1 && beatsPerBar <= 64)
  ) {
    throw new RangeError(
      `Cannot set the tempo: beatsPerBar must be a whole number 1..64, got ${String(beatsPerBar)}`,
    );
  }
}

/** The engine's clock in beats. */
export class Transport {
  readonly #sr: number;
  readonly #den: number;
  /** The current segment: from frame `#f0` at beat `#b0`, gliding `#bpm0 → #bpm1` over `#g`. */
  #f0 = 0;
  #b0 = 0;
  #bpm0 = DEFAULT_BPM;
  #bpm1 = DEFAULT_BPM;
  #g = 0;
  /** The beat where the glide ends (valid when `#g > 0`). */
  #bEnd = 0;
  #beatsPerBar = DEFAULT_BEATS_PER_BAR;

  /** @param sampleRate The engine's sample rate in Hz. */
  constructor(sampleRate: number) {
    this.#sr = sampleRate;
    this.#den = 60 * sampleRate;
  }

  /** Tempo the transport is at or gliding to, in beats per minute. */
  get bpm(): number {
    return this.#bpm1;
  }

  /** Beats per bar. */
  get beatsPerBar(): number {
    return this.#beatsPerBar;
  }

  /**
   * The beat position at a frame of the current segment or after it.
   *
   * @param frame Engine frame (not before the last tempo change).
   * @returns Beats since the transport started.
   */
  beatAt(frame: number): number {
    const k = frame - this.#f0;
    if (this.#g === 0) return this.#b0 + (k * this.#bpm1) / this.#den;
    if (k <= this.#g) {
      const rise = ((this.#bpm1 - this.#bpm0) * ((k * (k - 1)) / 2)) / this.#g;
      return this.#b0 + (k * this.#bpm0 + rise) / this.#den;
    }
    return this.#bEnd + ((k - this.#g) * this.#bpm1) / this.#den;
  }

  /**
   * The tempo at a frame (gliding during a change).
   *
   * @param frame Engine frame.
   * @returns Beats per minute.
   */
  bpmAt(frame: number): number {
    const k = frame - this.#f0;
    if (this.#g === 0 || k >= this.#g) return this.#bpm1;
    return this.#bpm0 + ((this.#bpm1 - this.#bpm0) * k) / this.#g;
  }

  /**
   * Changes the tempo from `frame` on: the beat carries on from where it is, the rate glides
   * (or, with `glide: false`, changes at once).
   *
   * @param bpm Beats per minute, 1..1000.
   * @param frame The engine frame the change starts at.
   * @param options Beats per bar; whether to glide.
   */
  setTempo(bpm: number, frame: number, options: TempoOptions = {}): void {
    checkTempo(bpm, options.beatsPerBar);
    if (options.beatsPerBar !== undefined) this.#beatsPerBar = options.beatsPerBar;
    const beat = this.beatAt(frame);
    const from = this.bpmAt(frame);
    this.#f0 = frame;
    this.#b0 = beat;
    this.#bpm0 = from;
    this.#bpm1 = bpm;
    const glide = options.glide !== false && from !== bpm;
    this.#g = glide ? Math.max(1, Math.round(TEMPO_GLIDE_SECONDS * this.#sr)) : 0;
    if (this.#g > 0) {
      const g = this.#g;
      this.#bEnd = this.#b0 + (g * from + ((bpm - from) * ((g * (g - 1)) / 2)) / g) / this.#den;
    }
  }

  /**
   * Writes the beat and the tempo of `n` frames from `start` (one block; no allocation).
   *
   * @param start First engine frame.
   * @param n Frames.
   * @param beats Receives each frame's beat.
   * @param bpms Receives each frame's tempo.
   */
  fill(start: number, n: number, beats: Float64Array, bpms: Float64Array): void {
    if (this.#g === 0 || start - this.#f0 >= this.#g) {
      // Holding: every frame from the same segment formula (no accumulated rounding).
      const base = this.#g === 0 ? this.#b0 : this.#bEnd;
      const from = this.#g === 0 ? this.#f0 : this.#f0 + this.#g;
      const bpm = this.#bpm1;
      const den = this.#den;
      for (let i = 0; i < n; i++) {
        beats[i] = base + ((start + i - from) * bpm) / den;
        bpms[i] = bpm;
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      beats[i] = this.beatAt(start + i);
      bpms[i] = this.bpmAt(start + i);
    }
  }

  /**
   * Where the transport is at a frame.
   *
   * @param frame Engine frame.
   * @returns Tempo, beats per bar, beat and bar.
   */
  state(frame: number): TransportState {
    const beat = this.beatAt(frame);
    return { bpm: this.#bpm1, beatsPerBar: this.#beatsPerBar, beat, bar: beat / this.#beatsPerBar };
  }

  /**
   * The first frame at or after `frame` where the beat reaches a multiple of `beats` (the next
   * beat or bar line, for quantised changes).
   *
   * @param frame Engine frame to start from.
   * @param beats The grid in beats (1 for a beat, `beatsPerBar` for a bar).
   * @returns The frame.
   */
  nextLine(frame: number, beats: number): number {
    return this.nextGridLine(frame, beats).frame;
  }

  /**
   * The next beat or bar line at or after `frame`: its first frame and which line it is.
   *
   * @param frame Engine frame to start from.
   * @param beats The grid in beats (1 for a beat, `beatsPerBar` for a bar).
   * @returns The frame, and the line's 0-based index on the grid (`beat / beats` there, a
   *   whole number: bar 4 is the fifth bar).
   */
  nextGridLine(frame: number, beats: number): { frame: number; line: number } {
    const here = this.beatAt(frame);
    const line = Math.ceil(here / beats - 1e-12);
    const target = line * beats;
    if (target <= here) return { frame, line };
    // Estimate from the current rate, then walk to the exact first frame at or past the line.
    let f = frame + Math.max(0, Math.floor(((target - here) * this.#den) / this.bpmAt(frame)) - 2);
    while (this.beatAt(f) < target) f++;
    while (f > frame && this.beatAt(f - 1) >= target) f--;
    return { frame: f, line };
  }
}
