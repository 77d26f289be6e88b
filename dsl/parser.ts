/**
 * The parser: tokens → {@linkcode ProgramNode}. Recursive descent, one method per rule:
 *
 * ```text
 * program  = { NEWLINE } { line { NEWLINE } } EOF
 * line     = signal ":" chain                       (ends at a line break or the end)
 * signal   = NAME | NOTE
 * chain    = head { pipe stage }
 * pipe     = { NEWLINE } "|>" { NEWLINE }           (a line starting or ending with "|>"
 *                                                    continues the chain)
 * head     = stage | value
 * stage    = NAME [ KEY ] { value | option }        (KEY is "@name": lpf@sweep 400)
 * option   = NAME ":" ( value | NAME )              (no spaces around ":": cc:74, curve:exp)
 * value    = NUMBER | NOTE | STRING | INTERPOLATION | "(" chain ")"
 *          | NAME                                   (only as the first argument of a helper
 *                                                    that takes a name: knob cutoff 800)
 * ```
 *
 * NUMBER is `-?digits[.digits][e±digits]` with an optional unit (`hz`, `khz`, `ms`, `s`, `db`,
 * `%`, `b`, `bar`, `bpm`), NOTE is `[a-g][#|b]octave` (`a4`, `c#3`, `eb2`), STRING is `"…"` or
 * `'…'` on one line (a pattern, a file name), INTERPOLATION is a `${…}`. Line
 * breaks inside parentheses are ignored, so a sub-chain may span lines. Every "Expected X,
 * found Y" comes from {@linkcode Parser.expect}.
 * @module
 */

import type {
  ChainNode,
  LineNode,
  OptionNode,
  ProgramNode,
  StageNode,
  SubChainNode,
  ValueNode,
} from "./ast.ts";
import { helperRegistry } from "./registry.ts";
import { dslError } from "./errors.ts";
import { tokenize } from "./lexer.ts";
import type { Source } from "./source.ts";
import { describeKind, describeToken, type Token, type TokenKind } from "./token.ts";

const VALUE_KINDS: readonly TokenKind[] = ["number", "note", "string", "interpolation", "lparen"];
const HEAD_KINDS: readonly TokenKind[] = ["name", ...VALUE_KINDS];
const END_OF_ARGS: ReadonlySet<TokenKind> = new Set(["pipe", "rparen", "newline", "eof"]);
const UNIT_WORDS = new Set(["hz", "khz", "ms", "s", "db"]);

/** How deep parentheses may nest (deeper would only ever be a mistake or a fuzzer). */
export const MAX_NESTING = 64;

/**
 * Parses a template.
 *
 * @param source The template.
 * @returns The syntax tree.
 * @throws {DslSyntaxError} At the first token that does not fit the grammar.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parse, Source } from "@lel/lel";
 * const program = parse(new Source("drone: saw 55 |> lpf 400"));
 * assert.equal(program.lines[0].name, "drone");
 * assert.deepEqual(program.lines[0].chain.stages.map((s) => s.helper), ["saw", "lpf"]);
 * ```
 */
export function parse(source: Source): ProgramNode {
  return new Parser(source).parseProgram();
}

/** A recursive-descent parser over one template's tokens. */
export class Parser {
  #source: Source;
  #tokens: Token[];
  #pos = 0;
  /** The '(' tokens not closed yet, innermost last. */
  #open: Token[] = [];
  /** The last '|>' consumed. */
  #lastPipe: Token | undefined;

  /**
   * Tokenizes the whole template at once (a lexer error throws here).
   *
   * @param source The template.
   * @throws {DslSyntaxError} On a character or unit the DSL does not know.
   */
  constructor(source: Source) {
    this.#source = source;
    this.#tokens = tokenize(source);
  }

  /** `program = { NEWLINE } { line { NEWLINE } } EOF` */
  parseProgram(): ProgramNode {
    const lines: LineNode[] = [];
    this.#skipNewlines();
    while (this.#peek().kind !== "eof") {
      lines.push(this.parseLine());
      this.#skipNewlines();
    }
    return { kind: "program", lines };
  }

  /** `line = signal ":" chain`, then a line break or the end. */
  parseLine(): LineNode {
    const first = this.#peek();
    if (first.kind === "pipe") {
      throw this.#error(
        first,
        "A line starting with '|>' continues the previous chain, but there is none; start with 'name: …'",
      );
    }
    const name = this.parseSignalName();
    this.expect("colon", undefined, this.#colonHint(name));
    const chain = this.parseChain();
    const end = this.#peek();
    if (end.kind !== "eof") {
      const hint = name.name === "tempo" && end.kind !== "colon"
        ? "the tempo line takes one tempo, e.g. 'tempo: 120bpm' (for 3 beats per bar call " +
          "tempo(120, { beatsPerBar: 3 }) in TypeScript)"
        : this.#argumentHint(end);
      this.expect("newline", undefined, hint);
    }
    return { kind: "line", name: name.name || name.text, span: span(name), chain };
  }

