/**
 * What a TypeScript REPL block sees without importing anything: every public name of `mod.ts`,
 * with the signal-changing ones wrapped so the block being evaluated knows what it registered,
 * and with `mute`, `unmute` and `solo` checked at once but applied only when the block commits
 * (a block that fails later changes nothing). Its `console` prints into the block's reply while
 * the block runs (and into live's log after, e.g. from a signal or a timer it left behind);
 * `__lelStart` and `__lelEcho` are the hooks the generated module calls (see
 * `repl_module.ts`). Each block imports its own instance of this module (`?block=N`); calls it
 * makes after it has ended (it ran past its time limit and kept going) are ignored with a
 * logged line. Imported without `?block`, the functions act at once. `setKnob` and
 * `setKnobNormalized` are checked at once and applied at the commit, like mutes.
 * @module
 */

export * from "../../mod.ts";
import {
  lel as lelTag,
  type LelResult,
  type LelValue,
  registerProgram as registerLowered,
} from "../../dsl/lel.ts";
import type { LoweredProgram } from "../../dsl/lowered.ts";
import { activeEngine as engine } from "../core/process_engine.ts";
import { logger } from "../core/log.ts";
import { checkKnobDefined, checkKnobSet, getKnob, setKnob as setKnobNow } from "../core/knobs.ts";
import {
  normalizedKnobValue,
  setKnobNormalized as setKnobNormalizedNow,
} from "../core/knob_position.ts";
import { activeBlock, type BlockScope } from "./repl_block.ts";
import { applySetLine } from "./repl_set.ts";
import type { Param } from "../core/signal.ts";

const BLOCK = new URL(import.meta.url).searchParams.get("block");

/** This block's scope; `undefined` when not a block; `null` (and a log line) once it ended. */
function scope(verb: string): BlockScope | undefined | null {
  if (BLOCK === null) return undefined;
  const block = activeBlock(BLOCK);
  if (block !== undefined) return block;
  logger().error(`repl: block ${BLOCK} called ${verb}() after it ended; ignored`);
  return null;
}

/**
 * `register` as in a session; the block remembers the name.
 *
 * @param name Signal name.
 * @param signal The signal.
 */
export function register(name: string, signal: Param): void {
  const block = scope("register");
  if (block === null) return;
  engine().register(name, signal);
  block?.registered(name);
}

/**
 * `unregister` as in a session.
 *
 * @param name Signal name.
 * @returns Whether it was playing (or staged).
 */
export function unregister(name: string): boolean {
  const block = scope("unregister");
  if (block === null) return false;
  const found = engine().unregister(name);
  block?.unregistered(name);
  return found;
}

/** `clear` as in a session: every signal of every origin fades out at the commit. */
export function clear(): void {
  const block = scope("clear");
  if (block === null) return;
  engine().clear();
  block?.cleared();
}

/**
 * The `lel` tag as in a session.
 *
 * @param strings Template parts, or DSL text.
 * @param values The `${…}` values.
 * @returns The names registered.
 */
export function lel(strings: TemplateStringsArray | string, ...values: LelValue[]): LelResult {
  const block = scope("lel");
  if (block === null) return { names: [] };
  const result = lelTag(strings, ...values);
  for (const name of result.names) block?.registered(name);
  block?.quiet(result);
  return result;
}

/**
 * `registerProgram` as in a session.
 *
 * @param program A compiled template.
 * @returns The names registered.
 */
export function registerProgram(program: LoweredProgram): LelResult {
  const block = scope("registerProgram");
  if (block === null) return { names: [] };
  const result = registerLowered(program);
  for (const name of result.names) block?.registered(name);
  block?.quiet(result);
  return result;
}

/**
 * Silences a signal with a fade, when the block commits.
 *
 * @param name Signal name.
 */
export function mute(name: string): void {
  deferred("mute", [name], () => engine().mute(name));
}

/**
 * Undoes `mute`, when the block commits.
 *
 * @param name Signal name.
 */
export function unmute(name: string): void {
  deferred("unmute", [name], () => engine().unmute(name));
}

/**
 * Plays only the named signals, when the block commits; no names ends the solo.
 *
 * @param names Signals to hear.
 */
export function solo(...names: string[]): void {
  deferred("solo", names, () => engine().solo(...names));
}

function deferred(verb: string, names: string[], apply: () => void): void {
  const block = scope(verb);
  if (block === undefined) apply();
  else block?.defer(verb, names, apply);
}

/**
 * Sets a knob when the block commits (checked now: a bad name or value, or a knob no session
 * and no earlier line of the block defines, fails the block).
 *
 * @param name A knob a session or the block defined.
 * @param value The value in the knob's units, clamped to its range.
 * @returns The value the knob will hold.
 */
export function setKnob(name: string, value: number): number {
  const block = scope("setKnob");
  if (block === null) return getKnob(name)?.value ?? NaN;
  if (block === undefined) return setKnobNow(name, value);
  checkKnobSet(name, value);
  checkKnobDefined(name);
  block.later(() => applySetLine({ kind: "set", name, value }), `set ${name}`);
  const knob = getKnob(name);
  return knob === undefined || !knob.defined
    ? value
    : Math.min(knob.max, Math.max(knob.min, value));
}

/**
 * Sets a knob from a 0..1 position through its curve, when the block commits.
 *
 * @param name A defined knob with a finite range.
 * @param x Position 0..1, clamped.
 * @returns The value the knob will hold, in its units.
 */
export function setKnobNormalized(name: string, x: number): number {
  const block = scope("setKnobNormalized");
  if (block === null) return getKnob(name)?.value ?? NaN;
  if (block === undefined) return setKnobNormalizedNow(name, x);
  const value = normalizedKnobValue(name, x);
  block.later(() => applySetLine({ kind: "set", name, value }), `set ${name}`);
  return value;
}

/** Marks that the block's module began to run (the generated module's first statement). */
export function __lelStart(): void {
  if (BLOCK !== null) activeBlock(BLOCK)?.start();
}

/**
 * Keeps the value of the block's last expression for the reply.
 *
 * @param value The value.
 * @returns `value`.
 */
export function __lelEcho<T>(value: T): T {
  return BLOCK === null ? value : activeBlock(BLOCK)?.echo(value) ?? value;
}

const globalConsole = globalThis.console;

function printer(stream: "out" | "err", fallback: (...args: unknown[]) => void) {
  return (...args: unknown[]): void => {
    const block = BLOCK === null ? undefined : activeBlock(BLOCK);
    if (block === undefined) fallback(...args);
    else block.print(stream, args);
  };
}

/**
 * The block's `console`: `log`, `info`, `debug` and `dir` print into the reply's output,
 * `error`, `warn` and `trace` too (marked as errors), while the block runs; afterwards (and for
 * everything else, such as `table` or `time`) it is the global console.
 */
const blockConsole: Console = Object.assign(Object.create(globalConsole) as Console, {
  log: printer("out", (...a) => globalConsole.log(...a)),
  info: printer("out", (...a) => globalConsole.info(...a)),
  debug: printer("out", (...a) => globalConsole.debug(...a)),
  dir: printer("out", (...a) => globalConsole.dir(...a)),
  error: printer("err", (...a) => globalConsole.error(...a)),
  warn: printer("err", (...a) => globalConsole.warn(...a)),
  trace: printer("err", (...a) => globalConsole.trace(...a)),
});

export { blockConsole as console };
