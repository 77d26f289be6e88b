/**
 * The app's command line: `main.ts` is the entry (`deno run -A runtime/cli/main.ts <command>`,
 * which the deno.json tasks call), `flags.ts` what every command shares (flag parsing, the
 * errors a user can fix, user paths), and `commands/` one file per command.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(Object.keys(COMMANDS), ["live", "render", "repl", "send"]);
 * assert.equal(formatError(new UsageError("Unknown flag '--x'")), "error: Unknown flag '--x'");
 * ```
 * @module
 */

export { type CommandEntry, COMMANDS, formatError, isKnownError, main } from "./main.ts";
export {
  CliError,
  type Command,
  parseFlags,
  showPath,
  UsageError,
  userCwd,
  userPath,
} from "./flags.ts";
