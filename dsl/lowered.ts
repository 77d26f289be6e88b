/**
 * The lowered form of a template: pure data, one helper call per stage with its arguments as
 * plain numbers, strings, beats, `${…}` functions and nested calls. `lower.ts` makes it,
 * `build.ts` calls the helpers it names and `print_lowered.ts` prints it.
 * @module
 */

import type { Span } from "./print_location.ts";
import type { HelperEntry } from "./registry.ts";
import type { Source } from "./source.ts";

/** A plain number (units applied). */
export interface LoweredNumber {
  /** Discriminant of the argument union. */
  readonly kind: "number";
  /**
   * The value in its parameter's base unit: Hz, seconds, a ratio (`50%` → 0.5), linear gain
   * (`-6db` → 0.501) or dB for a decibels parameter; a note is its frequency in Hz and an
   * interpolated number is passed as given.
   */
  readonly value: number;
  /** Where the number, note or `${…}` is written; errors while building point here. */
  readonly span: Span;
}

/** A function passed in through `${…}` (numbers passed that way lower to numbers). */
export interface LoweredInterpolation {
  /** Discriminant of the argument union. */
  readonly kind: "interpolation";
  /** Index into the template's values. */
  readonly index: number;
  /** Span of the `${…}` placeholder in the template text. */
  readonly span: Span;
}

/** One helper call. */
export interface LoweredCall {
  /** Discriminant of the argument union. */
  readonly kind: "call";
  /** The helper's name as written in the template. */
  readonly helper: string;
  /** The registry entry `helper` resolved to: its factory and its spec. */
  readonly entry: HelperEntry;
  /** Positional arguments, `undefined` where left out. */
  readonly args: readonly (LoweredArg | undefined)[];
  /** Options besides `key` (from a spec's `toCall`). */
  readonly options: Readonly<Record<string, LoweredArg>> | undefined;
  /** The explicit identity key (`@key`). */
  readonly key: string | undefined;
  /** Span of the helper name (errors while building point here). */
  readonly span: Span;
  /** Calls nested in this one, itself included. */
  readonly depth: number;
}

/** A string: a pattern, a file name, a knob's name. */
export interface LoweredString {
  /** Discriminant of the argument union. */
  readonly kind: "string";
  /** The text, without quotes (a pattern already checked where the parameter takes one). */
  readonly value: string;
  /** Where the string (quotes included), bare word or `${…}` is written. */
  readonly span: Span;
}

/**
 * A count of beats or bars that follows the tempo: a duration in seconds (`as: "time"`) or a
 * rate of once per that duration (`as: "rate"`, phase locked to the transport).
 */
export interface LoweredBeats {
  /** Discriminant of the argument union. */
  readonly kind: "beats";
  /** The count as written, > 0 (`0.75` in `0.75b`), in `unit`s. */
  readonly value: number;
  /** Beats (`b`) or bars (`bar`), resolved against the transport when built. */
  readonly unit: "b" | "bar";
  /** Whether the parameter takes a duration (`time`) or a frequency (`rate`). */
  readonly as: "time" | "rate";
  /** Where the count is written. */
  readonly span: Span;
}

/** An argument of a lowered call. */
export type LoweredArg =
  | LoweredNumber
  | LoweredInterpolation
  | LoweredCall
  | LoweredString
  | LoweredBeats;

/** What a spec's `toCall` returns: the factory's positional arguments and options. */
export interface CallArgs {
  /** The factory's positional arguments, `undefined` where one is left out. */
  args: (LoweredArg | undefined)[];
  /** The factory's options object (besides `key`), when the call has one. */
  options?: Record<string, LoweredArg>;
}

/** One `name: chain` line, lowered to the value `register(name, …)` receives. */
export interface LoweredLine {
  /** The signal name the line registers (`tempo` for a tempo line). */
  readonly name: string;
  /** Span of the name. */
  readonly span: Span;
  /** The chain, lowered: what `register(name, …)` receives (the bpm number on a tempo line). */
  readonly value: LoweredArg;
  /**
   * A `tempo: 120bpm` line sets the transport's tempo instead of registering a signal.
   * @default {undefined}
   */
  readonly tempo?: number;
}

/** A whole template, lowered. */
export interface LoweredProgram {
  /** The template the program was lowered from, for error frames while building. */
  readonly source: Source;
  /** The lines, in template order. */
  readonly lines: readonly LoweredLine[];
  /** The template's interpolated values. */
  readonly values: readonly unknown[];
}
