/**
 * The mini-notation parser: pattern text → {@link Pattern} tree with source offsets, following
 * Strudel's grammar (`krill.pegjs`) and Tidal's where they agree. Grammar (whitespace is free
 * between tokens, but a number after `@ _ ! ?` must touch it):
 *
 * ```
 * pattern   = layers EOF
 * layers    = sequence ( ("," sequence)+ | ("|" sequence)+ | ("." sequence)+ )?
 * sequence  = step+
 * step      = slice op*
 * slice     = word | "[" layers "]" | "<" lines ">" | "{" lines "}" ("%" slice)?
 * lines     = sequence ("," sequence)*
 * op        = ("@" | "_") number? | "!" number? | "*" slice | "/" slice | "?" number?
 *           | "(" step "," step ("," step?)? ")"
 * ```
 * @module
 */

import type {
  AlternationNode,
  DegradeOp,
  EuclidOp,
  PatternNode,
  PolymeterNode,
  SequenceNode,
  StackNode,
  StepNode,
  StepOp,
} from "./ast.ts";
import type { Pattern } from "./ast.ts";
import { Cursor, end, quote } from "./_cursor.ts";
import { atomOf, checkValues, literalNumber } from "./_words.ts";
import { Fraction, ONE, ZERO } from "./fraction.ts";

/** Deepest nesting of brackets and operator arguments a pattern may have. */
export const MAX_NESTING = 32;
/** Most operators one step may carry. */
export const MAX_OPS_PER_STEP = 16;
/** Largest `!` count, Euclid step count and `@` weight. */
export const MAX_COUNT = 1024;

const CLOSERS: Record<string, string> = { "[": "]", "<": ">", "{": "}" };
const SEPARATORS: Record<string, StackNode["mode"]> = { ",": "stack", "|": "choose", ".": "feet" };

/**
 * Parses a mini-notation pattern.
 *
 * Steps are words: notes (`c#3`, `eb4`, `a` = a3), numbers (`1`, `-0.5`), `x` (a hit, value 1)
 * and rests (`~`, `-`). Groups: `[a b]` subdivides one step, `<a b>` plays one per cycle,
 * `{a b, c d e}` steps layers at one rate, `a, b` stacks, `a | b` picks one at random per
 * cycle, `a . b` is `[a] [b]`. Operators: `*2` `/2` (also `*<2 3>`, `*1.5`), `!3` and bare
 * `!`, `@2` and `_`, `(3,8)` and `(3,8,2)`, `?` and `?0.3`.
 *
 * @param text The pattern text (without quotes).
 * @returns The tree, with 0-based offsets into `text`.
 * @throws {PatternSyntaxError} With the offset of the offending character.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parsePattern } from "./mod.ts";
 * const p = parsePattern("a1 [c2 e2]*2");
 * assert.equal(p.root.type, "sequence");
 * assert.equal(p.root.type === "sequence" && p.root.steps.length, 2);
 * ```
 */
export function parsePattern(text: string): Pattern {
  return { source: text, root: new Parser(text).parse() };
}

class Parser extends Cursor {
  #seed = 0;
  #depth = 0;

  parse(): PatternNode {
    const root = this.#layers(undefined);
    this.ws();
    if (this.pos < this.src.length) {
      // Only a closer can stop the top level early: separators and words are consumed.
      const c = this.src[this.pos];
      throw this.error(`Unexpected '${c}': there is no '${opener(c)}' to close`, this.pos, 1);
    }
    return root;
  }

  /** `layers = sequence (sep sequence)*` with one kind of separator. */
  #layers(open: number | undefined): PatternNode {
    const first = this.#sequence(open, undefined);
    const layers = [first];
    let mode: StackNode["mode"] | undefined;
    let sep = "";
    for (;;) {
      this.ws();
      const c = this.peek();
      const m = SEPARATORS[c];
      if (m === undefined || (c === "." && this.word() !== ".")) break;
      if (mode !== undefined && m !== mode) {
        throw this.error(
          `Cannot mix '${c}' with '${sep}' in one group: wrap one side in [ ]`,
          this.pos,
          1,
        );
      }
      mode = m;
      sep = c;
      this.pos++;
      layers.push(this.#sequence(open, this.pos - 1));
    }
    if (mode === undefined) return first;
    const seed = mode === "stack" ? 0 : this.#seed++;
    const last = layers[layers.length - 1];
    return this.#node<StackNode>({ type: "stack", mode, layers, seed }, first.offset, end(last));
  }

