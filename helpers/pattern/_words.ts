/**
 * What one word of a pattern means (note, number, hit, rest), and the checks on the values an
 * operator takes (factors, weights, Euclid arguments). Private to the parser.
 * @module
 */

import type { AtomNode, PatternNode, StepNode } from "./ast.ts";
import { PatternSyntaxError } from "./errors.ts";
import { Fraction } from "./fraction.ts";
import { noteToHz } from "./notes.ts";

/** A pattern word: letters, digits and `# . - ~ _` (Strudel's step characters, less `^`). */
export const WORD = /[\p{L}\p{N}#.\-~_]+/uy;
const NUMBER_WORD = /^-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/** What a word may be, for the error that lists it. */
export const ALLOWED_WORDS =
  "write a note (c3, c#3, eb4, a), a number (1, -0.5), x for a hit, or ~ for a rest";

/**
 * Reads one word.
 *
 * @param text The word.
 * @param offset Where it starts in the pattern.
 * @returns Its atom.
 */
export function atomOf(text: string, offset: number): AtomNode {
  const at = { type: "atom" as const, text, offset, length: text.length };
  if (text === "~" || text === "-") return { ...at, kind: "rest", value: NaN };
  if (text === "x") return { ...at, kind: "hit", value: 1 };
  if (NUMBER_WORD.test(text)) {
    const value = Number(text);
    const exact = Fraction.parseDecimal(text);
    if (!Number.isFinite(value) || exact === undefined) {
      throw new PatternSyntaxError(`Number '${text}' is out of range`, offset, text.length);
    }
    return { ...at, kind: "number", value, exact };
  }
  const hz = noteToHz(text, { defaultOctave: 3 });
  if (hz !== undefined) return { ...at, kind: "note", value: hz };
  throw new PatternSyntaxError(`Unknown step '${text}': ${ALLOWED_WORDS}`, offset, text.length);
}

/** Every atom that gives a node its values (bodies only: operator arguments are timing). */
export function valueAtoms(node: PatternNode | StepNode, out: AtomNode[] = []): AtomNode[] {
  switch (node.type) {
    case "atom":
      out.push(node);
      break;
    case "step":
      valueAtoms(node.body, out);
      break;
    case "sequence":
      for (const s of node.steps) valueAtoms(s, out);
      break;
    default:
      for (const l of node.layers) valueAtoms(l, out);
  }
  return out;
}

/** A rule for the atoms of an operator argument. */
export interface ValueRule {
  /** What the argument is, e.g. "the factor after '*'". */
  readonly what: string;
  /** Whole numbers only. */
  readonly integer?: boolean;
  /** Smallest allowed value. */
  readonly min?: number;
  /** Largest allowed value. */
  readonly max?: number;
}

/**
 * Checks every value atom of an operator argument against a rule (rests are allowed: no value
 * there means no event there).
 *
 * @param node The argument.
 * @param rule The rule.
 * @returns The atoms that carry numbers.
 */
export function checkValues(node: PatternNode | StepNode, rule: ValueRule): AtomNode[] {
  const atoms = valueAtoms(node).filter((a) => a.kind !== "rest");
  const kind = rule.integer ? "a whole number" : "a number";
  const range = rule.min !== undefined && rule.max !== undefined
    ? `${kind} from ${rule.min} to ${rule.max}`
    : rule.min !== undefined
    ? `${kind} ≥ ${rule.min}`
    : kind;
  for (const a of atoms) {
    const ok = a.kind === "number" && (!rule.integer || Number.isInteger(a.value)) &&
      (rule.min === undefined || a.value >= rule.min) &&
      (rule.max === undefined || a.value <= rule.max);
    if (!ok) {
      const found = a.kind === "number" ? `'${a.text}'` : `${a.kind} '${a.text}'`;
      throw new PatternSyntaxError(
        `${capitalise(rule.what)} must be ${range}, got ${found}`,
        a.offset,
        a.length,
      );
    }
  }
  return atoms;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The single number of a step that is one plain number word, else `undefined`. */
export function literalNumber(step: StepNode): AtomNode | undefined {
  return step.ops.length === 0 && step.body.type === "atom" && step.body.kind === "number"
    ? step.body
    : undefined;
}
