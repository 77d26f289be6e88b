/**
 * The `lel` command line: `deno run -A runtime/cli/main.ts <command> [args]`, which the deno.json
 * tasks (`deno task render …`) call.
 *
 * Each command lives in `runtime/cli/commands/<name>.ts` and exports `command`; add one by adding
 * a line to {@linkcode COMMANDS}. Commands are loaded on demand, so `render` never loads the
 * audio device code. Errors a user can fix (bad flags, missing files, errors from lel) print
 * one `error: …` line and exit with status 1. What the commands share (flag parsing, the
 * errors, user paths) is in `flags.ts`, which never imports this file: the commands do not
 * depend on the entry that loads them.
 * @module
 */

import { CliError, type Command, UsageError } from "./flags.ts";

/** The commands, loaded on demand: `name: () => import("./commands/name.ts")`. */
export const COMMANDS: Record<string, CommandEntry> = {
  live: {
    summary: "Play a session and reload it on every save",
    load: () => import("./commands/live.ts"),
  },
  render: {
    summary: "Render a session offline to a WAV file",
    load: () => import("./commands/render.ts"),
  },
  repl: {
    summary: "Interactive prompt into the running live engine",
    load: () => import("./commands/repl.ts"),
  },
  send: {
    summary: "Send a file or stdin to the running live engine",
    load: () => import("./commands/send.ts"),
  },
};

/** A command in the table: its one-line summary and how to load it. */
export interface CommandEntry {
  /** One line for the command list. */
  summary: string;
  /** Imports the command's module. */
  load: () => Promise<{ command: Command }>;
}

/**
 * Whether an error is one the user can fix from its message alone, so it is printed as one
 * line with no stack: {@linkcode CliError}s, lel's own `RangeError`/`TypeError`/`SyntaxError`s
 * and file-system errors.
 *
 * @param error Anything thrown.
 * @returns Whether to print it without a stack.
 */
export function isKnownError(error: unknown): error is Error {
  return error instanceof CliError || error instanceof RangeError || error instanceof TypeError ||
    error instanceof SyntaxError || error instanceof Deno.errors.NotFound ||
    error instanceof Deno.errors.PermissionDenied || error instanceof Deno.errors.IsADirectory ||
    error instanceof Deno.errors.NotADirectory || error instanceof Deno.errors.AlreadyExists;
}

/**
 * The `error: …` text for a failure: one line for a known error (the first line of its
 * message), or the stack under it for an unexpected one (a bug worth reporting). With
 * `LEL_DEBUG=1` every error shows its stack.
 *
 * @param error Anything thrown.
 * @returns The text to print on stderr.
 */
export function formatError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = `error: ${message.split("\n").find((l) => l.trim() !== "") ?? message}`;
  const debug = Deno.env.get("LEL_DEBUG") === "1";
  if (!(error instanceof Error) || !(debug || !isKnownError(error))) return line;
  const cause = error.cause instanceof Error ? `\ncaused by: ${error.cause.stack}` : "";
  return `${line}\n${error.stack}${cause}`;
}

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const names = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`).join(
    "\n",
  );
  return `lel: a live-coding audio runtime for Deno

Usage: deno task <command> [args]     (or: deno run -A runtime/cli/main.ts <command> [args])

Commands:
${names}

Run 'deno task <command> --help' for a command's flags.`;
}

/**
 * Runs the command line and returns the exit status (it never exits itself).
 *
 * @param args `Deno.args`: the command name, then its arguments.
 * @returns 0 on success, 1 on an error (already printed).
 */
export async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  try {
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      if (name === undefined) {
        console.error(usage());
        return 1;
      }
      console.log(usage());
      return 0;
    }
    const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (entry === undefined) {
      throw new UsageError(
        `Unknown command '${name}'; expected one of ${
          Object.keys(COMMANDS).join(", ")
        } (run with --help for usage)`,
      );
    }
    const { command } = await entry.load();
    if (rest.includes("--help") || rest.includes("-h")) {
      console.log(command.help);
      return 0;
    }
    return (await command.run(rest)) ?? 0;
  } catch (error) {
    console.error(formatError(error));
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
