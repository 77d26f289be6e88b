/**
 * The `lel` command line: `deno run -A runtime/cli/main.ts <command> [args]`, which the deno.json
 * tasks (`deno task render …`) call.
 *
 * Each command lives in `runtime/cli/commands/<name>.ts` and exports `command`; add one by adding
 * a line to {@linkcode COMMANDS}. Commands are loaded on demand, so `render` never loads the
 * audio device code. Errors a user can fix (bad flags, missing files, errors from lel) print
 * one `error: …` line and exit with status 1.
 * @module
 */

import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { isAbsolute, relative, resolve } from "node:path";

/** A subcommand. */
export interface Command {
  /** Name, as typed after `deno task` or `main.ts`. */
  name: string;
  /** The full `--help` text. */
  help: string;
  /**
   * Runs the command.
   *
   * @param args The arguments after the command name.
   * @returns The exit status (0 when omitted).
   */
  run(args: string[]): Promise<number | void> | number | void;
}

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
 * A failure whose message already says everything the user needs (what went wrong, where,
 * what to do): printed as one `error:` line, exit status 1. The original error, if any, is the
 * `cause` (shown with `LEL_DEBUG=1`).
 */
export class CliError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "CliError";
  }
}

/** A mistake in the command line (a missing or bad flag, an unknown command). */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * Parses a command's flags with `node:util` `parseArgs`, turning its errors into
 * {@linkcode UsageError}s that name the flag and the command's `--help`.
 *
 * A negative number after a string flag (`--gain -6`) is taken as its value.
 *
 * @param command Command name, for messages.
 * @param args The arguments after the command name.
 * @param options The flags.
 * @returns Flag values and positional arguments.
 * @throws {UsageError} On an unknown flag or a missing value.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const { values, positionals } = parseFlags("render", ["a.ts", "--seconds", "2"], {
 *   seconds: { type: "string" },
 * });
 * assert.equal(values.seconds, "2");
 * assert.deepEqual(positionals, ["a.ts"]);
 * assert.throws(() => parseFlags("render", ["--bogus"], {}), /Unknown flag '--bogus'/);
 * ```
 */
export function parseFlags<T extends ParseArgsOptionsConfig>(
  command: string,
  args: string[],
  options: T,
): { values: ReturnType<typeof parseArgs<{ options: T }>>["values"]; positionals: string[] } {
  const joined = joinNegativeValues(args, options);
  try {
    const { values, positionals } = parseArgs({
      args: joined,
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values, positionals };
  } catch (error) {
    throw new UsageError(describeParseError(error, command, options));
  }
}

/** `--flag -3` or `-f -3` → `--flag=-3` for string flags: negative numbers are values. */
function joinNegativeValues(args: string[], options: ParseArgsOptionsConfig): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const next = args[i + 1];
    const name = arg.startsWith("--")
      ? arg.slice(2)
      : /^-[^-]$/.test(arg)
      ? Object.keys(options).find((k) => options[k].short === arg[1])
      : undefined;
    if (
      name !== undefined && options[name]?.type === "string" && next !== undefined &&
      /^-(\d|\.\d)/.test(next)
    ) {
      out.push(`--${name}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

function describeParseError(
  error: unknown,
  command: string,
  options: ParseArgsOptionsConfig,
): string {
  const help = `run 'deno task ${command} --help' for usage`;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  // parseArgs quotes the flag first: '--bogus', '-s, --seconds <value>' or '--json'.
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? "";
  const names = quoted.match(/--?[\w-]+/g) ?? [];
  const flag = names.find((n) => n.startsWith("--")) ?? names[0];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && flag !== undefined) {
    return `Unknown flag '${flag}' for ${command}; ${help}`;
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && flag !== undefined) {
    if (message.includes("does not take an argument")) {
      return `Flag '${flag}' takes no value; ${help}`;
    }
    if (message.includes("ambiguous")) {
      const long = flag.startsWith("--")
        ? flag
        : `--${Object.keys(options).find((k) => options[k].short === flag.slice(1)) ?? "flag"}`;
      return `Flag '${flag}' needs a value; for one that starts with '-', write ${long}=<value>`;
    }
    return `Flag '${flag}' needs a value; ${help}`;
  }
  return `${message.split("\n")[0]}; ${help}`;
}

/**
 * The directory the user ran the command from: `INIT_CWD` under `deno task` (which runs
 * tasks from the config's folder), else the working directory.
 *
 * @returns An absolute path.
 */
export function userCwd(): string {
  return Deno.env.get("INIT_CWD") ?? Deno.cwd();
}

/**
 * Resolves a path the user typed against {@linkcode userCwd}.
 *
 * @param path As typed.
 * @returns An absolute path.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(userPath("/tmp/a.wav"), "/tmp/a.wav");
 * ```
 */
export function userPath(path: string): string {
  return isAbsolute(path) ? path : resolve(userCwd(), path);
}

/**
 * An absolute path as the user would like to read it: relative to {@linkcode userCwd} when
 * inside it.
 *
 * @param path An absolute path.
 * @returns The display form.
 */
export function showPath(path: string): string {
  const rel = relative(userCwd(), path);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? path : rel;
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

// No top-level await: commands import this module, and a dynamic import of a module that
// depends on a main module still evaluating (suspended on await) would never resolve.
if (import.meta.main) main(Deno.args).then((code) => Deno.exit(code));
