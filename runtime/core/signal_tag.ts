/**
 * What a helper's signal function carries: its node, the signals it reads and how the chain
 * compiler emits it (the {@linkcode HelperInfo} tag), and its channel count. The engine, the
 * build scopes and the chain compiler read the tag; hand-written functions have none.
 * @module
 */

import type { Frame, Param, Signal } from "./signal.ts";
import type { KernelSpec } from "./kernel_spec.ts";
import type { HelperNode } from "./node.ts";

const HELPER = Symbol.for("lel.helper");
const CHANNELS = Symbol.for("lel.channels");

/** What a helper's signal function carries, for channel inference and the chain compiler. */
export interface HelperInfo {
  readonly node: HelperNode | undefined;
  /** Signals this helper reads per frame (audio inputs first, then modulating params). */
  readonly inputs: readonly Signal[];
  /** How the chain compiler (runtime/core/chain) emits this helper's step; absent: not compilable. */
  readonly kernel?: KernelSpec;
}

type Tagged = Signal & { [HELPER]?: HelperInfo; [CHANNELS]?: number };

/**
 * Turns a number into a constant signal; passes signals through.
 *
 * @param value A number or a signal.
 * @returns A signal.
 */
export function asSignal(value: Param): Signal {
  if (typeof value === "function") return value;
  if (typeof value !== "number") {
    throw new TypeError(
      `Expected a number or a signal function, got ${
        typeof value === "string" ? `'${value}'` : String(value)
      }`,
    );
  }
  const constant = () => value;
  return tagSignal(constant, undefined, [], 1);
}

/**
 * Marks a helper's signal with its node, inputs and channel count.
 *
 * @param fn The signal function.
 * @param node Its node, if stateful.
 * @param inputs Signals it reads.
 * @param channels Channels it outputs.
 * @param kernel How the chain compiler emits it (omit: chains containing it run as closures).
 * @returns `fn`, tagged.
 */
export function tagSignal(
  fn: Signal,
  node: HelperNode | undefined,
  inputs: readonly Signal[],
  channels: number,
  kernel?: KernelSpec,
): Signal {
  const tagged = fn as Tagged;
  tagged[HELPER] = kernel === undefined ? { node, inputs } : { node, inputs, kernel };
  tagged[CHANNELS] = channels;
  return fn;
}

/**
 * Channels a signal outputs, when known without running it.
 *
 * @param value A number or signal.
 * @returns 1 for numbers and untagged functions, the tagged count otherwise.
 */
export function channelsOf(value: Param): number {
  if (typeof value !== "function") return 1;
  return (value as Tagged)[CHANNELS] ?? 1;
}

/**
 * The helper info a signal carries, if a helper made it.
 *
 * @param fn A signal.
 * @returns Its node and inputs, or `undefined` for a hand-written function.
 */
export function helperInfo(fn: Signal): HelperInfo | undefined {
  return (fn as Tagged)[HELPER];
}

/** A frame's value on channel `ch` (mono frames broadcast). */
export function channelValue(frame: Frame, ch: number): number {
  return typeof frame === "number" ? frame : frame[ch] ?? 0;
}
