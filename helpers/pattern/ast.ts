/**
 * The syntax tree of a mini-notation pattern, as {@link parsePattern} returns it. Every node
 * records where it stands in the pattern text (`offset`, `length`, 0-based), so errors and
 * editor highlights can point at it.
 * @module
 */

import type { Fraction } from "./fraction.ts";

/** Where a node stands in the pattern text. */
export interface SourceRange {
  /** 0-based index of the node's first character. */
  readonly offset: number;
  /** Number of characters. */
  readonly length: number;
}

/** What a word means: a note, a number, `x` (a plain hit) or a rest (`~` or `-`). */
export type AtomKind = "note" | "number" | "hit" | "rest";

/** One word: `c#3`, `-0.5`, `x`, `~`. */
export interface AtomNode extends SourceRange {
  readonly type: "atom";
  /** What the word means. */
  readonly kind: AtomKind;
  /** Hz for notes (A4 = 440), the number for numbers, 1 for `x`, NaN for rests. */
  readonly value: number;
  /** The exact value of a number word (used for factors, weights and Euclid arguments). */
  readonly exact?: Fraction;
  /** The word as written. */
  readonly text: string;
}

/** Steps played one after another within one cycle: `a b [c d]`. */
export interface SequenceNode extends SourceRange {
  readonly type: "sequence";
  /** The steps, at least one. */
  readonly steps: readonly StepNode[];
  /** The sum of the steps' weights (a step is 1 unless `@`, `_` or `!` changed it). */
  readonly weight: Fraction;
}

/**
 * Layers joined by one kind of separator: `a, b` (stack: all at once), `a | b` (choose: one at
 * random each cycle), `a . b` (feet: like `[a] [b]`).
 */
export interface StackNode extends SourceRange {
  readonly type: "stack";
  /** Which separator joined the layers. */
  readonly mode: "stack" | "choose" | "feet";
  /** The layers, at least two. */
  readonly layers: readonly SequenceNode[];
  /** Random seed (Strudel's numbering); used by `choose`. */
  readonly seed: number;
}

/** `<a b c>`: one step per cycle in turn; `<a b, c d e>` stacks several such lines. */
export interface AlternationNode extends SourceRange {
  readonly type: "alternation";
  /** The lines, at least one. */
  readonly layers: readonly SequenceNode[];
}

/** `{a b, c d e}` or `{a b c}%4`: layers stepping at the same rate, one step per step. */
export interface PolymeterNode extends SourceRange {
  readonly type: "polymeter";
  /** The layers, at least one. */
  readonly layers: readonly SequenceNode[];
  /** Steps per cycle after `%`; without it, the first layer's weight. */
  readonly stepsPerCycle?: PatternNode;
}

/** Any node that can stand for a step's content. */
export type PatternNode = AtomNode | SequenceNode | StackNode | AlternationNode | PolymeterNode;

/** `*f` (fast) or `/f` (slow); `f` may itself be a pattern (`a*<2 3>`). */
export interface StretchOp extends SourceRange {
  readonly type: "fast" | "slow";
  readonly amount: PatternNode;
}

/** `!n` or bare `!`: the step `count` times in a row (each one a step of its own). */
export interface ReplicateOp extends SourceRange {
  readonly type: "replicate";
  readonly count: number;
}

/** `(pulses, steps, rotation?)`: a Euclidean rhythm (Bjorklund), arguments may be patterns. */
export interface EuclidOp extends SourceRange {
  readonly type: "euclid";
  readonly pulses: StepNode;
  readonly steps: StepNode;
  readonly rotation?: StepNode;
}

/** `?` or `?p`: drop each event with probability `amount` (default 0.5), seeded. */
export interface DegradeOp extends SourceRange {
  readonly type: "degrade";
  readonly amount: number;
  /** Strudel's seed numbering (post-order over `?`, `|` and `.`). */
  readonly seed: number;
}

/** An operator applied to a step. */
export type StepOp = StretchOp | ReplicateOp | EuclidOp | DegradeOp;

/** A step: its content, the operators applied to it in order, and its weight in its sequence. */
export interface StepNode extends SourceRange {
  readonly type: "step";
  readonly body: PatternNode;
  readonly ops: readonly StepOp[];
  /** Relative length in the enclosing sequence (`@`, `_`, `!` change it). */
  readonly weight: Fraction;
}

/** A parsed pattern: its text and its tree. */
export interface Pattern {
  /** The text that was parsed. */
  readonly source: string;
  /** The tree: a sequence, or a stack of sequences. */
  readonly root: PatternNode;
}
