/**
 * One definition per helper: its parameters (with units, defaults and ranges), its state
 * layout, and its per-sample step as calls to typed step functions. The factory, the closure
 * form (any channel count), the chain compiler's kernel spec, the DSL signature and the
 * README's helper table are all derived from it.
 *
 * A step is a small program of calls, each `fn(args…)` with arguments named from a fixed
 * vocabulary (see {@linkcode Arg}):
 * - `setup`: per-frame work that depends only on parameters (coefficients); the chain compiler
 *   runs it once per block while those parameters hold still;
 * - `frame`: per-frame work shared by every channel (an LFO that advances);
 * - `channel`: one call per channel, its result that channel's output (`x` is the channel's
 *   input, `st` the index of the channel's state);
 * - `after`: per-frame work after the channels (a ring's write index);
 * - `output`: a single-channel result (sources);
 * - `outputs`: a call that writes `width` channels into `out` (a pan).
 * @module
 */

import type { Param, Signal } from "../runtime/core/signal.ts";
import type { KernelEmit, KernelStep } from "../runtime/core/kernel_spec.ts";
import type { HelperOptions } from "../runtime/core/node.ts";

/** Units a parameter can carry; they decide the DSL's unit checks and the docs' labels. */
export type ParamUnit =
  | "Hz"
  | "s"
  | "gain"
  | "dB"
  | "0..1"
  | "-1..1"
  | "number"
  | "beats";

/** A glided numeric parameter: a number (glides on reload) or a signal (modulation). */
export interface ParamDef {
  /** Its name: the factory's argument or option, the DSL's, and the step's `Arg` for it. */
  readonly name: string;
  /** What its numbers mean (Hz, seconds, gain…): the DSL's unit check and the docs' label. */
  readonly unit: ParamUnit;
  /** What it does, with its clamp, for the docs. */
  readonly doc: string;
  /**
   * Value when left out: a number, or one computed from the other arguments (`time` defaults
   * to `maxTime`). Without a default the parameter is required, unless `optional`.
   */
  readonly default?: number | ((args: ArgValues) => number);
  /** May be left out altogether (the step then sees `has(name)` false). @default {false} */
  readonly optional?: boolean;
  /** Passed in the options object rather than positionally. @default {false} */
  readonly option?: boolean;
  /** A range that sounds (tests sweep it; docs show it). */
  readonly range?: readonly [number, number];
  /** How the DSL's unit label reads, when the unit's own does not say it. */
  readonly label?: string;
  /**
   * A rate that may be locked to the transport: given `everyBeats(n)` (or `0.25b` in the DSL),
   * the step sees `locked(name)` true and the constant `${name}Beats` (the period in beats),
   * and takes its phase from the beat instead of accumulating it. @default {false}
   */
  readonly lockable?: boolean;
}

/** A number fixed when the helper is built: it sizes memory or seeds state (a delay's `maxTime`). */
export interface ConstDef {
  /** Its name: the factory's argument or option, and the step's `Arg` for its value. */
  readonly name: string;
  /** What its number means (seconds for a `maxTime`): the DSL's unit check and the label. */
  readonly unit: ParamUnit;
  /** What it does, with its limits, for the docs and the "must be a number" error. */
  readonly doc: string;
  /**
   * Value when left out: a number, or one computed from the other arguments. Without a
   * default the constant is required, unless `optional`.
   */
  readonly default?: number | ((args: ArgValues) => number);
  /** May be left out altogether (`has(name)` is then false in `init` and `step`). @default {false} */
  readonly optional?: boolean;
  /** Passed in the options object rather than positionally. @default {false} */
  readonly option?: boolean;
  /** A range that works (tests and the costs tool sweep it; docs show it). */
  readonly range?: readonly [number, number];
  /** How the DSL's unit label reads, when the unit's own does not say it. */
  readonly label?: string;
  /**
   * The DSL's default when it differs from TypeScript's (`delay 3s` gets a 3 s line).
   *
   * @param args The DSL's other arguments that are plain numbers.
   */
  readonly dslDefault?: (args: ArgValues) => number;
  /**
   * Checks the value; returns a problem ("must be > 0 seconds") or undefined.
   *
   * @param value The value given.
   */
  readonly check?: (value: number) => string | undefined;
  /** Made by `prepare` from the text arguments, not an argument itself. @default {false} */
  readonly hidden?: boolean;
}

/** What a text argument holds: a mini-notation pattern, a file path, or a name. */
export type TextUnit = "pattern" | "path" | "name";

