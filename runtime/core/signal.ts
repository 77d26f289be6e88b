/**
 * The signal model's types: the reused context `s` and the signal function.
 * @module
 */

/**
 * The context every signal receives, one reused object per engine.
 *
 * Fields are updated in place before each call; never keep a reference to `s.state` of another
 * signal, and never store `s` itself.
 */
export interface Context {
  /** Seconds since the engine started, continuous across reloads. */
  t: number;
  /** Integer frame count since the engine started. */
  frame: number;
  /** Sample rate in hertz. */
  sr: number;
  /** Seconds per frame, `1 / sr`. */
  dt: number;
  /** Name of the signal being rendered (or registered). */
  name: string;
  /** This signal's own slots (`SLOTS_PER_SIGNAL` doubles), kept by name across reloads. */
  state: Float64Array;
  /** Beats since the transport started (fractional), continuous across reloads and tempo changes. */
  beat: number;
  /** The tempo this frame, in beats per minute (it glides when the tempo changes). */
  bpm: number;
  /** Beats per bar (changes only when a save or `tempo()` changes it). */
  beatsPerBar: number;
}

/**
 * The engine's context with the block's transport arrays the runners read each frame's
 * `beat` and `bpm` from (one pair per engine, filled once per block).
 */
export interface EngineContext extends Context {
  /** Each frame's beat, this block. */
  readonly beats: Float64Array;
  /** Each frame's tempo, this block. */
  readonly bpms: Float64Array;
}

/** One frame of output: a number (mono) or one number per channel. */
export type Frame = number | ArrayLike<number>;

/**
 * A signal: called once per frame with the context, returns that frame's value(s).
 *
 * Helpers return signals; any `(s) => number` written by hand is one too.
 */
export type Signal = (s: Context) => Frame;

/** A parameter that can be a constant or a signal (a modulator). */
export type Param = number | Signal;
