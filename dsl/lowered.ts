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
  readonly kind: "number";
  readonly value: number;
  readonly span: Span;
}

/** A function passed in through `${…}` (numbers passed that way lower to numbers). */
export interface LoweredInterpolation {
  readonly kind: "interpolation";
  /** Index into the template's values. */
  readonly index: number;
  readonly span: Span;
}

/** One helper call. */
export interface LoweredCall {
  readonly kind: "call";
  readonly helper: string;
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
  readonly kind: "string";
  readonly value: string;
  readonly span: Span;
}

/**
 * A count of beats or bars that follows the tempo: a duration in seconds (`as: "time"`) or a
 * rate of once per that duration (`as: "rate"`, phase locked to the transport).
 */
export interface LoweredBeats {
  readonly kind: "beats";
  readonly value: number;
  readonly unit: "b" | "bar";
  readonly as: "time" | "rate";
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
  args: (LoweredArg | undefined)[];
  options?: Record<string, LoweredArg>;
}

/** One `name: chain` line, lowered to the value `register(name, …)` receives. */
export interface LoweredLine {
  readonly name: string;
  /** Span of the name. */
  readonly span: Span;
  readonly value: LoweredArg;
  /**
   * A `tempo: 120bpm` line sets the transport's tempo instead of registering a signal.
   * @default {undefined}
   */
  readonly tempo?: number;
}

/** A whole template, lowered. */
export interface LoweredProgram {
  readonly source: Source;
  readonly lines: readonly LoweredLine[];
  /** The template's interpolated values. */
  readonly values: readonly unknown[];
}
