/**
 * A linear slew limiter: the output chases the input at a bounded speed, rounding off steps
 * into ramps (portamento for control signals, de-clicking gates).
 * @module
 */

import type { Param, Signal } from "../../runtime/core/signal.ts";
import type { HelperOptions } from "../../runtime/core/node.ts";
import type { Step } from "../helper_definition.ts";
import { declareHelper } from "../declare_helper.ts";

/** Header slots: the rise and fall times. Per channel: the output `y1`. */
const TIME = 0;
const FALL = 1;
const HEADER = 2;
const Y1 = 0;

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

/** Each channel's output in a local through a steady loop. */
function localForm(fall: boolean): Step["local"] {
  return {
    calls: { setup: fall ? [slewStep, slewStep] : [slewStep], channel: [slewNext] },
    emit: (e, at) => {
      const step = at.ref(slewStep);
      const up = e.local("up");
      const down = fall ? e.local("down") : up;
      const setup = [{
        deps: [0],
        code: `const ${up} = ${step}(${at.param("time")}, sr);`,
        locals: [up],
      }];
      if (fall) {
        setup.push({
          deps: [1],
          code: `const ${down} = ${step}(${at.param("fall")}, sr);`,
          locals: [down],
        });
      }
      const next = at.ref(slewNext);
      return {
        setup,
        frame: e.channels(e.width(0), (ch) => {
          const y = e.state(`${at.channel(ch)} + ${Y1}`, "y");
          return `${y} = ${next}(${y}, ${e.input(0, ch)}, ${up}, ${down});
            ${e.output(ch)} = ${y};`;
        }),
      };
    },
  };
}

const RISE_STEP: Step = {
  setup: [{ fn: slewStep, args: ["time", "sr"], out: "up" }],
  channel: { fn: slewTick, args: ["mem", "st", "x", "up", "up"] },
  local: localForm(false),
};

const FALL_STEP: Step = {
  setup: [
    { fn: slewStep, args: ["time", "sr"], out: "up" },
    { fn: slewStep, args: ["fall", "sr"], out: "down" },
  ],
  channel: { fn: slewTick, args: ["mem", "st", "x", "up", "down"] },
  local: localForm(true),
};

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
export const slew: (input: Param, time: Param, options?: SlewOptions) => Signal = declareHelper({
  name: "slew",
  summary: "Slew limiter: moves at most 1 per time seconds (glide, portamento)",
  input: "audio",
  params: [
    {
      name: "time",
      unit: "s",
      doc: "seconds for a rise of 1; 0 passes the input",
      range: [0.0005, 0.02],
    },
    {
      name: "fall",
      unit: "s",
      doc: "seconds for a fall of 1",
      optional: true,
      option: true,
      range: [0.0005, 0.02],
    },
  ],
  perChannel: ["y1"],
  step: (c) => {
    const fall = c.has("fall");
    return fall ? FALL_STEP : RISE_STEP;
  },
});

/** Bytecode of {@linkcode slewNext} (`--print-bytecode`, Deno 2.9.6). */

/** The slew slot layout (for tests and the chain compiler). */
export const SLEW_SLOTS = { TIME, FALL, HEADER, Y1 } as const;
