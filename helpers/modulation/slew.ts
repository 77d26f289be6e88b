/**
 * A linear slew limiter: the output chases the input at a bounded speed, rounding off steps
 * into ramps (portamento for control signals, de-clicking gates).
 * @module
 */

import type { Context, Param, Signal } from "../../runtime/signal.ts";
import {
  channelsOf,
  createNode,
  ensureChannels,
  type HelperNode,
  type HelperOptions,
  type KernelEmit,
  type KernelSetup,
  type KernelSpec,
  type NodeLayout,
  type ParamSlot,
  readParam,
  tagSignal,
} from "../node.ts";

/** Header slots: the rise and fall times. Per channel: the output `y1`. */
const TIME = 0;
const FALL = 1;
const HEADER = 2;
const Y1 = 0;

const LAYOUT: NodeLayout = { header: HEADER, perChannel: () => 1 };

/** Options for {@linkcode slew}. */
export interface SlewOptions extends HelperOptions {
  /**
   * Time in seconds for a downward move of 1 (number or signal), same clamps as `time`.
   * @default {the rise `time`}
   */
  fall?: Param;
}

/**
 * Largest move per sample for a slew time: `1 / (time·sr)`; time ≤ 0 or NaN gives Infinity
 * (no limit).
 *
 * @param timeSeconds Seconds per unit of change.
 * @param sr Sample rate in Hz.
 * @returns The step limit per sample.
 */
export function slewStep(timeSeconds: number, sr: number): number {
  return timeSeconds > 0 ? 1 / (timeSeconds * sr) : Infinity;
}

/**
 * One sample of the slew limiter on the channel whose `y1` is at `st`.
 *
 * @param mem Pool memory.
 * @param st Index of the channel's `y1`.
 * @param x Input sample.
 * @param up Largest rise per sample (from {@linkcode slewStep}).
 * @param down Largest fall per sample.
 * @returns The limited sample.
 */
export function slewTick(
  mem: Float64Array,
  st: number,
  x: number,
  up: number,
  down: number,
): number {
  const y = mem[st + Y1];
  const d = x - y;
  // NaN differences fall through to `x`, so a NaN input does not stick in the state.
  const out = d > up ? y + up : d < -down ? y - down : x;
  mem[st + Y1] = out;
  return out;
}

/**
 * The slewed value one sample on: {@linkcode slewTick}'s arithmetic, for a value kept in a
 * local (the chain compiler's steady loops).
 *
 * @param y The previous output.
 * @param x The input.
 * @param up Largest rise per sample.
 * @param down Largest fall per sample.
 * @returns The new output.
 */
export function slewNext(y: number, x: number, up: number, down: number): number {
  const d = x - y;
  return d > up ? y + up : d < -down ? y - down : x;
}

/**
 * Limits how fast a signal moves: up by at most `1/time` per second, down by at most
 * `1/fall` per second, so a step becomes a straight ramp (a jump of 1 takes `time` seconds; a
 * jump of 440, as a frequency, takes 440·`time`). Starts from 0, so the first value ramps in.
 * Stride-agnostic, one state per channel.
 *
 * Formula: `y[n] = y[n−1] + clamp(x[n] − y[n−1], −1/(fall·sr), 1/(time·sr))`.
 *
 * @param input Signal (or number), any channel count.
 * @param time Seconds per unit of rise (number or signal); ≤ 0 or NaN: no limit (passthrough).
 * @param options `fall` (seconds per unit of fall, default `time`), `key`.
 * @returns The slewed signal, same channel count as `input`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderSignal, slew } from "@lel/lel";
 * const [y] = renderSignal(slew(1, 0.001), 100, { sampleRate: 48000 }); // 48 samples per unit
 * assert.ok(Math.abs(y[23] - 0.5) < 1e-12);
 * assert.equal(y[60], 1);
 * ```
 */
