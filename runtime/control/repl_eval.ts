/**
 * Evaluates one REPL block in the running engine, with the rules of a file reload: everything
 * the block registers, unregisters or clears is staged in one engine transaction (origin
 * `repl`, leaving other origins alone) and committed only when the whole block succeeded.
 *
 * A block is tried as DSL lines first (`bass: saw 55 |> lpf 300`). Otherwise it is TypeScript:
 * it is written to a temporary module (see `repl_module.ts`: as one expression, as statements
 * ending in an expression, or as statements, so the value of its last expression is echoed)
 * followed by one import of every public name (declarations in the block may shadow them) and
 * imported, like a session. Lines are kept and columns mapped back, so errors point into the
 * block; the module is registered as a mirror of `<repl>`, so stack traces name
 * `<repl>:line:col`. `console` in a block prints into the reply. `mute`, `unmute` and `solo` in
 * a block are checked when called and applied after the commit, so a failing block changes
 * nothing at all. A TypeScript parse error in a block that reads as a DSL line missing its `:`
 * (`bass saw 55 |> lpf 300`) is reported as the DSL's error, which says what to write. Knob
 * sets, `setKnob(…)` and `.set NAME VALUE` lines (`repl_set.ts`), are checked at once and
 * applied after the commit, like mutes.
 * @module
 */

import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compile } from "../../dsl/compile.ts";
import { registerProgram } from "../../dsl/lel.ts";
import type { LoweredProgram } from "../../dsl/lowered.ts";
import type { CommitReport } from "../core/transaction.ts";
import type { Engine } from "../core/engine.ts";
import { engine, setActiveEngine } from "../core/process_engine.ts";
import { withEngineLock } from "../live/engine_lock.ts";
import { codeFrame } from "../core/diagnostics/code_frame.ts";
import {
  denoSyntaxError,
  isLocated,
  LocatedError,
  type LocatedLike,
} from "../core/diagnostics/located_error.ts";
import { registerMirror, unmirror } from "../core/diagnostics/location.ts";
import { BlockScope, type OutputLine, setActiveBlock } from "./repl_block.ts";
import { type BlockModule, blockModules } from "./repl_module.ts";
import { describeValue } from "./repl_value.ts";

import { applySetLine, takeSetLines, undefinedKnobSet } from "./repl_set.ts";

export { activeBlock, BlockScope, type OutputLine } from "./repl_block.ts";

/** The file name REPL blocks carry in errors and fault reports. */
export const REPL_FILE = "<repl>";

/** The engine origin of signals a REPL block registers. */
export const REPL_ORIGIN = "repl";

/** How long a TypeScript block may take (e.g. awaiting) before it is abandoned, in ms. */
export const DEFAULT_EVAL_TIMEOUT_MS = 10_000;

const SCOPE_URL = new URL("./repl_scope.ts", import.meta.url).href;

/** A block that failed: where in the block (no file: the block is its own), why, and a frame. */
export class ReplError extends LocatedError {
  /**
   * Creates the error for a failed block.
   *
   * @param message The one-line reason.
   * @param where 1-based line and column inside the block, when known.
   * @param frame Caret frame from the block, or "".
   * @param options The cause.
   */
  constructor(
    message: string,
    where: { line: number; column: number } | undefined,
    frame: string,
    options?: ErrorOptions,
  ) {
    super(message, where, frame, options);
    this.name = "ReplError";
  }
}

/** What evaluating one block did. */
export type EvalOutcome =
  | {
    kind: "ok";
    /** How the block was read. */
    language: "dsl" | "ts";
    /** What the commit changed. */
    report: CommitReport;
    /** Mutes, unmutes and solos applied after the commit, e.g. `muted bass`. */
    actions: string[];
    /** Engine time of the commit, in seconds. */
    time: number;
    /** What the block printed through `console`. @default {none} */
    output?: OutputLine[];
    /** Its last expression's value, described (`0.5011872336272722`, `[signal lpf]`). */
    value?: string;
  }
  | {
    kind: "error";
    language: "dsl" | "ts";
    error: ReplError;
    /** What the block printed before it failed. @default {none} */
    output?: OutputLine[];
  };

/** Options for {@linkcode ReplEvaluator}; every field is optional. */
export interface ReplEvaluatorOptions {
  /** Folder for the temporary modules. @default {a new temporary folder} */
  tempDir?: string;
  /** Milliseconds a TypeScript block may run. @default {DEFAULT_EVAL_TIMEOUT_MS} */
  timeoutMs?: number;
  /**
   * The engine blocks run in: a block's transaction is opened on it, and it is the active
   * engine while the block runs (so its `register`, `lel`, `mute` … go to it), as a session's
   * engine is while it loads.
   * @default {the process engine, `engine()`, as it is when each block starts}
   */
  engine?: Engine;
}