/**
 * A text argument (a pattern, a file, a knob's name): `prepare` turns the texts into
 * constants (a table stored in the data bank, a sample's place in it, a knob's slot).
 */
export interface TextDef {
  /** Its name: the factory's argument or option, and the key `prepare` reads it by. */
  readonly name: string;
  /** What the text is: it picks the "must be a pattern string" error and the DSL's check. */
  readonly unit: TextUnit;
  /** What it does, for the docs. */
  readonly doc: string;
  /** The text when left out. @default {none: the text is required unless `optional`} */
  readonly default?: string;
  /** May be left out (`prepare` then sees it undefined). @default {false} */
  readonly optional?: boolean;
  /** Passed in the options object rather than positionally. @default {false} */
  readonly option?: boolean;
  /** A value that works, for docs, the costs tool and the tests' sweeps. */
  readonly example: string;
}

/** What {@linkcode HelperDefinition.prepare} knows besides the texts. */
export interface PrepareContext {
  /** The file the helper was written in (a relative path resolves against it), when known. */
  readonly from: string | undefined;
  /** The constants given as arguments so far (numbers by name). */
  value(name: string): number | undefined;
}

/** Arguments as given to a factory, by name (numbers, signals, or absent). */
export type ArgValues = Readonly<Record<string, Param | undefined>>;

/**
 * A step function argument:
 * - `mem` (the pool), `b` (the block's base), `sr`, `dt`, `beat` (this frame's transport
 *   beat: not in `setup`, which may run once per block);
 * - `x` (this channel's input), `ch` (this channel's index), `st` (this channel's state),
 *   `x0`, `x1` (input channels), `out` (the output pair an `outputs` call writes);
 * - a parameter's name (its value this frame), a constant's name, a `setup`/`frame` result;
 * - a header slot's name as `@name` (its index in `mem`);
 * - a number (a literal).
 */
export type Arg = string | number;

/** A step function: plain numbers and the pool in, a number (or nothing) out. */
// deno-lint-ignore no-explicit-any
export type StepFunction = (...args: any[]) => any;

/** One call of a step function. */
export interface Call {
  /** The step function to run; kernels call it by its `name`, so names are unique. */
  readonly fn: StepFunction;
  /** Its arguments, named from the step vocabulary (see {@linkcode Arg}), in order. */
  readonly args: readonly Arg[];
  /** Name of its result, for later calls. */
  readonly out?: string;
}

/**
 * A hand-written form for loops that keep state in locals (optional, see the kernel spec's
 * `local`): its code must compute the same doubles in the same order as the step.
 */
export interface LocalForm {
  /** The functions its code calls per setup, per frame and per channel (for the cost). */
  readonly calls: {
    readonly setup?: readonly StepFunction[];
    readonly frame?: readonly StepFunction[];
    readonly channel?: readonly StepFunction[];
  };
  /**
   * Emits one frame.
   *
   * @param e The chain compiler's emitter.
   * @param at Names for the definition's things in the emitted code.
   */
  readonly emit: (e: KernelEmit, at: LocalNames) => KernelStep;
}

/** What a {@linkcode LocalForm} can name. */
export interface LocalNames {
  /** A parameter's value this frame. */
  param(name: string): string;
  /** A constant's value. */
  value(name: string): string;
  /** A header slot's index in `mem`. */
  slot(name: string): string;
  /**
   * The index of channel `ch`'s state (its first per-channel slot).
   *
   * @param ch A channel number or variable.
   * @param stride Code for the channel stride, when the definition has a buffer (its length
   *   in the `stride` slot, read into a local by the caller).
   */
  channel(ch: string, stride?: string): string;
  /** The offset of a per-channel slot from the channel's state index. */
  perChannel(name: string): number;
  /** The generated name of a step function. */
  ref(fn: StepFunction): string;
}

/** One variant of a helper's per-sample work. */
export interface Step {
  /** Per-frame calls that depend only on parameters (coefficients); may run once per block. */
  readonly setup?: readonly Call[];
  /** Per-frame calls shared by every channel, before them (an LFO's phase advance). */
  readonly frame?: readonly Call[];
  /** The call run once per channel; its result is that channel's output sample. */
  readonly channel?: Call;
  /** Per-frame calls after the channels (a ring's write index). */
  readonly after?: readonly Call[];
  /** A source's one call: its result is the single-channel output sample. */
  readonly output?: Call;
  /** A call that writes `width` channels into `out` itself (a pan: 1 in, 2 out). */
  readonly outputs?: { readonly call: Call; readonly width: number };
  /** A hand-written form of this step for the chain compiler, kept bit-identical to it. */
  readonly local?: LocalForm;
  /**
   * Moves a scratch copy of the block where the step's rare branches run (warm-up of a new
   * kernel; see the kernel spec's `warm`).
   */
  readonly warm?: (mem: Float64Array, b: number, pass: number, sr: number) => boolean;
}

