/**
 * `deno task send <file|-> [--at N]`: send a block to the running `live` engine and print its
 * reply; exit status 0 on `ok`, 1 on `error`. Made for editors' "send paragraph" keys.
 * @module
 */

import { CliError, type Command, parseFlags, UsageError, userPath } from "../flags.ts";
import { sendBlock } from "../../control/control_client.ts";
import { ControlUnavailableError, readControlFile } from "../../control/control_file.ts";
import { parseReply } from "../../control/control_reply.ts";

const HELP = `Send code to the running live engine.

Usage: deno task send <file|-> [--at N]

  file                  A file holding DSL lines or TypeScript statements; - reads stdin

Options:
  --at N                Send only the paragraph around line N of the file (the lines between
                        the blank lines above and below it), e.g. an editor's cursor line; a
                        blank line or one past the end is an error (exit status 1)
  --help                This text

Prints what the block printed (console.log on stdout, console.error on stderr), the value of
its last expression, then the reply: "ok …" (exit status 0) or "error: line:col: …" with a
caret frame (exit status 1; also when a signal of the block faults as soon as it plays).
The port and token come from ~/.lel/control.json ($LEL_HOME/control.json when set), written by
\`deno task live\`.`;

/** The flags `send` reads (its `--help` lists each of them). */
export const FLAGS = { at: { type: "string" } } as const;

/** The `send` command. */
export const command: Command = {
  name: "send",
  help: HELP,
  async run(args) {
    const { values, positionals } = parseFlags("send", args, FLAGS);
    if (positionals.length !== 1) {
      throw new UsageError(
        `send takes one file (or - for stdin), got ${positionals.length}; ` +
          `run 'deno task send --help' for usage`,
      );
    }
    const source = positionals[0];
    let text = source === "-"
      ? await new Response(Deno.stdin.readable).text()
      : await Deno.readTextFile(userPath(source));
    if (values.at !== undefined) {
      const line = Number(values.at);
      if (!Number.isInteger(line) || line < 1) {
        throw new UsageError(`--at must be a line number (1 or more), got '${values.at}'`);
      }
      const paragraph = paragraphAt(text, line);
      if (paragraph === "") {
        throw new CliError(
          `There is no paragraph at line ${line} of ${source === "-" ? "stdin" : `'${source}'`}: ${
            whyNoParagraph(text, line)
          }`,
        );
      }
      text = paragraph;
    }
    let reply: string;
    try {
      reply = await sendBlock(text, await readControlFile());
    } catch (error) {
      if (error instanceof ControlUnavailableError) {
        throw new CliError(error.message, { cause: error });
      }
      throw error;
    }
    const { ok, status, output, value } = parseReply(reply);
    for (const line of output) (line.stream === "out" ? console.log : console.error)(line.text);
    if (value !== undefined) console.log(value);
    (ok ? console.log : console.error)(status);
    return ok ? 0 : 1;
  },
};

/** Why {@linkcode paragraphAt} found nothing at `line`, and what to do. */
function whyNoParagraph(text: string, line: number): string {
  const lines = text.replace(/\r?\n$/, "").split(/\r?\n/);
  const count = text === "" ? 0 : lines.length;
  if (line > count) {
    return `it has ${count} line${count === 1 ? "" : "s"}; give a line inside the block to send`;
  }
  return `line ${line} is blank; give a line inside the block to send`;
}

/**
 * The paragraph around a line: the non-blank lines next to it, up to the blank lines around.
 * A line that only opens or closes a `lel` template (`` lel` `` or `` `; ``) is left out when
 * the paragraph would otherwise hold an unpaired backtick, so a paragraph inside a session's
 * template is sent as DSL lines. Line numbers in the reply count from the first line sent.
 *
 * @param text A whole file.
 * @param line 1-based line.
 * @returns The paragraph ("" when the line is blank or past the end).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(paragraphAt("a\n\nb\nc\n\nd", 4), "b\nc");
 * assert.equal(paragraphAt("lel`\n  bass: saw 55\n\n  pad: sin 220\n`;\n", 4), "  pad: sin 220");
 * ```
 */
export function paragraphAt(text: string, line: number): string {
  const lines = text.split(/\r?\n/);
  const blank = (i: number) => lines[i] === undefined || lines[i].trim() === "";
  let last = line - 1;
  if (blank(last)) return "";
  let first = last;
  while (first > 0 && !blank(first - 1)) first--;
  while (!blank(last + 1)) last++;
  let paragraph = lines.slice(first, last + 1);
  const ticks = (l: string) => l.split("`").length - 1;
  const opener = /^\s*(?:[\w.]+\s*)?`\s*$/;
  const closer = /^\s*`[\s;),]*$/;
  if (paragraph.reduce((n, l) => n + ticks(l), 0) % 2 === 1) {
    if (opener.test(paragraph[0])) paragraph = paragraph.slice(1);
    else if (closer.test(paragraph[paragraph.length - 1])) paragraph = paragraph.slice(0, -1);
  }
  return paragraph.join("\n");
}
