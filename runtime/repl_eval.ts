/**
 * Evaluates one REPL block in the running engine, with the rules of a file reload: everything
 * the block registers, unregisters or clears is staged in one engine transaction (origin
 * `repl`, leaving other origins alone) and committed only when the whole block succeeded.
 *
 * A block is tried as DSL lines first (`bass: saw 55 |> lpf 300`). Otherwise it is TypeScript:
 * it is written to a temporary module as `{<block>\n}` followed by one import of every public
 * name (so declarations in the block may shadow them) and imported, like a session. Lines are
 * kept and line 1 moves one column right, which errors undo; the module is registered as a
 * mirror of `<repl>`, so stack traces name `<repl>:line:col`. `mute`, `unmute` and `solo` in a
 * block are checked when called and applied after the commit, so a failing block changes
 * nothing at all; so are knob sets, `setKnob(…)` and `.set NAME VALUE` lines (`repl_set.ts`).
 * @module
 */

import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compile } from "../dsl/compile.ts";
import { registerProgram } from "../dsl/lel.ts";
import type { LoweredProgram } from "../dsl/lower.ts";
import { type CommitReport, engine } from "./engine.ts";
import { withEngineLock } from "./engine_lock.ts";
import { codeFrame, registerMirror, unmirror } from "./location.ts";
import { applySetLine, takeSetLines } from "./repl_set.ts";

/** The file name REPL blocks carry in errors and fault reports. */
export const REPL_FILE = "<repl>";

/** The engine origin of signals a REPL block registers. */
export const REPL_ORIGIN = "repl";

/** How long a TypeScript block may take (e.g. awaiting) before it is abandoned, in ms. */
export const DEFAULT_EVAL_TIMEOUT_MS = 10_000;

const SCOPE_URL = new URL("./repl_scope.ts", import.meta.url).href;
/** What precedes the block's first line in the generated module. */
const PREFIX = "{";

/** A block that failed: where in the block, why, and a caret frame. */
export class ReplError extends Error {
  /** 1-based line inside the block, when known. */
  readonly line: number | undefined;
  /** 1-based column inside the block, when known. */
  readonly column: number | undefined;
  /** Caret frame from the block, or "". */
  readonly frame: string;

  constructor(
    message: string,
    where: { line: number; column: number } | undefined,
    frame: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "ReplError";
    this.line = where?.line;
    this.column = where?.column;
    this.frame = frame;
  }

  /** `line:col: message` and the frame (the text after `error: ` in a reply). */
  format(): string {
    const where = this.line === undefined ? "" : `${this.line}:${this.column}: `;
    return `${where}${this.message}${this.frame === "" ? "" : "\n" + this.frame}`;
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
  }
  | { kind: "error"; language: "dsl" | "ts"; error: ReplError };

/** Options for {@linkcode ReplEvaluator}; every field is optional. */
export interface ReplEvaluatorOptions {
  /** Folder for the temporary modules. @default {a new temporary folder} */
  tempDir?: string;
  /** Milliseconds a TypeScript block may run. @default {DEFAULT_EVAL_TIMEOUT_MS} */
  timeoutMs?: number;
}

/** Evaluates REPL blocks in the process engine, one at a time (through the engine lock). */
export class ReplEvaluator {
  #tempDir: string | undefined;
  readonly #ownsTemp: boolean;
  readonly #timeoutMs: number;
  #count = 0;
  #names: Promise<string[]> | undefined;

