/**
 * What every command of the `lel` command line shares: the {@linkcode Command} shape, flag
 * parsing with messages that name the flag and the command's `--help`, the errors a user can
 * fix from their message alone, and paths as the user typed them.
 *
 * The commands import this module and `main.ts` imports the commands, so nothing here may
 * import `main.ts` (that was a cycle, and with a top-level await in the entry, a deadlock).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseFlags, UsageError } from "./flags.ts";
 * const { values } = parseFlags("render", ["--seconds", "-2"], { seconds: { type: "string" } });
 * assert.equal(values.seconds, "-2");
 * assert.throws(() => parseFlags("render", ["--bogus"], {}), UsageError);
 * ```
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

/**
 * A failure whose message already says everything the user needs (what went wrong, where,
 * what to do): printed as one `error:` line, exit status 1. The original error, if any, is the
 * `cause` (shown with `LEL_DEBUG=1`).
 */
export class CliError extends Error {
  /**
   * Creates the error.
   *
   * @param message The whole `error:` line's text, saying what to do.
   * @param options The original error, if any.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "CliError";
  }
}

/** A mistake in the command line (a missing or bad flag, an unknown command). */
export class UsageError extends CliError {
  /**
   * Creates the error.
   *
   * @param message What is wrong with the command line, naming the flag and what to write.
   */
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
