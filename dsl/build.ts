/**
 * Building: lowered calls → signals, by calling each helper's factory in the order the
 * equivalent TypeScript would (arguments left to right, innermost first), so helper indices
 * match a hand-written chain exactly.
 *
 * Helpers passed in through `${…}` were built before the template ran; they are adopted at
 * the point of the line that uses them (the line's build scope adopts them), so their index
 * reflects that place.
 * A helper can be used once: a second use would run one state twice per frame.
 * @module
 */

import { resolve } from "node:path";
import type { HelperNode } from "../runtime/core/node.ts";
import { definitionOf } from "../helpers/declare_helper.ts";
import { currentBuildScope, nodesOf } from "../runtime/core/build_scope.ts";
import type { Param, Signal } from "../runtime/core/signal.ts";
import { bars, beats, everyBars, everyBeats } from "../helpers/rhythm/mod.ts";
import { dslError, DslSyntaxError } from "./errors.ts";
import type { LoweredArg, LoweredCall, LoweredLine, LoweredProgram } from "./lowered.ts";
import type { Span } from "./print_location.ts";

/** What a count of beats or bars becomes (`printLowered` names the same helpers). */
const BEATS = {
  time: { b: beats, bar: bars },
  rate: { b: everyBeats, bar: everyBars },
} as const;

/** Builds the lines of one template, remembering which interpolated helpers were used. */
export class Builder {
  #program: LoweredProgram;
  #used = new Map<HelperNode, Span>();
  /** The template's file, absolute (what a helper's relative paths resolve against), if known. */
  #from: string | undefined;

  constructor(program: LoweredProgram) {
    this.#program = program;
    const file = program.source.file;
    this.#from = file === "" || file.startsWith("<") ? undefined : resolve(file);
  }

  /**
   * Builds one line's signal. Its helpers land in the current build scope (the line's).
   *
   * @param line A lowered line.
   * @returns The signal (or constant) to register.
   * @throws {DslSyntaxError} When a helper refuses its arguments, located at its stage.
   */
  line(line: LoweredLine): Param {
    return this.#value(line.value);
  }

  #value(arg: LoweredArg): Param {
    switch (arg.kind) {
      case "number":
        return arg.value;
      case "string":
        return arg.value as unknown as Param; // a helper that takes a string gets it as it is
      case "beats":
        return BEATS[arg.as][arg.unit](arg.value);
      case "interpolation":
        return this.#interpolation(arg.index, arg.span);
      case "call":
        return this.#call(arg);
    }
  }

  #interpolation(index: number, span: Span): Signal {
    const fn = this.#program.values[index] as Signal;
    const nodes = nodesOf(fn);
    for (const node of nodes) {
      const first = this.#used.get(node);
      if (first !== undefined) {
        const { line, column } = this.#program.source.position(first.start);
        throw dslError(
          this.#program.source,
          span,
          `This helper (${node.type}) is already used at line ${line}, column ${column}; one helper instance has one state, so build a new one for each use`,
        );
      }
    }
    for (const node of nodes) this.#used.set(node, span);
    currentBuildScope().adopt(nodes);
    return fn;
  }

  #call(call: LoweredCall): Param {
    const args = call.args.map((a) => (a === undefined ? undefined : this.#value(a)));
    const options: Record<string, unknown> = {};
    let hasOptions = false;
    for (const [name, value] of Object.entries(call.options ?? {})) {
      options[name] = this.#value(value);
      hasOptions = true;
    }
    if (call.key !== undefined) {
      options.key = call.key;
      hasOptions = true;
    }
    // A helper reading a file (a sample) resolves it against the template's file.
    if (this.#from !== undefined && readsFiles(call.entry.factory)) {
      options.from = this.#from;
      hasOptions = true;
    }
    if (hasOptions) args.push(options as never);
    else while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
    let result: unknown;
    try {
      result = call.entry.factory(...args);
    } catch (error) {
      if (error instanceof DslSyntaxError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw dslError(this.#program.source, call.span, message, error);
    }
    if (typeof result === "function" || (typeof result === "number" && Number.isFinite(result))) {
      return result as Param;
    }
    throw dslError(
      this.#program.source,
      call.span,
      `Helper '${call.helper}' returned ${
        typeof result === "number" ? String(result) : `a ${typeof result}`
      }; a helper must return a signal function or a finite number`,
    );
  }
}

/** Whether a factory is a declared helper with a file path among its text arguments. */
function readsFiles(factory: unknown): boolean {
  return definitionOf(factory)?.texts?.some((t) => t.unit === "path") ?? false;
}
