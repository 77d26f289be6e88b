/**
 * Reading a helper's numeric parameters per frame: a modulator's value (refused when it is not
 * a finite number) or the constant, gliding from the value that was playing to its target so a
 * reload never steps a parameter.
 * @module
 */

import type { Context } from "./signal.ts";
import type { HelperNode, ParamSlot } from "./node.ts";

/**
 * Reads a parameter for this frame: the modulator's value, or the constant gliding from the
 * value that was playing to its target. The value is stored in the block either way, so a
 * reload that turns a modulated parameter into a constant glides from where it was.
 *
 * @param s The context.
 * @param node The node (bound).
 * @param p The parameter.
 * @returns The parameter's value this frame.
 */
export function readParam(s: Context, node: HelperNode, p: ParamSlot): number {
  // Kept tiny so V8 inlines it into every helper; the rare paths live in readParamSlow.
  const v = node.mem[node.base + p.slot];
  if (p.fn === null && v === p.target) return v;
  return readParamSlow(s, node, p);
}

/**
 * A modulator gave a parameter NaN, ±Infinity or no number at all: the signal is muted with
 * this as the reason (the helper would otherwise clamp it to silence without a word).
 */
export class ModulatorError extends RangeError {
  /** `lpf cutoff`: the helper and the parameter the modulator drives. */
  readonly param: string;

  constructor(param: string, value: unknown) {
    super(
      `${param} got ${
        typeof value === "number"
          ? String(value)
          : `${String(value)} (not a number: does it return one?)`
      } from its modulator`,
    );
    this.name = "ModulatorError";
    this.param = param;
  }
}

/**
 * Reads a modulator's value for a parameter (channel 0 of an array), refusing what is not a
 * finite number.
 *
 * @param v What the modulator returned.
 * @param param `helper parameter`, for the message.
 * @returns The value.
 * @throws {ModulatorError} For NaN, ±Infinity or a non-number.
 */
export function modulatorValue(v: unknown, param: string): number {
  const x = typeof v === "number" ? v : (v as ArrayLike<number> | undefined)?.[0];
  if (typeof x === "number" && x - x === 0) return x;
  throw new ModulatorError(param, typeof v === "number" || v == null ? v : x);
}

/** The modulated and gliding cases of {@linkcode readParam}. */
function readParamSlow(s: Context, node: HelperNode, p: ParamSlot): number {
  const i = node.base + p.slot;
  const mem = node.mem;
  if (p.fn !== null) {
    const v = p.fn(s);
    const x = typeof v === "number" && v - v === 0
      ? v
      : modulatorValue(v, `${node.type} ${p.name}`);
    mem[i] = x;
    return x;
  }
  let c = mem[i];
  const target = p.target;
  c += (target - c) * node.glide;
  if (Math.abs(target - c) <= 1e-9 * Math.abs(target) + 1e-12) c = target;
  mem[i] = c;
  return c;
}