/** A TypeScript block's failure, and whether it was a parse error (the block never ran). */
class BlockFailure extends Error {
  readonly error: unknown;
  readonly parse: boolean;

  constructor(error: unknown, parse: boolean) {
    super("The block failed", { cause: error });
    this.error = error;
    this.parse = parse;
  }
}

/** Evaluates REPL blocks in its engine, one at a time (through the engine lock). */
export class ReplEvaluator {
  #tempDir: string | undefined;
  readonly #engine: Engine | undefined;
  readonly #ownsTemp: boolean;
  readonly #timeoutMs: number;
  #count = 0;
  #names: Promise<string[]> | undefined;

  /**
   * Creates an evaluator; its temporary folder is made on the first block.
   *
   * @param options Temporary folder, time limit and engine.
   */
  constructor(options: ReplEvaluatorOptions = {}) {
    this.#tempDir = options.tempDir;
    this.#ownsTemp = options.tempDir === undefined;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_EVAL_TIMEOUT_MS;
    this.#engine = options.engine;
  }

  /**
   * Evaluates a block: all of it or nothing.
   *
   * @param block DSL lines or TypeScript statements.
   * @returns What happened; never throws for mistakes in the block.
   */
  evaluate(block: string): Promise<EvalOutcome> {
    return withEngineLock(() => this.#evaluate(block.replace(/\r\n?/g, "\n")));
  }

  /** Removes the temporary modules (call once when done). */
  async close(): Promise<void> {
    if (this.#ownsTemp && this.#tempDir !== undefined) {
      await Deno.remove(this.#tempDir, { recursive: true }).catch(() => {});
    }
  }

  async #evaluate(original: string): Promise<EvalOutcome> {
    // `.set` lines are checked now, taken out (their lines left blank), and applied after the
    // commit.
    const taken = takeSetLines(original);
    if ("error" in taken) {
      const { message, line, column } = taken.error;
      const error = new ReplError(message, { line, column }, codeFrame(original, line, column));
      return { kind: "error", language: "dsl", error };
    }
    const block = taken.rest;
    let program: LoweredProgram | undefined;
    let dslError: unknown;
    try {
      program = compile(block, { file: REPL_FILE });
    } catch (error) {
      dslError = error;
      if (looksLikeDsl(block)) {
        return { kind: "error", language: "dsl", error: toReplError(error, block) };
      }
    }
    const language = program === undefined ? "ts" : "dsl";
    const e = this.#engine ?? engine();
    const id = String(++this.#count);
    const scope = new BlockScope(e.signals().map((s) => s.name));
    for (const set of taken.sets) {
      scope.later(() => applySetLine(set), set.kind === "set" ? `set ${set.name}` : "list knobs");
    }
    try {
      e.begin({ origin: REPL_ORIGIN });
    } catch (error) {
      return { kind: "error", language, error: toReplError(error, block) };
    }
    setActiveBlock(id, scope);
    // Until the deferred mutes and sets are applied, the plain functions talk to this engine.
    const previousEngine = setActiveEngine(e);
    try {
      if (program !== undefined) registerProgram(program);
      else await this.#runBlock(block, id, scope);
      setActiveBlock(id, undefined);
      // Built: the block's own knobs are defined now, so `.set` may name them.
      const refused = undefinedKnobSet(taken.sets);
      if (refused !== undefined) {
        e.abort();
        const { message, line, column } = refused;
        const error = new ReplError(message, { line, column }, codeFrame(original, line, column));
        return { kind: "error", language, error, output: scope.output() };
      }
      const report = e.commit();
      const time = e.time;
      const actions = scope.applyDeferred();
      const echoed = scope.value;
      return {
        kind: "ok",
        language,
        report,
        actions,
        time,
        output: scope.output(),
        ...(echoed === undefined ? {} : { value: describeValue(echoed.value) }),
      };
    } catch (error) {
      setActiveBlock(id, undefined);
      if (e.inTransaction) e.abort();
      const output = scope.output();
      if (error instanceof BlockFailure) {
        if (error.parse && dslError !== undefined && meantAsDsl(block, dslError)) {
          return { kind: "error", language: "dsl", error: toReplError(dslError, block), output };
        }
        return { kind: "error", language, error: toReplError(error.error, block), output };
      }
      return { kind: "error", language, error: toReplError(error, block), output };
    } finally {
      setActiveBlock(id, undefined);
      setActiveEngine(previousEngine);
    }
  }

  /** Imports the block's forms in turn until one parses; throws a {@linkcode BlockFailure}. */
  async #runBlock(block: string, id: string, scope: BlockScope): Promise<void> {
    const names = await (this.#names ??= import(SCOPE_URL).then((m) => Object.keys(m)));
    const dir = this.#tempDir ??= await Deno.makeTempDir({ prefix: "lel-repl-" });
    // A scope module of its own (by query), so calls the block makes after it has ended are
    // recognised and ignored.
    const imports = `import { ${names.join(", ")} } from ${
      JSON.stringify(`${SCOPE_URL}?block=${id}`)
    };\n`;
    const forms = blockModules(block);
    for (let k = 0; k < forms.length; k++) {
      const form = forms[k];
      try {
        await this.#importModule(join(dir, `block_${id}_${form.form}.ts`), form, imports);
        return;
      } catch (error) {
        const parse = !scope.started;
        if (parse && k < forms.length - 1) continue; // Never ran: nothing to undo.
        throw new BlockFailure(error, parse);
      }
    }
  }

  async #importModule(path: string, form: BlockModule, imports: string): Promise<void> {
    await Deno.writeTextFile(path, form.text + imports);
    const url = pathToFileURL(path).href;
    // Stack traces and fault reports then name `<repl>:line:col` inside the block.
    registerMirror(url, REPL_FILE, form.toBlock);
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        import(url),
        new Promise((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new ReplError(
                  `The block did not finish within ${this.#timeoutMs} ms (an await that never ` +
                    `resolves?); nothing was applied`,
                  undefined,
                  "",
                ),
              ),
            this.#timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
      await Deno.remove(path).catch(() => {});
    }
  }
}

/**
 * Whether a block that the DSL compiler refused was meant as DSL: its first line that is not
 * blank or a comment starts with `name:`. Then the DSL's error is the useful one (TypeScript
 * would only say "unexpected token").
 *
 * @param block The block.
 * @returns True when it reads as DSL.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(looksLikeDsl("# bass\nbass: saw 55 |> lfp 300"), true);
 * assert.equal(looksLikeDsl('mute("bass")'), false);
 * assert.equal(looksLikeDsl("const a: number = 1"), false);
 * ```
 */
export function looksLikeDsl(block: string): boolean {
  for (const line of block.split("\n")) {
    const t = line.trim();
    if (t === "" || t.startsWith("#") || t.startsWith("//")) continue;
    return /^[A-Za-z_][\w#]*\s*:(?![:=])/.test(t);
  }
  return false;
}

/**
 * Whether a block that neither compiled as DSL nor parsed as TypeScript was meant as DSL: it
 * pipes (`|>` is no TypeScript operator) or the DSL stumbled on a missing `:` after a name.
 */
function meantAsDsl(block: string, dslError: unknown): boolean {
  const message = dslError instanceof Error ? dslError.message : "";
  return block.includes("|>") || /^Expected ':', found (?:name|number|note) /.test(message);
}

// ---------------------------------------------------------------------------------------------
// Errors, located inside the block.

function fromDslError(error: LocatedLike, block: string): ReplError {
  const where = clamp(block, error.line, error.column);
  const frame = typeof error.frame === "string" && error.frame !== ""
    ? error.frame
    : codeFrame(block, where.line, where.column);
  return new ReplError(error.message, where, frame, { cause: error });
}

/** A located error for a block (positions in `<repl>` are already the block's own). */
function toReplError(error: unknown, block: string): ReplError {
  if (error instanceof ReplError) return error;
  if (isLocated(error) && error.file === REPL_FILE) return fromDslError(error, block);
  const err = error instanceof Error ? error : new Error(String(error));
  const raw = unmirror(err.message);
  const syntax = denoSyntaxError(raw);
  const message = syntax !== undefined
    ? `SyntaxError: ${syntax}`
    : `${err.name}: ${firstLine(raw)}`;
  const at = /<repl>:(\d+):(\d+)/.exec(syntax !== undefined ? raw : unmirror(err.stack ?? ""));
  if (at === null) return new ReplError(message, undefined, "", { cause: error });
  const where = clamp(block, Number(at[1]), Number(at[2]));
  return new ReplError(message, where, codeFrame(block, where.line, where.column), {
    cause: error,
  });
}

function firstLine(text: string): string {
  return text.split("\n").find((l) => l.trim() !== "") ?? text;
}

/** Keeps a position inside the block (errors at the generated closing lines land at its end). */
function clamp(block: string, line: number, column: number): { line: number; column: number } {
  const lines = block.split("\n");
  if (line > lines.length) {
    return { line: lines.length, column: lines[lines.length - 1].length + 1 };
  }
  const text = lines[Math.max(1, line) - 1];
  return { line: Math.max(1, line), column: Math.min(Math.max(1, column), text.length + 1) };
}
