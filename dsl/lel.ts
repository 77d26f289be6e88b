/**
 * The `lel` tag: compiles a template, builds every line, and registers them all or none.
 * @module
 */

import { isAbsolute, resolve } from "node:path";
import { type BuildScope, openBuildScope } from "../runtime/core/build_scope.ts";
import { activeEngine as engine } from "../runtime/core/process_engine.ts";
import { userLocation } from "../runtime/core/diagnostics/location.ts";
import type { Param, Signal } from "../runtime/core/signal.ts";
import { Builder } from "./build.ts";
import { compile } from "./compile.ts";
import { dslError } from "./errors.ts";
import type { LoweredProgram } from "./lowered.ts";
import type { Span } from "./print_location.ts";

/**
 * What a `${…}` may hold: a number, a string (a pattern such as `${"a1 ~ c2"}`, a sample path
 * or a name, wherever the DSL takes a quoted string), or a signal (a helper's result or any
 * `(s) => number`). Typing it lets `${(s) => Math.sin(s.t)}` infer `s` as the context.
 */
export type LelValue = number | string | Signal;

/** What one template registered. */
export interface LelResult {
  /** The signal names, in the template's order. */
  readonly names: readonly string[];
}

interface BuiltLine {
  readonly name: string;
  readonly span: Span;
  readonly signal: Param;
  /** The line's own build scope: its register owns what was built (or adopted) there. */
  readonly scope: BuildScope;
}

/**
 * Plays the signals of a template: each line `name: chain` becomes one `register(name, …)`.
 *
 * Every line is parsed, lowered and built before any is registered; then all are registered
 * in one engine transaction (or into the one already open, when a session loader is
 * reloading), so a mistake anywhere leaves what was playing untouched. Each line's helpers
 * are numbered from 0 per type, so their state survives edits to other lines and inserts of
 * other helper types.
 *
 * @param strings The template's literal parts (or one string of DSL text).
 * @param values The `${…}` values: numbers, signal functions or helpers.
 * @returns The names registered.
 * @throws {DslSyntaxError} On any mistake, located in the calling file with a caret frame.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lel, render, sin, unregister } from "@lel/lel";
 * const { names } = lel`
 *   drone: saw 55 |> lpf 400 0.3 |> gain -12db
 *   bell:  sin a5 |> tremolo 6hz 0.5 |> pan ${sin(0.3)}
 * `;
 * assert.deepEqual(names, ["drone", "bell"]);
 * const { channels } = render(0.05);
 * assert.ok(channels[0].some((v: number) => v !== 0));
 * names.forEach(unregister);
 * ```
 */
export function lel(strings: TemplateStringsArray | string, ...values: LelValue[]): LelResult {
  const site = userLocation(new Error().stack);
  const chunks = typeof strings === "string" ? [strings] : strings.raw;
  let program: LoweredProgram;
  try {
    program = compile(chunks, {
      values,
      file: site?.file,
      line: site?.line,
      column: site === undefined ? 1 : site.column + 1,
      fileText: site === undefined ? undefined : () => readSessionFile(site.file),
    });
  } finally {
    // Nothing to undo: helpers belong to the signals whose trees reach them, and a template
    // that failed to compile registered none.
  }
  return registerProgram(program);
}

/**
 * Builds and registers a compiled template, all lines or none (what {@linkcode lel} does
 * after compiling).
 *
 * Inside an open engine transaction (a session loader's reload) the lines are registered into
 * it; otherwise in a transaction of their own, committed when every line is registered and
 * aborted on the first failure. Helpers built before the call that the template does not use
 * stay pending for the next `register`.
 *
 * @param program From `compile`, with the values of its `${…}`.
 * @returns The names registered.
 * @throws {DslSyntaxError} When a helper refuses its arguments or a register fails (the
 *   original error is the `cause`), located at the stage or line.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compile, registerProgram, signals, unregister } from "@lel/lel";
 * const { names } = registerProgram(compile("hum: sin 110 |> gain -6db"));
 * assert.equal(signals().find((s) => s.name === "hum")?.name, "hum");
 * names.forEach(unregister);
 * ```
 */
export function registerProgram(program: LoweredProgram): LelResult {
  const scopes: BuildScope[] = [];
  try {
    const builder = new Builder(program);
    const tempos = program.lines.filter((line) => line.tempo !== undefined);
    const built: BuiltLine[] = program.lines.filter((line) => line.tempo === undefined).map(
      (line) => {
        const scope = openBuildScope("a DSL line");
        scopes.push(scope);
        try {
          return { name: line.name, span: line.span, signal: builder.line(line), scope };
        } finally {
          scope.close();
        }
      },
    );
    const e = engine();
    const own = !e.inTransaction;
    if (own) e.begin();
    try {
      for (const line of tempos) {
        try {
          e.tempo(line.tempo!);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          throw dslError(program.source, line.value.span, message, error);
        }
      }
      for (const line of built) {
        try {
          const at = program.source.position(line.span.start);
          e.register(line.name, line.signal, {
            site: { file: program.source.file, ...at },
            scope: line.scope,
          });
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          throw dslError(program.source, line.span, message, error);
        }
      }
      if (own) {
        try {
          e.commit();
        } catch (error) {
          // The shadow render refused a line's signal: say so at that line.
          const line = built.find((l) => l.name === (error as { signal?: unknown }).signal);
          if (line === undefined) throw error;
          const message = error instanceof Error ? error.message : String(error);
          throw dslError(program.source, line.span, message, error);
        }
      }
    } catch (error) {
      if (own && e.inTransaction) e.abort();
      throw error;
    }
    return { names: built.map((line) => line.name) };
  } finally {
    for (const scope of scopes) scope.close();
  }
}

/** The session file's text, when it may be read without a permission prompt. */
function readSessionFile(file: string): string | undefined {
  try {
    const path = isAbsolute(file) ? file : resolve(Deno.cwd(), file);
    if (Deno.permissions.querySync({ name: "read", path }).state !== "granted") return undefined;
    return Deno.readTextFileSync(path);
  } catch {
    return undefined;
  }
}
