/**
 * The syntax tree of a `lel` template: lines of named chains, chains of stages, stages of
 * helper calls with arguments. Every node keeps its span in the template text for errors.
 * @module
 */

import type { Span } from "./print_location.ts";
import type { Unit } from "./units.ts";

/** A whole template. */
export interface ProgramNode {
  /** Discriminant of the node union. */
  readonly kind: "program";
  /** The signal lines, in template order (blank lines dropped). */
  readonly lines: readonly LineNode[];
}

/** `name: chain` (continuation lines included). */
export interface LineNode {
  /** Discriminant of the node union. */
  readonly kind: "line";
  /** The signal name. */
  readonly name: string;
  /** Span of the name. */
  readonly span: Span;
  /** What follows the `:`, continuation lines included. */
  readonly chain: ChainNode;
}

/** `head |> stage |> stage …`. */
export interface ChainNode {
  /** Discriminant of the node union. */
  readonly kind: "chain";
  /** A plain value the chain starts from (`55 |> …`, `(…) |> …`, `${x} |> …`), if any. */
  readonly source: ValueNode | undefined;
  /** The helper calls, in order (may be empty when `source` is set). */
  readonly stages: readonly StageNode[];
  /** From the chain's first token to its last (a sub-chain's parentheses excluded). */
  readonly span: Span;
}

/** `helper[@key] arg arg …`. */
export interface StageNode {
  /** Discriminant of the node union. */
  readonly kind: "stage";
  /** The helper's name as written (`lpf`), looked up in the registry at lowering. */
  readonly helper: string;
  /** Span of the helper name. */
  readonly span: Span;
  /** Explicit identity key (`@key`), if any. */
  readonly key: string | undefined;
  /** Span of the `@key` token, `@` included; undefined without a key. */
  readonly keySpan: Span | undefined;
  /** Positional arguments, in the order written. */
  readonly args: readonly ValueNode[];
  /** Named arguments, in the order written. */
  readonly options: readonly OptionNode[];
}

/** A number, with an optional unit: `55`, `-12db`, `250ms`. */
export interface NumberNode {
  /** Discriminant of the node union. */
  readonly kind: "number";
  /** The value as written, before the unit is applied. */
  readonly value: number;
  /** The unit suffix (`db`, `ms`, …); undefined for a bare number. */
  readonly unit: Unit | undefined;
  /** The literal as written, unit included (`-12db`), for error messages. */
  readonly text: string;
  /** Span of the literal. */
  readonly span: Span;
}

/** A note name: `a4`, `c#3`, `eb2`. */
export interface NoteNode {
  /** Discriminant of the node union. */
  readonly kind: "note";
  /** Its frequency in Hz (A4 = 440, equal temperament). */
  readonly hz: number;
  /** The note name as written (`c#3`). */
  readonly text: string;
  /** Span of the note name. */
  readonly span: Span;
}

/** `${…}`: a value from the template's interpolations. */
export interface InterpolationNode {
  /** Discriminant of the node union. */
  readonly kind: "interpolation";
  /** Index into the template's values. */
  readonly index: number;
  /** Span of the `${…}` placeholder in the template text. */
  readonly span: Span;
}

/** `( chain )`: a sub-chain used as a value (a modulator or a source). */
export interface SubChainNode {
  /** Discriminant of the node union. */
  readonly kind: "subchain";
  /** The chain between the parentheses. */
  readonly chain: ChainNode;
  /** From `(` to `)`, both included. */
  readonly span: Span;
}

/** A string literal: a pattern (`"a1 ~ c2"`), a file name (`"kick.wav"`). */
export interface StringNode {
  /** Discriminant of the node union. */
  readonly kind: "string";
  /** The text between the quotes. */
  readonly value: string;
  /** The quotes included. */
  readonly span: Span;
}

/** A bare word where a helper takes a name (`knob cutoff 800`). */
export interface WordNode {
  /** Discriminant of the node union. */
  readonly kind: "word";
  /** The word (`cutoff`). */
  readonly name: string;
  /** Span of the word. */
  readonly span: Span;
}

/** A named argument `name:value` (`cc:74`, `attack:5ms`). */
export interface OptionNode {
  /** Discriminant of the node union. */
  readonly kind: "option";
  /** The parameter named (`cc` in `cc:74`). */
  readonly name: string;
  /** Span of the name. */
  readonly span: Span;
  /** The value after the `:`. */
  readonly value: ValueNode;
}

/** Anything that can be an argument or a chain's source. */
export type ValueNode =
  | NumberNode
  | NoteNode
  | StringNode
  | WordNode
  | InterpolationNode
  | SubChainNode;