  /** `signal = NAME | NOTE` */
  parseSignalName(): Token {
    return this.expect(
      ["name", "note"],
      "a signal name",
      "a line reads 'name: chain', e.g. 'drone: saw 55'",
    );
  }

  /** `chain = head { pipe stage }` */
  parseChain(): ChainNode {
    const start = this.#peek().start;
    const head = this.parseHead();
    const stages: StageNode[] = head.kind === "stage" ? [head] : [];
    while (this.parsePipe()) {
      const next = this.#peek();
      if (next.kind === "name" && this.#tokens[this.#pos + 1].kind === "colon") {
        throw this.#error(
          this.#lastPipe!,
          `Expected a helper name after '|>', found the next signal '${next.name}:'; remove the trailing '|>' or add a stage`,
        );
      }
      stages.push(this.parseStage("a helper name after '|>'"));
    }
    const end = this.#tokens[this.#pos - 1].end;
    return {
      kind: "chain",
      source: head.kind === "stage" ? undefined : head,
      stages,
      span: { start, end },
    };
  }

  /**
   * `pipe = { NEWLINE } "|>" { NEWLINE }`: consumes a pipe (and the line breaks around it)
   * when one follows; otherwise consumes nothing.
   */
  parsePipe(): boolean {
    let at = this.#pos;
    while (this.#tokens[at].kind === "newline") at++;
    if (this.#tokens[at].kind !== "pipe") return false;
    this.#lastPipe = this.#tokens[at];
    this.#pos = at + 1;
    this.#skipNewlines();
    return true;
  }

  /** `head = stage | value` */
  parseHead(): StageNode | ValueNode {
    const token = this.#peek();
    if (token.kind === "name") return this.parseStage("a helper name");
    if (VALUE_KINDS.includes(token.kind)) return this.parseValue();
    this.expect(HEAD_KINDS, "a helper name or a value");
    throw new Error("unreachable");
  }

  /** `stage = NAME [ KEY ] { value | option }` */
  parseStage(what: string): StageNode {
    const name = this.expect("name", what);
    let key: Token | undefined;
    if (this.#peek().kind === "key") key = this.#advance();
    const args: ValueNode[] = [];
    const options: OptionNode[] = [];
    const takesName = this.#takesName(name.name);
    while (!END_OF_ARGS.has(this.#peek().kind)) {
      const token = this.#peek();
      if (this.#isOption()) options.push(this.parseOption());
      else if (token.kind === "name" && takesName && args.length === 0 && options.length === 0) {
        this.#advance();
        args.push({ kind: "word", name: token.name, span: span(token) });
      } else args.push(this.parseValue());
    }
    return {
      kind: "stage",
      helper: name.name,
      span: span(name),
      key: key?.name,
      keySpan: key === undefined ? undefined : span(key),
      args,
      options,
    };
  }

  /**
   * `option = NAME ":" ( value | NAME )`, the three written together. A bare word after the
   * colon (`curve:exp`) is kept as a word; lowering accepts it where the parameter takes a
   * name and says what to write where it does not.
   */
  parseOption(): OptionNode {
    const name = this.expect("name");
    this.expect("colon");
    const next = this.#peek();
    if (next.kind === "name") {
      this.#advance();
      const word: ValueNode = { kind: "word", name: next.name, span: span(next) };
      return { kind: "option", name: name.name, span: span(name), value: word };
    }
    return { kind: "option", name: name.name, span: span(name), value: this.parseValue() };
  }

  /**
   * A name, then `:` and a value or a bare word, with no space between them (a line's `name:`
   * has one).
   */
  #isOption(): boolean {
    const [name, colon, value] = this.#tokens.slice(this.#pos, this.#pos + 3);
    return name?.kind === "name" && colon?.kind === "colon" && name.end === colon.start &&
      value !== undefined && (VALUE_KINDS.includes(value.kind) || value.kind === "name") &&
      colon.end === value.start;
  }

  /** Whether the helper's first parameter is a name (a bare word there is its value). */
  #takesName(helper: string): boolean {
    return helperRegistry.get(helper)?.spec.params.some((p) => p.kind === "name") ?? false;
  }

  /** `value = NUMBER | NOTE | STRING | INTERPOLATION | "(" chain ")"` */
  parseValue(): ValueNode {
    const token = this.#peek();
    if (token.kind === "lparen") return this.parseSubChain();
    const t = this.expect(
      VALUE_KINDS,
      "an argument (a number, a note, a \"string\", '( … )' or '${…}')",
      this.#argumentHint(token),
    );
    switch (t.kind) {
      case "number":
        return { kind: "number", value: t.value, unit: t.unit, text: t.text, span: span(t) };
      case "note":
        return { kind: "note", hz: t.value, text: t.text, span: span(t) };
      case "string":
        return { kind: "string", value: t.name, span: span(t) };
      default:
        return { kind: "interpolation", index: t.index, span: span(t) };
    }
  }

  /** `"(" chain ")"` */
  parseSubChain(): SubChainNode {
    const open = this.expect("lparen");
    if (this.#open.length >= MAX_NESTING) {
      throw this.#error(
        open,
        `Parentheses nest more than ${MAX_NESTING} deep here; give the inner chain its own line and interpolate it`,
      );
    }
    this.#open.push(open);
    const chain = this.parseChain();
    this.#open.pop();
    const at = this.#source.position(open.start);
    const close = this.expect(
      "rparen",
      undefined,
      `the '(' at line ${at.line}, column ${at.column} is not closed`,
    );
    return { kind: "subchain", chain, span: { start: open.start, end: close.end } };
  }

  /**
   * Consumes the next token when it is of one of `kinds`; otherwise throws the one
   * "Expected X, found Y" error every rule reports through.
   *
   * @param kinds The kind or kinds that fit here.
   * @param what How to name what was expected (defaults to the kind's name).
   * @param hint What to do about it, appended after a semicolon.
   * @returns The token.
   * @throws {DslSyntaxError} When the next token does not fit.
   */
  expect(kinds: TokenKind | readonly TokenKind[], what?: string, hint?: string): Token {
    const token = this.#peek();
    const list: readonly TokenKind[] = typeof kinds === "string" ? [kinds] : kinds;
    if (list.includes(token.kind)) return this.#advance();
    const expected = what ?? list.map(describeKind).join(" or ");
    const message = `Expected ${expected}, found ${describeToken(token)}`;
    throw this.#error(token, hint === undefined ? message : `${message}; ${hint}`);
  }

  #argumentHint(token: Token): string | undefined {
    const next = this.#tokens[this.#pos + 1];
    if (token.kind === "name" && next?.kind === "colon") {
      const open = this.#open[this.#open.length - 1];
      if (open !== undefined) {
        const at = this.#source.position(open.start);
        return `the '(' at line ${at.line}, column ${at.column} is not closed`;
      }
      return "put each signal on its own line";
    }
    if (token.kind === "name" && UNIT_WORDS.has(token.name.toLowerCase())) {
      const before = this.#tokens[this.#pos - 1];
      if (before?.kind === "number" && before.unit === undefined && before.end < token.start) {
        return `write '${before.text}${token.text}' without a space`;
      }
      return `write the unit right after the number, e.g. '250${token.name}'`;
    }
    if (token.kind === "name") {
      return `pipe into a helper with '|> ${token.name} …', or wrap it to use it as an argument: '(${token.name} …)'`;
    }
    if (token.kind === "colon") return "put each signal on its own line";
    if (token.kind === "rparen") return "this ')' has no matching '('";
    if (token.kind === "key") return "write the key right after the helper name, e.g. 'lpf@k 400'";
    return undefined;
  }

  /**
   * What to say when a signal name is not followed by `:`: for `bass saw 55 |> lpf 300`, the
   * line with the `:` put in; for `saw 55 |> lpf 400` (a helper and its argument), that the
   * line needs a name.
   */
  #colonHint(name: Token): string {
    const next = this.#peek();
    if (next.kind !== "name" && next.kind !== "number" && next.kind !== "note") {
      return "a line reads 'name: chain', e.g. 'drone: saw 55'";
    }
    const text = this.#source.text;
    const lineEnd = text.indexOf("\n", name.start);
    const whole = text.slice(name.start, lineEnd === -1 ? text.length : lineEnd).trimEnd();
    const line = whole.length > 60 ? `${whole.slice(0, 60)}…` : whole;
    if (next.kind !== "name") {
      // `saw 55 |> lpf 400`: the first word reads as a helper, so the name is what is missing.
      return `a DSL line is 'name: chain': give the signal a name, e.g. 'x: ${line}'`;
    }
    const rest = line.slice(next.start - name.start);
    return `a DSL line is 'name: chain': did you mean '${name.text}: ${rest}'?`;
  }

  #peek(): Token {
    return this.#tokens[this.#pos];
  }

  #advance(): Token {
    const token = this.#tokens[this.#pos];
    if (token.kind !== "eof") this.#pos++;
    return token;
  }

  #skipNewlines(): void {
    while (this.#peek().kind === "newline") this.#pos++;
  }

  #error(token: Token, message: string) {
    return dslError(this.#source, span(token), message);
  }
}

function span(token: Token) {
  return { start: token.start, end: token.end };
}
