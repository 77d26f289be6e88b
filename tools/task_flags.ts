/**
 * The command line of the tasks that are scripts rather than `lel` commands (`costs`, `docs`,
 * `kit`): boolean flags only, `-h`/`--help` prints the task's help and stops before anything
 * is measured or written, and a mistake is one `error:` line with exit status 1, in the same
 * words as the `lel` command line (`runtime/cli/flags.ts`, which this tier may not import).
 * @module
 */

import { parseArgs } from "node:util";

/** A task's flags, as `node:util` `parseArgs` reads them (all boolean). */
export type TaskFlags = Readonly<Record<string, { readonly type: "boolean" }>>;

/** A mistake in a task's command line; its message is the whole `error:` line's text. */
export class TaskUsageError extends Error {
  /**
   * A usage error.
   *
   * @param message What is wrong and what to run for usage.
   */
  constructor(message: string) {
    super(message);
    this.name = "TaskUsageError";
  }
}

/**
 * Reads a task's command line.
 *
 * @param task The task's name, for messages (`costs`).
 * @param args `Deno.args`.
 * @param flags Its boolean flags (`--help` and `-h` are always known).
 * @returns `help` when `--help` or `-h` was given, and each flag's value (false when absent).
 * @throws {TaskUsageError} On an unknown flag, a value given to a flag or a positional argument.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const flags = { check: { type: "boolean" } } as const;
 * assert.deepEqual(parseTaskArgs("docs", ["--check"], flags), { help: false, values: { check: true } });
 * assert.equal(parseTaskArgs("docs", ["-h"], flags).help, true);
 * assert.throws(
 *   () => parseTaskArgs("docs", ["--chek"], flags),
 *   /^TaskUsageError: Unknown flag '--chek' for docs; run 'deno task docs --help' for usage$/,
 * );
 * ```
 */
export function parseTaskArgs(
  task: string,
  args: readonly string[],
  flags: TaskFlags,
): { help: boolean; values: Record<string, boolean> } {
  const usage = `run 'deno task ${task} --help' for usage`;
  const options = { ...flags, help: { type: "boolean", short: "h" } } as const;
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const flag = /'(--?[\w-]+)/.exec(message)?.[1];
    const code = (error as { code?: string }).code;
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && flag !== undefined) {
      throw new TaskUsageError(`Unknown flag '${flag}' for ${task}; ${usage}`);
    }
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && flag !== undefined) {
      throw new TaskUsageError(`Flag '${flag}' takes no value; ${usage}`);
    }
    throw new TaskUsageError(`${message.split("\n")[0]}; ${usage}`);
  }
  const positionals = parsed.positionals;
  const values = parsed.values as Record<string, boolean | string | undefined>;
  if (values.help === true) return { help: true, values: {} };
  if (positionals.length > 0) {
    throw new TaskUsageError(`${task} takes no arguments, got '${positionals[0]}'; ${usage}`);
  }
  const out: Record<string, boolean> = {};
  for (const name of Object.keys(flags)) out[name] = values[name] === true;
  return { help: false, values: out };
}

/**
 * Reads a task's command line as its script's entry does: prints the help and exits 0 for
 * `--help`, prints one `error:` line and exits 1 for a mistake, else returns the flags.
 *
 * @param task The task's name.
 * @param help Its `--help` text.
 * @param flags Its boolean flags.
 * @returns Each flag's value.
 */
export function readTaskArgs(
  task: string,
  help: string,
  flags: TaskFlags,
): Record<string, boolean> {
  try {
    const { help: wanted, values } = parseTaskArgs(task, Deno.args, flags);
    if (wanted) {
      console.log(help);
      Deno.exit(0);
    }
    return values;
  } catch (error) {
    if (!(error instanceof TaskUsageError)) throw error;
    console.error(`error: ${error.message}`);
    Deno.exit(1);
  }
}
