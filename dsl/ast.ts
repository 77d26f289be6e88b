/**
 * The syntax tree of a `lel` template: lines of named chains, chains of stages, stages of
 * helper calls with arguments. Every node keeps its span in the template text for errors.
 * @module
 */

import type { Span } from "./print_location.ts";
import type { Unit } from "./units.ts";

/** A whole template. */
export interface ProgramNode {
  readonly kind: "program";
  readonly lines: readonly LineNode[];
}

/** `name: chain` (continuation lines included). */
export interface LineNode {
  readonly kind: "line";
  /** The signal name. */
  readonly name: string;
  /** Span of the name. */
  readonly span: Span;
  readonly chain: ChainNode;
}

/** `head |> stage |> stage …`. */
export interface ChainNode {
  readonly kind: "chain";
  /** A plain value the chain starts from (`55 |> …`, `(…) |> …`, `${x} |> …`), if any. */
  readonly source: ValueNode | undefined;
  /** The helper calls, in order (may be empty when `source` is set). */
  readonly stages: readonly StageNode[];
  readonly span: Span;
}

/** `helper[@key] arg arg …`. */
export interface StageNode {
  readonly kind: "stage";
  readonly helper: string;
  /** Span of the helper name. */
  readonly span: Span;
  /** Explicit identity key (`@key`), if any. */
  readonly key: string | undefined;
  readonly keySpan: Span | undefined;
  readonly args: readonly ValueNode[];
  /** Named arguments, in the order written. */
  readonly options: readonly OptionNode[];
}

/** A number, with an optional unit: `55`, `-12db`, `250ms`. */
export interface NumberNode {
  readonly kind: "number";
  /** The value as written, before the unit is applied. */
  readonly value: number;
  readonly unit: Unit | undefined;
  readonly text: string;
  readonly span: Span;
}

/** A note name: `a4`, `c#3`, `eb2`. */
export interface NoteNode {
  readonly kind: "note";
  /** Its frequency in Hz (A4 = 440, equal temperament). */
  readonly hz: number;
  readonly text: string;
  readonly span: Span;
}

/** `${…}`: a value from the template's interpolations. */
export interface InterpolationNode {
  readonly kind: "interpolation";
  /** Index into the template's values. */
  readonly index: number;
  readonly span: Span;
}

/** `( chain )`: a sub-chain used as a value (a modulator or a source). */
export interface SubChainNode {
  readonly kind: "subchain";
  readonly chain: ChainNode;
  readonly span: Span;
}

/** Anything that can be an argument or a chain's source. */
/** A string literal: a pattern (`"a1 ~ c2"`), a file name (`"kick.wav"`). */
export interface StringNode {
  readonly kind: "string";
  /** The text between the quotes. */
  readonly value: string;
  /** The quotes included. */
  readonly span: Span;
}

/** A bare word where a helper takes a name (`knob cutoff 800`). */
export interface WordNode {
  readonly kind: "word";
  readonly name: string;
  readonly span: Span;
}

/** A named argument `name:value` (`cc:74`, `attack:5ms`). */
export interface OptionNode {
  readonly kind: "option";
  readonly name: string;
  /** Span of the name. */
  readonly span: Span;
  readonly value: ValueNode;
}

export type ValueNode =
  | NumberNode
  | NoteNode
  | StringNode
  | WordNode
  | InterpolationNode
  | SubChainNode;