/** What a step variant may depend on. */
export interface StepContext {
  /** The input's channel count (1 for sources). */
  readonly width: number;
  /** Whether an optional parameter was given. */
  has(name: string): boolean;
  /** A constant's value. */
  value(name: string): number;
  /** Whether a lockable rate is locked to the transport (see `ParamDef.lockable`). */
  locked(name: string): boolean;
}

/** How a fresh block starts. */
export interface InitContext {
  /** The helper memory pool the block lives in. */
  readonly mem: Float64Array;
  /** The block's base. */
  readonly b: number;
  /** The engine's sample rate in Hz. */
  readonly sr: number;
  /** The instance's index among helpers of its type in its signal (-1 when keyed). */
  readonly index: number;
  /** The explicit identity key (`key` option or `@key`), undefined when positional. */
  readonly key: string | undefined;
  /** A constant's value. */
  value(name: string): number;
  /** Whether an optional constant was given. */
  has(name: string): boolean;
  /** A header slot's index in `mem`. */
  slot(name: string): number;
}

/** A helper, declared once. */
export interface HelperDefinition {
  /** Its type: the DSL name and the middle of its state keys (`pad_lowpass_0`). */
  readonly name: string;
  /** One line for listings and the README table. */
  readonly summary: string;
  /**
   * The piped input, when it takes one: `audio` (any channels), or `trigger` (fires on a
   * rising edge). Sources have none.
   */
  readonly input?: "audio" | "trigger";
  /** Its glided numeric parameters, in the order of the state header. @default {none} */
  readonly params?: readonly ParamDef[];
  /** Numbers fixed at build time (sizes, seeds). @default {none} */
  readonly consts?: readonly ConstDef[];
  /** Text arguments (patterns, paths, names), turned into hidden constants by `prepare`. */
  readonly texts?: readonly TextDef[];
  /**
   * Turns the text arguments into the hidden constants (runs once per instance, at build
   * time: it may parse, decode, and store tables in the data bank).
   *
   * @param texts The text arguments by name (absent optional ones undefined).
   * @param c Where the helper was written; the numeric constants given.
   * @returns Every hidden constant's value.
   */
  readonly prepare?: (
    texts: Readonly<Record<string, string | undefined>>,
    c: PrepareContext,
  ) => Readonly<Record<string, number>>;
  /** Header slots after the parameters' own: a name, or a name and a count (an array). */
  readonly slots?: readonly (string | readonly [string, number])[];
  /** Starting values of header slots (NaN, so a memoised coefficient is computed at once). */
  readonly initial?: Readonly<Record<string, number>>;
  /** Per-channel slots (`ic1eq`, `ic2eq`). */
  readonly perChannel?: readonly string[];
  /**
   * Doubles per channel after the per-channel slots (a delay ring); the channel stride is
   * then kept in the header slot `@stride`.
   */
  readonly buffer?: (sr: number, value: (name: string) => number) => number;
  /** Writes a fresh block's starting state, after the parameters and `initial`. */
  readonly init?: (c: InitContext) => void;
  /**
   * The constants a `step` function's choice depends on (a sample player's channel count):
   * their values join the key its variants are kept by (the input's width, the optional
   * parameters given and the locked rates always do). @default {none}
   */
  readonly stepConsts?: readonly string[];
  /** Its step, or a function choosing the variant. */
  readonly step: Step | ((c: StepContext) => Step);
  /** Order of the TypeScript factory's positional arguments after the input. */
  readonly order?: readonly string[];
  /** Order of the DSL's arguments after the input. @default {order, then options} */
  readonly dslOrder?: readonly string[];
}

/** Options of a derived factory: `key` plus the definition's option parameters. */
export type DefinedOptions = HelperOptions & Record<string, Param | string | undefined>;

/** Things every definition shares: checked once when it is declared. */
export const STEP_WORDS: ReadonlySet<string> = new Set([
  "mem",
  "b",
  "sr",
  "dt",
  "x",
  "ch",
  "beat",
  "x0",
  "x1",
  "st",
  "out",
]);

/** A signal factory carrying the definition it was derived from. */
export type DefinedFactory = ((...args: unknown[]) => Signal) & {
  readonly definition: HelperDefinition;
};