export function slew(input: Param, time: Param, options?: SlewOptions): Signal {
  const channels = channelsOf(input);
  const fall = options?.fall;
  const params: [string, number, Param][] = [["time", TIME, time]];
  if (fall !== undefined) params.push(["fall", FALL, fall]);
  const node = createNode("slew", LAYOUT, options, params, channels);
  const x = typeof input === "function" ? input : () => input;
  const [pt, pf] = node.params;
  const fn = (s: Context) => {
    const v = x(s);
    if (typeof v !== "number") return multi(node, v, s, pt, pf);
    const up = slewStep(readParam(s, node, pt), s.sr);
    const down = pf === undefined ? up : slewStep(readParam(s, node, pf), s.sr);
    return slewTick(node.mem, node.base + HEADER, v, up, down);
  };
  const inputs = typeof input === "function" ? [input] : [];
  for (const p of node.params) if (p.fn !== null) inputs.push(p.fn);
  return tagSignal(fn, node, inputs, channels, slewKernel(input, channels, pf !== undefined));
}

/**
 * The chain compiler's form, step for step the closure's: the step limits once per frame (or
 * per block while the times hold still), then one `slewTick` per channel. Bytecode V8 counts
 * (`--print-bytecode`, Deno 2.9.6): slewTick 65 per channel (slewStep's 23 are free).
 */
function slewKernel(input: Param, channels: number, hasFall: boolean): KernelSpec {
  return {
    kind: hasFall ? "slew:fall" : "slew",
    inputs: [input],
    refs: { slewStep, slewTick, slewNext },
    width: channels,
    cost: { setup: 0, frame: 0, channel: 65, largest: 65 },
    emit: (e) => {
      const { setup, up, down } = slewLimits(e, hasFall);
      const tick = e.ref("slewTick");
      return {
        setup,
        frame: e.channels(
          channels,
          (ch) =>
            `${e.output(ch)} = ${tick}(mem, ${e.base} + ${HEADER} + ${ch}, ${
              e.input(0, ch)
            }, ${up}, ${down});`,
        ),
      };
    },
    // Each channel's output in a local through a steady loop.
    local: {
      cost: { setup: 0, frame: 0, channel: SLEW_NEXT_BYTECODE, largest: SLEW_NEXT_BYTECODE },
      emit: (e) => {
        const { setup, up, down } = slewLimits(e, hasFall);
        const next = e.ref("slewNext");
        return {
          setup,
          frame: e.channels(channels, (ch) => {
            const y = e.state(`${e.base} + ${HEADER} + ${ch}`, "y");
            return `${y} = ${next}(${y}, ${e.input(0, ch)}, ${up}, ${down});
              ${e.output(ch)} = ${y};`;
          }),
        };
      },
    },
  };
}

/** The per-block setup both kernel forms share: the rise and fall limits from the times. */
function slewLimits(
  e: KernelEmit,
  hasFall: boolean,
): { setup: KernelSetup[]; up: string; down: string } {
  const step = e.ref("slewStep");
  const up = e.local("up");
  const down = hasFall ? e.local("down") : up;
  const setup: KernelSetup[] = [{
    deps: [0],
    code: `const ${up} = ${step}(${e.params[0]}, sr);`,
    locals: [up],
  }];
  if (hasFall) {
    setup.push({ deps: [1], code: `const ${down} = ${step}(${e.params[1]}, sr);`, locals: [down] });
  }
  return { setup, up, down };
}

/** Bytecode of {@linkcode slewNext} (`--print-bytecode`, Deno 2.9.6). */
const SLEW_NEXT_BYTECODE = 39;

function multi(
  node: HelperNode,
  v: ArrayLike<number>,
  s: Context,
  pt: ParamSlot,
  pf: ParamSlot | undefined,
): Float64Array {
  ensureChannels(node, v.length);
  const up = slewStep(readParam(s, node, pt), s.sr);
  const down = pf === undefined ? up : slewStep(readParam(s, node, pf), s.sr);
  const out = node.out;
  for (let ch = 0; ch < v.length; ch++) {
    out[ch] = slewTick(node.mem, node.base + HEADER + ch, v[ch], up, down);
  }
  return out;
}

/** The slew slot layout (for tests and the chain compiler). */
export const SLEW_SLOTS = { TIME, FALL, HEADER, Y1 } as const;
