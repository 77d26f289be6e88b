/**
 * `deno task repl`: an interactive prompt into the running `live` engine. Each complete block
 * is sent over the control port and its reply shown; history is kept in `~/.lel/history`.
 * @module
 */

import process from "node:process";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { join } from "node:path";
import { type Command, parseFlags, UsageError } from "../flags.ts";
import { sendBlock } from "../../control/control_client.ts";
import {
  ControlUnavailableError,
  ensurePrivateDir,
  lelHome,
  readControlFile,
} from "../../control/control_file.ts";
import { parseReply } from "../../control/control_reply.ts";
import { isComplete, scan } from "../../core/diagnostics/ts_scanner.ts";

const HISTORY_LINES = 1000;

const HELP = `Interactive prompt into the running live engine.

Usage: deno task repl

Type DSL lines (bass: saw 55 |> lpf 300) or TypeScript (register("x", sin(220)), mute("x"));
every public name of lel is in scope. A block is sent when the line ends with every bracket,
string and template closed and does not end with |>; while a block is open, an empty line
sends it as it is and Ctrl-C discards it. It shows what the block printed (console.log), the
value of its last expression (db(-6) shows 0.5011872336272722), then the reply every block
gets: "ok" and what changed, or "error: …". History is kept in ~/.lel/history.

Options:
  --help           This text

${commandsHelp()}`;

function commandsHelp(): string {
  return `Commands:
  .help            This text
  .signals         List the signals (name, muted/faulted) and the master level
  .mute name       Mute a signal (it keeps running)
  .unmute name     Unmute it
  .solo [names]    Play only these signals; no name ends the solo
  .clear           Fade every signal out (the session's too, until its next save)
  .set name value  Set a knob: .set cutoff 1200, .set cutoff 1.2khz, .set vol -6db, .set pitch a3
                   (clamped to its range; sent blocks may hold .set lines too)
  .set             List the knobs with their values and ranges
  .exit            Leave (Ctrl-D does too)`;
}

/** The flags `repl` reads (none but `--help`, which the command line handles). */
export const FLAGS = {} as const;

/** The `repl` command. */
export const command: Command = {
  name: "repl",
  help: HELP,
  run(args) {
    const { positionals } = parseFlags("repl", args, FLAGS);
    if (positionals.length > 0) {
      throw new UsageError(
        `repl takes no arguments, got '${positionals[0]}'; run 'deno task repl --help' for usage`,
      );
    }
    return runRepl();
  },
};

/** Options for {@linkcode runRepl}; every field is optional. */
export interface ReplOptions {
  /** Where lines come from. @default {stdin} */
  input?: Readable;
  /** Where prompts and replies go. @default {stdout} */
  output?: Writable;
  /** History file, or `false` for none. @default {`~/.lel/history`} */
  historyFile?: string | false;
  /** Sends a block and returns the reply. @default {over the control port} */
  send?: (block: string) => Promise<string>;
}

/**
 * Runs the prompt until `.exit`, Ctrl-D or a second Ctrl-C.
 *
 * @param options Streams, history and transport.
 * @returns The exit status (0).
 */
export async function runRepl(options: ReplOptions = {}): Promise<number> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const interactive = (input as { isTTY?: boolean }).isTTY === true;
  const historyFile = options.historyFile === undefined
    ? join(lelHome(), "history")
    : options.historyFile;
  const send = options.send ?? sendOverControlPort;
  const print = (text: string) => output.write(text + "\n");
  const rl = createInterface({
    input,
    output,
    terminal: interactive,
    history: historyFile === false ? [] : await loadHistory(historyFile),
    historySize: HISTORY_LINES,
    prompt: "lel> ",
  });
  // Iterate from the start: lines read while the greeting is awaited would be lost otherwise.
  const lines = rl[Symbol.asyncIterator]();
  const prompt = (more = false) => {
    if (!interactive) return;
    rl.setPrompt(more ? "...> " : "lel> ");
    rl.prompt();
  };
  let pending: string[] = [];
  let interrupted = false;
  rl.on("SIGINT", () => {
    if (pending.length > 0) {
      pending = [];
      print("(discarded)");
      interrupted = false;
    } else if (interrupted) {
      rl.close();
      return;
    } else {
      print("(press Ctrl-C again or type .exit to leave)");
      interrupted = true;
    }
    prompt();
  });

  print(await greeting());
  prompt();
  for await (const line of { [Symbol.asyncIterator]: () => lines }) {
    interrupted = false;
    if (historyFile !== false && line.trim() !== "") await appendHistory(historyFile, line);
    if (pending.length === 0) {
      const trimmed = line.trim();
      if (trimmed === "") {
        prompt();
        continue;
      }
      if (trimmed.startsWith(".")) {
        const block = dotCommand(trimmed, print);
        if (block === "exit") break;
        if (block !== undefined) print(presentReply(await send(block)));
        prompt();
        continue;
      }
    }
    if (pending.length > 0 && line.trim() === "") {
      // An empty line sends an open block as it is (the reply says what is missing).
    } else {
      pending.push(line);
      if (needsMore(pending.join("\n"))) {
        prompt(true);
        continue;
      }
    }
    const block = pending.join("\n");
    pending = [];
    print(presentReply(await send(block)));
    prompt();
  }
  rl.close();
  return 0;
}

/**
 * Translates a `.command` into the block to send.
 *
 * @returns The block, `"exit"`, or `undefined` when there is nothing to send.
 */
