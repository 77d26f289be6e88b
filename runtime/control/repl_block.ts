/**
 * The REPL block being evaluated: the names it may refer to, the mutes and solos it asked for
 * (applied after its commit), what it printed through `console`, and its value. Evaluations
 * take turns (through the engine lock), so one block is active at a time.
 * @module
 */

import { format } from "node:util";

/** The most a block's output may hold before the rest is counted, not kept. */
export const MAX_OUTPUT_LINES = 200;
/** The most characters of output a block keeps. */
export const MAX_OUTPUT_CHARS = 16 * 1024;

/** One line a block printed: `out` for `console.log`/`info`/`debug`, `err` for `error`/`warn`. */
export interface OutputLine {
  /** Which console method printed it: `out` (log, info, debug, dir) or `err` (error, warn, trace). */
  stream: "out" | "err";
  /** One line of it, without the line break. */
  text: string;
}

let active: { id: string; scope: BlockScope } | undefined;

/**
 * The scope of block `id` while it is being evaluated, for the REPL's own `register`, `mute`,
 * `console`, … (see `repl_scope.ts`).
 *
 * @param id The block's number.
 * @returns The scope, or `undefined` once the block has ended (committed, failed or timed out).
 */
export function activeBlock(id: string): BlockScope | undefined {
  return active !== undefined && active.id === id ? active.scope : undefined;
}

/**
 * Makes `scope` the active block (or none).
 *
 * @param id The block's number.
 * @param scope Its scope, or `undefined` when it ended.
 */
export function setActiveBlock(id: string, scope: BlockScope | undefined): void {
  active = scope === undefined ? undefined : { id, scope };
}

/** Names a block may refer to, the mutes and solos it asked for, its output and its value. */
export class BlockScope {
  readonly #known: Set<string>;
  /** Each does its part after the commit and says what it did; `failure` names it otherwise. */
  readonly #deferred: { run: () => string; failure: string }[] = [];
  readonly #output: OutputLine[] = [];
  #outputChars = 0;
  #droppedLines = 0;
  readonly #quiet = new WeakSet<object>();
  #started = false;
  #hasValue = false;
  #value: unknown;

  /**
   * A scope for a block that starts now.
   *
   * @param playing The engine's signals when the block started.
   */
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

  /** The block's module began to run (it parsed; what it does from here is not undone). */
  start(): void {
    this.#started = true;
  }

  /** Whether the block's module began to run. */
  get started(): boolean {
    return this.#started;
  }

  /**
   * Records the value of the block's last expression.
   *
   * @param value The value.
   * @returns `value`, so wrapping an expression keeps its meaning.
   */
  echo<T>(value: T): T {
    this.#hasValue = true;
    this.#value = value;
    return value;
  }

  /**
   * Marks a value not worth echoing (what `lel` returns: the reply already lists its signals).
   *
   * @param value An object.
   */
  quiet(value: object): void {
    this.#quiet.add(value);
  }

  /** The value to echo: `undefined` for none (no last expression, or undefined, or quiet). */
  get value(): { value: unknown } | undefined {
    if (!this.#hasValue || this.#value === undefined) return undefined;
    const v = this.#value;
    if ((typeof v === "object" || typeof v === "function") && v !== null && this.#quiet.has(v)) {
      return undefined;
    }
    return { value: v };
  }

  /**
   * Keeps what a `console` call printed (formatted as `console` would), up to the limits.
   *
   * @param stream `out` or `err`.
   * @param args The call's arguments.
   */
  print(stream: "out" | "err", args: unknown[]): void {
    for (const text of format(...args).split("\n")) {
      if (
        this.#output.length >= MAX_OUTPUT_LINES ||
        this.#outputChars + text.length > MAX_OUTPUT_CHARS
      ) {
        this.#droppedLines++;
        continue;
      }
      this.#output.push({ stream, text });
      this.#outputChars += text.length;
    }
  }

  /** What the block printed, with a last line counting what did not fit. */
  output(): OutputLine[] {
    if (this.#droppedLines === 0) return [...this.#output];
    return [...this.#output, {
      stream: "err",
      text: `(${this.#droppedLines} more line${this.#droppedLines === 1 ? "" : "s"} of ` +
        `output not shown; the reply keeps ${MAX_OUTPUT_LINES} lines or ` +
        `${MAX_OUTPUT_CHARS / 1024} KiB)`,
    }];
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
