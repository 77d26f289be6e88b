/**
 * The module a TypeScript REPL block is run as. To echo a value the way a REPL should
 * (`db(-6)` answers `0.5011872336272722`), a block is tried in up to three forms, each a module
 * that keeps the block's lines where they were:
 *
 * 1. `expression`: the whole block is one expression, `__lelEcho((<block>))`;
 * 2. `last`: the statements, then the last one as an expression, `{<head>__lelEcho((<last>))}`;
 * 3. `statements`: the statements alone, `{<block>}` (no value; its parse error is the one
 *    reported when no form parses).
 *
 * Each begins with `__lelStart()`, so the evaluator knows whether a form that failed ever ran:
 * one that did not (a parse error) is dropped without side effects and the next form is tried;
 * one that did reports its error. `__lelEcho` returns its argument, so wrapping a line
 * that finishes the previous line's expression (`const x =` / `5`) keeps its meaning; a last
 * line that could continue the one before (`.then(f)`, `+ 1`, `(x)`) is never split off.
 * @module
 */

import { topLevelOffsets } from "../core/diagnostics/ts_scanner.ts";

/** A module to import for a block, and how to find the block's positions in it. */
export interface BlockModule {
  /** Which form (for the file name and the tests). */
  form: "expression" | "last" | "statements";
  /** The module's source (without the import line, which the caller appends). */
  text: string;
  /**
   * Maps a 1-based line and column in the module to the block.
   *
   * @param line Line in the module.
   * @param column Column in the module.
   * @returns The same place in the block.
   */
  toBlock(line: number, column: number): { line: number; column: number };
}

const START = "__lelStart();";
const ECHO_OPEN = "__lelEcho((";
const ECHO_CLOSE = "));";

/**
 * Words that start a statement (or continue one), never an expression to echo.
 */
const NOT_AN_EXPRESSION =
  /^(?:abstract|break|case|catch|class|const|continue|debugger|declare|default|do|else|enum|export|finally|for|function|if|import|interface|let|namespace|return|switch|throw|try|type|using|var|while|with|as|in|instanceof|of|satisfies|async\s+function)(?![\w$])/;

/** A last statement must start like a new one: not `.x`, `(x)`, `+ 1`, `= 2`, `?? y`, … */
const STARTS_A_STATEMENT = /^(?:[A-Za-z_$0-9'"~#]|!(?!=))/;

/**
 * The forms to try for a block, in order.
 *
 * @param block The block's text (`\n` line ends).
 * @returns One to three modules.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(blockModules("db(-6);").map((m) => m.form), ["expression", "statements"]);
 * assert.deepEqual(
 *   blockModules("const r = 220;\nr * 2").map((m) => m.form),
 *   ["last", "statements"],
 * );
 * const last = blockModules("const r = 220; r * 2")[0];
 * assert.equal(last.text, "__lelStart();{const r = 220; __lelEcho((r * 2\n));}\n");
 * assert.deepEqual(last.toBlock(1, 43), { line: 1, column: 18 });
 * ```
 */
export function blockModules(block: string): BlockModule[] {
  const forms: BlockModule[] = [];
  const whole = stripEnd(block);
  const first = whole.trimStart();
  if (first !== "" && !NOT_AN_EXPRESSION.test(first)) {
    const shift = START.length + ECHO_OPEN.length;
    forms.push({
      form: "expression",
      text: `${START}${ECHO_OPEN}${whole}\n${ECHO_CLOSE}\n`,
      toBlock: (line, column) => ({ line, column: line === 1 ? column - shift : column }),
    });
  }
  const split = splitLast(block);
  if (split !== undefined) {
    const { head, tail } = split;
    const headLines = head.split("\n");
    const tailLine = headLines.length;
    // Column (1-based, in the module) where the tail's text begins, and the shift before it.
    const lineStart = tailLine === 1 ? START.length + 1 : 0;
    const tailColumn = lineStart + headLines[headLines.length - 1].length + ECHO_OPEN.length + 1;
    forms.push({
      form: "last",
      text: `${START}{${head}${ECHO_OPEN}${tail}\n${ECHO_CLOSE}}\n`,
      toBlock: (line, column) => {
        let c = column;
        if (line === tailLine && column >= tailColumn) c -= ECHO_OPEN.length;
        if (line === 1) c -= START.length + 1;
        return { line, column: c };
      },
    });
  }
  forms.push({
    form: "statements",
    text: `${START}{${block}\n}\n`,
    toBlock: (line, column) => ({ line, column: line === 1 ? column - START.length - 1 : column }),
  });
  return forms;
}

/**
 * Splits a block before its last top-level statement: after the last `;` or line break outside
 * brackets, strings, templates and comments that is followed by something that starts a
 * statement. The trailing `;` and blanks of the last statement are left out.
 *
 * @param block The block.
 * @returns `head` (up to and including the break) and `tail`, or `undefined` when the block is
 *   one statement or its last one cannot be told apart.
 */
export function splitLast(block: string): { head: string; tail: string } | undefined {
  // Where `;` and line breaks end a statement: outside brackets, strings, templates, regexes
  // and comments.
  const breaks = topLevelOffsets(block, ";\n");
  for (let k = breaks.length - 1; k >= 0; k--) {
    const at = breaks[k];
    const rest = block.slice(at + 1);
    const code = stripEnd(rest).trimStart();
    if (code === "" || isComment(code)) continue;
    if (!STARTS_A_STATEMENT.test(code) || NOT_AN_EXPRESSION.test(code)) return undefined;
    const lead = rest.length - rest.trimStart().length;
    // Keep the tail on its own line: blank lines before it stay in the head.
    const head = block.slice(0, at + 1) + rest.slice(0, lead);
    return { head, tail: stripEnd(rest.slice(lead)) };
  }
  return undefined;
}

function isComment(code: string): boolean {
  return code.startsWith("//") || (code.startsWith("/*") && code.endsWith("*/"));
}

/** The text without trailing blanks and semicolons. */
function stripEnd(text: string): string {
  return text.replace(/[\s;]+$/, "");
}