  /** `lines = sequence ("," sequence)*`, inside `<…>` and `{…}`. */
  #lines(open: number): SequenceNode[] {
    const layers = [this.#sequence(open, undefined)];
    for (;;) {
      this.ws();
      const c = this.peek();
      if (c === "|" || (c === "." && this.word() === ".")) {
        const o = this.src[open];
        throw this.error(
          (at) => `Cannot use '${c}' inside the '${o}' at ${at}: only ',' separates its lines`,
          this.pos,
          1,
          open,
        );
      }
      if (c !== ",") return layers;
      this.pos++;
      layers.push(this.#sequence(open, this.pos - 1));
    }
  }

  /** `sequence = step+`, ending at a closer, a separator or the end. */
  #sequence(open: number | undefined, after: number | undefined): SequenceNode {
    const steps: StepNode[] = [];
    for (;;) {
      this.ws();
      const c = this.peek();
      if (c === "" || "]>})".includes(c) || c === "," || c === "|") break;
      if (c === "." && this.word() === ".") break;
      steps.push(this.#step());
    }
    if (steps.length === 0) {
      const mark = after ?? open;
      const where = after !== undefined ? " after" : " inside the";
      throw this.error(
        (at, found) =>
          `Expected a step${mark === undefined ? "" : `${where} '${this.src[mark]}' at ${at}`}, ` +
          `found ${found}`,
        this.pos,
        this.len1(),
        mark,
      );
    }
    let weight = ZERO;
    for (const s of steps) weight = weight.add(s.weight);
    const last = steps[steps.length - 1];
    return this.#node<SequenceNode>(
      { type: "sequence", steps, weight },
      steps[0].offset,
      end(last),
    );
  }