function dotCommand(line: string, print: (text: string) => void): string | undefined {
  const [word, ...names] = line.split(/\s+/);
  const args = names.map((n) => JSON.stringify(n)).join(", ");
  switch (word) {
    case ".help":
      print(commandsHelp());
      return undefined;
    case ".exit":
      return "exit";
    case ".signals":
      return "void signals()";
    case ".clear":
      return "clear()";
    case ".set":
      return line; // The server reads `.set` lines (in sent blocks too) and checks them.
    case ".solo":
      return `solo(${args})`;
    case ".mute":
    case ".unmute":
      if (names.length !== 1) {
        print(`error: ${word} takes one signal name, e.g. ${word} bass`);
        return undefined;
      }
      return `${word.slice(1)}(${args})`;
    default:
      print(`error: Unknown command '${word}'; .help lists them`);
      return undefined;
  }
}

/**
 * A reply as the prompt shows it: what the block printed, its value, then the status line,
 * which every block gets (`db(-6)` answers `0.5011872336272722`, then `ok no change · …`), as
 * `deno task send` prints it.
 *
 * @param reply The reply text from the control port.
 * @returns The lines to print.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(presentReply("ok no change · signals: pad\n= 0.5"), "0.5\nok no change · signals: pad");
 * assert.equal(
 *   presentReply("ok new x · signals: x\n> hi\n= [signal sin]"),
 *   "hi\n[signal sin]\nok new x · signals: x",
 * );
 * ```
 */
export function presentReply(reply: string): string {
  const { status, output, value } = parseReply(reply);
  const lines = output.map((l) => l.text);
  if (value !== undefined) lines.push(value);
  lines.push(status);
  return lines.join("\n");
}

/**
 * Whether a block typed so far needs more lines: a bracket, template, comment or regex is
 * still open (read by the TypeScript scanner, with the DSL's `#` comments taken out), or the
 * last line ends with `|>`.
 *
 * @param text The lines typed so far.
 * @returns True to keep reading.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(needsMore('register("x",'), true);
 * assert.equal(needsMore('register("x", sin(220))'), false);
 * assert.equal(needsMore("bass: saw 55 |>"), true);
 * assert.equal(needsMore("lel`\n  bass: saw 55"), true);
 * assert.equal(needsMore("const s = ')'; // ("), false);
 * ```
 */
export function needsMore(text: string): boolean {
  const code = withoutDslComments(text);
  const segments = scan(code);
  const last = segments[segments.length - 1];
  // A quoted string ends on its line: one left open is the server's to report.
  if (last !== undefined && !last.closed && last.kind === "string") return false;
  if (!isComplete(code)) return true;
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  return lines.length > 0 && lines[lines.length - 1].endsWith("|>");
}

/**
 * The text with its DSL comments blanked: a `#` in code that starts its line or stands as a
 * word of its own (not `c#3`, not a private `#field` after code) runs to the end of the line,
 * and may hold anything (`# it's`) without opening a string.
 */
function withoutDslComments(text: string): string {
  let out = text;
  for (let from = 0;;) {
    const at = dslCommentAt(out, from);
    if (at < 0) return out;
    const nl = out.indexOf("\n", at);
    const end = nl < 0 ? out.length : nl;
    out = out.slice(0, at) + " ".repeat(end - at) + out.slice(end);
    from = end;
  }
}

/** The first DSL comment's `#` at or after `from`, or -1. */
function dslCommentAt(text: string, from: number): number {
  for (const s of scan(text)) {
    if (s.kind !== "code" || s.end <= from) continue;
    for (let i = Math.max(s.start, from); i < s.end; i++) {
      if (text[i] !== "#") continue;
      const lineStart = text.lastIndexOf("\n", i - 1) + 1;
      const starts = text.slice(lineStart, i).trim() === "";
      const word = /\s/.test(text[i - 1] ?? "") && /^(\s|$)/.test(text[i + 1] ?? "");
      if (starts || word) return i;
    }
  }
  return -1;
}

async function sendOverControlPort(block: string): Promise<string> {
  try {
    return await sendBlock(block, await readControlFile());
  } catch (error) {
    // No live, or it went away mid-reply: say so and keep the prompt.
    return `error: ${(error as Error).message}`;
  }
}

async function greeting(): Promise<string> {
  try {
    const info = await readControlFile();
    return `lel repl: sending to live at ${info.host}:${info.port} (pid ${info.pid}); ` +
      `.help lists the commands`;
  } catch (error) {
    if (error instanceof ControlUnavailableError) {
      return `lel repl: no live engine yet (start \`deno task live\`); ` +
        `blocks are sent once it runs; .help lists the commands`;
    }
    throw error;
  }
}

async function loadHistory(file: string): Promise<string[]> {
  try {
    const lines = (await Deno.readTextFile(file)).split("\n").filter((l) => l.trim() !== "");
    const kept = lines.slice(-HISTORY_LINES);
    if (lines.length > 2 * HISTORY_LINES) {
      await Deno.writeTextFile(file, kept.join("\n") + "\n", { mode: 0o600 });
    }
    return kept.reverse();
  } catch {
    return [];
  }
}

async function appendHistory(file: string, line: string): Promise<void> {
  try {
    await ensurePrivateDir(join(file, ".."));
    await Deno.writeTextFile(file, line + "\n", { append: true, mode: 0o600 });
  } catch {
    // History is a convenience: a read-only home must not stop the prompt.
  }
}