  /** @param options Temporary folder and time limit. */
  constructor(options: ReplEvaluatorOptions = {}) {
    this.#tempDir = options.tempDir;
    this.#ownsTemp = options.tempDir === undefined;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_EVAL_TIMEOUT_MS;
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
    // `.set` lines are checked now, taken out, and applied after the commit.
    const taken = takeSetLines(original);
    if ("error" in taken) {
      const { message, line, column } = taken.error;
      const error = new ReplError(message, { line, column }, codeFrame(original, line, column));
      return { kind: "error", language: "dsl", error };
    }
    const block = taken.rest;
    let program: LoweredProgram | undefined;
    try {
      program = compile(block, { file: REPL_FILE });
    } catch (error) {
      if (looksLikeDsl(block)) {
        return { kind: "error", language: "dsl", error: toReplError(error, original, "dsl") };
      }
    }
    const language = program === undefined ? "ts" : "dsl";
    const e = engine();
    const id = String(++this.#count);
    const scope = new BlockScope(e.signals().map((s) => s.name));
    for (const set of taken.sets) {
      scope.later(() => applySetLine(set), set.kind === "set" ? `set ${set.name}` : "list knobs");
    }
    try {
      e.begin({ origin: REPL_ORIGIN });
    } catch (error) {
      return { kind: "error", language, error: toReplError(error, original, language) };
    }
    active = { id, scope };
    try {
      if (program !== undefined) registerProgram(program);
      else await this.#importBlock(block, id);
      active = undefined;
      const report = e.commit();
      const time = e.time;
      return { kind: "ok", language, report, actions: scope.applyDeferred(), time };
    } catch (error) {
      active = undefined;
      if (e.inTransaction) e.abort();
      return { kind: "error", language, error: toReplError(error, original, language) };
    } finally {
      active = undefined;
    }
  }

  async #importBlock(block: string, id: string): Promise<void> {
    const names = await (this.#names ??= import(SCOPE_URL).then((m) => Object.keys(m)));
    const dir = this.#tempDir ??= await Deno.makeTempDir({ prefix: "lel-repl-" });
    const path = join(dir, `block_${id}.ts`);
    // A scope module of its own (by query), so calls the block makes after it has ended are
    // recognised and ignored.
    const scopeUrl = `${SCOPE_URL}?block=${id}`;
    await Deno.writeTextFile(
      path,
      `${PREFIX}${block}\n}\nimport { ${names.join(", ")} } from ${JSON.stringify(scopeUrl)};\n`,
    );
    const url = pathToFileURL(path).href;
    registerMirror(url, REPL_FILE);
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

// ---------------------------------------------------------------------------------------------
// The scope of the block being evaluated (evaluations take turns, so one at a time).

let active: { id: string; scope: BlockScope } | undefined;

/**
 * The scope of block `id` while it is being evaluated, for the REPL's own `register`, `mute`,
 * … (see `repl_scope.ts`).
 *
 * @param id The block's number.
 * @returns The scope, or `undefined` once the block has ended (committed, failed or timed out).
 */
export function activeBlock(id: string): BlockScope | undefined {
  return active !== undefined && active.id === id ? active.scope : undefined;
}

/** Names a block may refer to, and the mutes, solos and knob sets it asked for. */
export class BlockScope {
  readonly #known: Set<string>;
  /** Each does its part after the commit and says what it did; `failure` names it otherwise. */
  readonly #deferred: { run: () => string; failure: string }[] = [];

  /** @param playing The engine's signals when the block started. */
  constructor(playing: readonly string[]) {
    this.#known = new Set(playing);
  }

  /** The block registered `name`. */
  registered(name: string): void {
    this.#known.add(name);
  }

  /** The block unregistered `name`. */
  unregistered(name: string): void {
    this.#known.delete(name);
  }

  /** The block called `clear()`. */
  cleared(): void {
    this.#known.clear();
  }

  /**
   * Checks the names now and keeps `apply` for after the commit.
   *
   * @param verb `mute`, `unmute` or `solo`.
   * @param names The signals named.
   * @param apply What to do once the block is committed.
   * @throws {RangeError} For a name that neither plays nor was registered by the block.
   */
  defer(verb: string, names: string[], apply: () => void): void {
    for (const name of names) {
      if (!this.#known.has(name)) {
        const known = [...this.#known].join(", ") || "none";
        throw new RangeError(`Cannot ${verb} '${name}': no such signal (playing: ${known})`);
      }
    }
    const what = verb === "solo" && names.length === 0
      ? "ended solo"
      : `${verb === "solo" ? "soloed" : `${verb}d`} ${names.join(", ")}`;
    this.later(() => {
      apply();
      return what;
    }, `${verb} ${names.join(", ")}`);
  }

  /**
   * Keeps `run` (already checked) for after the commit.
   *
   * @param run Does it and returns what it did, e.g. `set cutoff 1200`.
   * @param failure What it does, for a failure: `could not <failure>: <why>`.
   */
  later(run: () => string, failure: string): void {
    this.#deferred.push({ run, failure });
  }

  /** Applies what was kept, in order; returns what it did, e.g. `muted bass`. */
  applyDeferred(): string[] {
    return this.#deferred.map((d) => {
      try {
        return d.run();
      } catch (error) {
        return `could not ${d.failure}: ${(error as Error).message}`;
      }
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Errors, located inside the block.

interface Located {
  message: string;
  file: string;
  line: number;
  column: number;
  frame?: unknown;
}

function isLocated(error: unknown): error is Located {
  if (!(error instanceof Error)) return false;
  const e = error as unknown as Record<string, unknown>;
  return typeof e.file === "string" && typeof e.line === "number" && typeof e.column === "number";
}

function fromDslError(error: Located, block: string, shift: number): ReplError {
  const where = clamp(block, error.line, error.line === 1 ? error.column - shift : error.column);
  const frame = typeof error.frame === "string" && error.frame !== "" &&
      (shift === 0 || where.line !== 1)
    ? error.frame
    : codeFrame(block, where.line, where.column);
  return new ReplError(error.message, where, frame, { cause: error });
}

function toReplError(error: unknown, block: string, language: "dsl" | "ts"): ReplError {
  if (error instanceof ReplError) return error;
  const shift = language === "ts" ? PREFIX.length : 0;
  if (isLocated(error) && error.file === REPL_FILE) return fromDslError(error, block, shift);
  const err = error instanceof Error ? error : new Error(String(error));
  const raw = unmirror(err.message);
  // Deno reports a parse error as TypeError("SyntaxError: msg\n  |\n2 | …\n    at file:…:2:11").
  const syntax = /^SyntaxError: ([^\n]*)/.exec(raw);
  const message = syntax !== null ? `SyntaxError: ${syntax[1]}` : `${err.name}: ${firstLine(raw)}`;
  const at = /<repl>:(\d+):(\d+)/.exec(syntax !== null ? raw : unmirror(err.stack ?? ""));
  if (at === null) return new ReplError(message, undefined, "", { cause: error });
  const line = Number(at[1]);
  const where = clamp(block, line, line === 1 ? Number(at[2]) - shift : Number(at[2]));
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
  return { line: Math.max(1, line), column: Math.max(1, column) };
}