  /** `step = slice op*`. */
  #step(): StepNode {
    this.ws();
    const start = this.pos;
    const body = this.#slice();
    const ops: (StepOp | Omit<DegradeOp, "seed">)[] = [];
    let weight = ONE;
    let reps = 1;
    let stop = end(body);
    for (;;) {
      const save = this.pos;
      this.ws();
      const at = this.pos;
      const c = this.peek();
      if (ops.length >= MAX_OPS_PER_STEP && "@_!*/?(".includes(c) && c !== "") {
        throw this.error(`Too many operators on one step: at most ${MAX_OPS_PER_STEP}`, at, 1);
      }
      if (c === "@" || c === "_") {
        this.pos++;
        const n = this.opNumber();
        if (n !== undefined && !(n.value > 0 && n.value <= MAX_COUNT)) {
          throw this.error(
            `The weight after '${c}' must be a number above 0 and at most ${MAX_COUNT}, got '${n.text}'`,
            n.offset,
            n.text.length,
          );
        }
        weight = weight.add(n === undefined ? ONE : n.exact.sub(ONE));
      } else if (c === "!") {
        this.pos++;
        const n = this.opNumber();
        if (n !== undefined && !(Number.isInteger(n.value) && n.value >= 1)) {
          throw this.error(
            `The count after '!' must be a whole number from 1 to ${MAX_COUNT}, got '${n.text}'`,
            n.offset,
            n.text.length,
          );
        }
        reps += (n === undefined ? 2 : n.value) - 1;
        if (reps > MAX_COUNT) {
          const [o, l] = n === undefined ? [at, 1] : [n.offset, n.text.length];
          throw this.error(`A step may repeat at most ${MAX_COUNT} times, got ${reps}`, o, l);
        }
        const i = ops.findIndex((o) => o.type === "replicate");
        if (i >= 0) ops.splice(i, 1);
        ops.push({ type: "replicate", count: reps, offset: at, length: this.pos - at });
        weight = Fraction.of(reps);
      } else if (c === "*" || c === "/") {
        this.pos++;
        const amount = this.#nested(at, () => this.#slice(at));
        checkValues(amount, { what: `the factor after '${c}'`, min: 0 });
        ops.push({
          type: c === "*" ? "fast" : "slow",
          amount,
          offset: at,
          length: end(amount) - at,
        });
      } else if (c === "?") {
        this.pos++;
        const n = this.opNumber();
        if (n !== undefined && !(n.value >= 0 && n.value <= 1)) {
          throw this.error(
            `The probability after '?' must be a number from 0 to 1, got '${n.text}'`,
            n.offset,
            n.text.length,
          );
        }
        const amount = n?.value ?? 0.5;
        ops.push({ type: "degrade", amount, offset: at, length: this.pos - at });
      } else if (c === "(") {
        ops.push(this.#euclid());
      } else if (c === ":") {
        throw this.error("Lists with ':' are not supported in lel patterns", at, 1);
      } else if (c === "." && this.src[at + 1] === ".") {
        throw this.error("Ranges with '..' are not supported in lel patterns", at, 2);
      } else {
        this.pos = save;
        break;
      }
      stop = this.pos;
      if (weight.compare(ZERO) <= 0 || weight.compare(Fraction.of(MAX_COUNT)) > 0) {
        throw this.error(
          `The weight of a step must stay above 0 and at most ${MAX_COUNT}, got ${weight}`,
          at,
          this.pos - at,
        );
      }
    }
    // Strudel numbers '?' seeds when the step is complete, after everything nested in it.
    const done = ops.map((o): StepOp => o.type === "degrade" ? { ...o, seed: this.#seed++ } : o);
    return { type: "step", body, ops: done, weight, offset: start, length: stop - start };
  }

  /** `slice = word | [layers] | <lines> | {lines}%slice`; `after` is the operator it follows. */
  #slice(after?: number): PatternNode {
    this.ws();
    const open = this.pos;
    const c = this.peek();
    if (c === "[" || c === "<" || c === "{") {
      return this.#nested(open, () => {
        this.pos++;
        let node: PatternNode;
        if (c === "[") node = this.#layers(open);
        else if (c === "<") {
          node = { type: "alternation", layers: this.#lines(open), offset: 0, length: 0 };
        } else node = { type: "polymeter", layers: this.#lines(open), offset: 0, length: 0 };
        this.ws();
        if (this.peek() !== CLOSERS[c]) {
          throw this.error(
            (at, found) => `Expected '${CLOSERS[c]}' to close the '${c}' at ${at}, found ${found}`,
            this.pos,
            this.len1(),
            open,
          );
        }
        this.pos++;
        if (c === "{" && this.peek() === "%") {
          const at = this.pos++;
          const stepsPerCycle = this.#nested(at, () => this.#slice(at));
          checkValues(stepsPerCycle, { what: "the steps per cycle after '%'", min: 0 });
          node = { ...(node as PolymeterNode), stepsPerCycle };
        }
        return { ...node, offset: open, length: this.pos - open } as PatternNode;
      });
    }
    const word = this.word();
    if (word === "" || word === "." || word.startsWith("_")) {
      const what = c === "" ? "end of pattern" : quote(word.charAt(0) || this.char());
      const hint = word.startsWith("_") ? " ('_' lengthens the step before it)" : "";
      const length = word === "" ? this.len1() : 1;
      if (after === undefined) {
        throw this.error(`Expected a step, found ${what}${hint}: ${SYNTAX}`, this.pos, length);
      }
      const op = this.src[after];
      throw this.error(
        (at) => `Expected a number or a group after '${op}' at ${at}, found ${what}`,
        this.pos,
        length,
        after,
      );
    }
    this.pos += word.length;
    return atomOf(word, open);
  }

  /** `"(" step "," step ("," step?)? ")"` */
  #euclid(): EuclidOp {
    const open = this.pos++;
    return this.#nested(open, () => {
      const pulses = this.#step();
      this.#expectComma(open, "pulses");
      const steps = this.#step();
      this.ws();
      let rotation: StepNode | undefined;
      if (this.peek() === ",") {
        this.pos++;
        this.ws();
        if (this.peek() !== ")") rotation = this.#step();
      }
      this.ws();
      if (this.peek() !== ")") {
        throw this.error(
          (at, found) => `Expected ')' to close the '(' at ${at}, found ${found}`,
          this.pos,
          this.len1(),
          open,
        );
      }
      this.pos++;
      checkValues(pulses, {
        what: "Euclid pulses",
        integer: true,
        min: -MAX_COUNT,
        max: MAX_COUNT,
      });
      checkValues(steps, { what: "Euclid steps", integer: true, min: 1, max: MAX_COUNT });
      if (rotation) checkValues(rotation, { what: "Euclid rotation", integer: true });
      const p = literalNumber(pulses);
      const s = literalNumber(steps);
      if (p && s && Math.abs(p.value) > s.value) {
        throw this.error(
          `Cannot fit ${p.text} pulses in ${s.text} steps: pulses must be from -${s.text} to ${s.text}`,
          p.offset,
          p.length,
        );
      }
      return { type: "euclid", pulses, steps, rotation, offset: open, length: this.pos - open };
    });
  }

  #expectComma(open: number, what: string): void {
    this.ws();
    if (this.peek() !== ",") {
      throw this.error(
        (at, found) => `Expected ',' after the ${what} of the '(' at ${at}, found ${found}`,
        this.pos,
        this.len1(),
        open,
      );
    }
    this.pos++;
  }

  /** Runs `f` one nesting level deeper, refusing to pass {@link MAX_NESTING}. */
  #nested<T>(at: number, f: () => T): T {
    if (++this.#depth > MAX_NESTING) {
      throw this.error(
        `Pattern nests too deeply: at most ${MAX_NESTING} levels of brackets and operator values`,
        at,
        1,
      );
    }
    const r = f();
    this.#depth--;
    return r;
  }

  #node<T extends SequenceNode | StackNode | AlternationNode>(
    fields: Omit<T, "offset" | "length">,
    from: number,
    to: number,
  ): T {
    return { ...fields, offset: from, length: to - from } as T;
  }
}

const SYNTAX = "a step is a note (c3, eb4, a), a number, x, ~, or a group [a b], <a b>, {a b}";

function opener(closer: string): string {
  return closer === ")" ? "(" : Object.keys(CLOSERS).find((k) => CLOSERS[k] === closer)!;
}
