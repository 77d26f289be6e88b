/**
 * Oscillators: sine, band-limited saw / square / pulse (PolyBLEP), triangle, and a raw phasor.
 *
 * All share one phase accumulator layout, kept in double precision in the helper pool, so a
 * reload continues the waveform exactly where it was. Every shape starts at phase 0 where the
 * sine starts (a rising zero crossing, except the square and pulse, which start high).
 * @module
 */

import {
  createNode,
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
import { polyBlep, SIN_TURNS_BYTECODE, sinTurns } from "../fast_math.ts";
import type { NormalRange } from "../units.ts";
import type { Context, Param, Signal } from "../../runtime/signal.ts";

/** Waveforms {@linkcode osc} can make. */
export type OscShape = "sine" | "saw" | "tri" | "square" | "pulse" | "phasor";

/** Oscillator slots: parameters, then the phase (in turns, 0..1). */
const FREQ = 0;
const WIDTH = 1;
const PHASE = 2;
const HEADER = 3;

/** Options for the oscillators. */
export interface OscOptions extends HelperOptions {
  /** Starting phase in turns (0..1), for a fresh oscillator. @default {0} */
  phase?: NormalRange;
}

function layoutFor(phase: number): NodeLayout {
  return {
    header: HEADER,
    perChannel: () => 0,
    init: (node) => {
      node.mem[node.base + PHASE] = phase - Math.floor(phase);
    },
  };
}

/**
 * Advances a phase accumulator by one sample.
 *
 * @param mem Pool memory.
 * @param phaseSlot Index of the phase (turns).
 * @param inc Increment in turns per sample.
 * @returns The phase before the increment, 0..1.
 */
export function advancePhase(mem: Float64Array, phaseSlot: number, inc: number): number {
  const p = mem[phaseSlot];
  const next = p + inc;
  const wrapped = next - Math.floor(next);
  mem[phaseSlot] = wrapped === wrapped ? wrapped : p; // a NaN or infinite increment holds the phase
  return p;
}

/**
 * The phase one sample on, for a phase kept in a local (the chain compiler's steady loops):
 * {@linkcode advancePhase}'s arithmetic, which the closures use.
 *
 * @param p Phase in turns, 0..1.
 * @param inc Increment in turns per sample.
 * @returns The next phase, 0..1 (`p` again when the increment is NaN or infinite).
 */
export function nextPhase(p: number, inc: number): number {
  const next = p + inc;
  const wrapped = next - Math.floor(next);
  return wrapped === wrapped ? wrapped : p;
}

/** One sample of a sine at phase `p` (turns). */
export function sineAt(p: number): number {
  return sinTurns(p);
}

/** One sample of a band-limited sawtooth at phase `p`, rising through 0 at p = 0. */
export function sawAt(p: number, inc: number): number {
  let t = p + 0.5;
  if (t >= 1) t -= 1;
  return 2 * t - 1 - polyBlep(t, blepInc(inc));
}

/** One sample of a band-limited pulse with duty cycle `w` (0..1), DC removed. */
export function pulseAt(p: number, inc: number, w: number): number {
  const d = blepInc(inc);
  const width = w < 0.001 ? 0.001 : w > 0.999 ? 0.999 : w;
  let t2 = p + 1 - width;
  if (t2 >= 1) t2 -= 1;
  const naive = p < width ? 1 : -1;
  return naive + polyBlep(p, d) - polyBlep(t2, d) - (2 * width - 1);
}

/** One sample of a triangle at phase `p`, rising through 0 at p = 0 (not band-limited). */
export function triAt(p: number): number {
  let t = p + 0.25;
  if (t >= 1) t -= 1;
  const d = t - 0.5;
  return 1 - 4 * (d < 0 ? -d : d);
}

function blepInc(inc: number): number {
  const a = inc < 0 ? -inc : inc;
  return a > 0.5 ? 0.5 : a < 1e-12 ? 1e-12 : a;
}

function parseShapeArgs(
  shapeOrOptions: OscShape | OscOptions | undefined,
  options: OscOptions | undefined,
): [OscShape, OscOptions | undefined] {
  if (typeof shapeOrOptions === "string") return [shapeOrOptions, options];
  return ["sine", shapeOrOptions ?? options];
}

const SHAPES: readonly OscShape[] = ["sine", "saw", "tri", "square", "pulse", "phasor"];

/**
 * An oscillator of the given shape.
 *
 * Saw, square and pulse are band-limited with PolyBLEP (aliasing is suppressed, not gone: above
 * ~5 kHz some folds back, quietly); the triangle is naive (its harmonics fall as 1/n², so
 * aliasing is low); the phasor is a raw 0..1 ramp meant for modulation.
 *
 * @param freq Frequency in Hz (number or signal); negative runs the phase backwards.
 * @param shape Waveform. @default {"sine"}
 * @param options `key`, starting `phase` in turns.
 * @returns A mono signal in -1..1 (phasor: 0..1).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderSignal } from "@lel/lel";
 * const [x] = renderSignal(osc(110, "saw"), 480);
 * assert.ok(Math.abs(x[0]) < 1e-12); // every shape but square and pulse starts at 0
 * ```
 */ export function osc(
  freq: Param,
  shape?: OscShape | OscOptions,
  options?: OscOptions,
): Signal {
  const [kind, opts] = parseShapeArgs(shape, options);
  if (!SHAPES.includes(kind)) {
    throw new TypeError(
      `Cannot create osc: shape must be one of ${SHAPES.join(", ")}, got '${kind}'`,
    );
  }
  return makeOsc(kind, freq, 0.5, opts);
}

function makeOsc(
  kind: OscShape,
  freq: Param,
  width: Param,
  options: OscOptions | undefined,
): Signal {
  const params: [string, number, Param][] = [["freq", FREQ, freq]];
  if (kind === "pulse") params.push(["width", WIDTH, width]);
  const node = createNode(
    kind === "sine" ? "sin" : kind,
    layoutFor(options?.phase ?? 0),
    options,
    params,
    1,
  );
  const f = node.params[0];
  const fn = oscClosure(kind, node, f, node.params[1]);
  const inputs = node.params.flatMap((p) => (p.fn === null ? [] : [p.fn]));
  return tagSignal(fn, node, inputs, 1, KERNELS[kind]);
}

function oscClosure(
  kind: OscShape,
  node: HelperNode,
  f: ParamSlot,
  w: ParamSlot | undefined,
): Signal {
  switch (kind) {
    case "sine":
      return (s: Context) => {
        const inc = readParam(s, node, f) * s.dt;
        return sineAt(advancePhase(node.mem, node.base + PHASE, inc));
      };
    case "saw":
      return (s: Context) => {
        const inc = readParam(s, node, f) * s.dt;
        return sawAt(advancePhase(node.mem, node.base + PHASE, inc), inc);
      };
    case "square":
      return (s: Context) => {
        const inc = readParam(s, node, f) * s.dt;
        return pulseAt(advancePhase(node.mem, node.base + PHASE, inc), inc, 0.5);
      };
    case "pulse":
      return (s: Context) => {
        const inc = readParam(s, node, f) * s.dt;
        const width = readParam(s, node, w!);
        return pulseAt(advancePhase(node.mem, node.base + PHASE, inc), inc, width);
      };
    case "tri":
      return (s: Context) => {
        const inc = readParam(s, node, f) * s.dt;
        return triAt(advancePhase(node.mem, node.base + PHASE, inc));
      };
    case "phasor":
      return (s: Context) => {
        const inc = readParam(s, node, f) * s.dt;
        return advancePhase(node.mem, node.base + PHASE, inc);
      };
  }
}

/**
 * A sine oscillator (a polynomial sine, error below 6e-8).
 *
 * @param freq Frequency in Hz (number or signal).
 * @param options `key`, starting `phase` in turns.
 * @returns A mono signal in -1..1.
 */
export function sin(freq: Param, options?: OscOptions): Signal {
  return makeOsc("sine", freq, 0.5, options);
}

/**
 * A band-limited sawtooth (PolyBLEP), rising through 0 at phase 0.
 *
 * @param freq Frequency in Hz (number or signal).
 * @param options `key`, starting `phase` in turns.
 * @returns A mono signal in -1..1.
 */
export function saw(freq: Param, options?: OscOptions): Signal {
  return makeOsc("saw", freq, 0.5, options);
}

/**
 * A triangle, rising through 0 at phase 0 (naive; harmonics fall as 1/n², so aliasing is low).
 *
 * @param freq Frequency in Hz (number or signal).
 * @param options `key`, starting `phase` in turns.
 * @returns A mono signal in -1..1.
 */
export function tri(freq: Param, options?: OscOptions): Signal {
  return makeOsc("tri", freq, 0.5, options);
}

/**
 * A band-limited square wave (PolyBLEP), high for the first half of each period.
 *
 * @param freq Frequency in Hz (number or signal).
 * @param options `key`, starting `phase` in turns.
 * @returns A mono signal in -1..1.
 */
export function square(freq: Param, options?: OscOptions): Signal {
  return makeOsc("square", freq, 0.5, options);
}

/**
 * A band-limited pulse wave with a variable duty cycle, with its DC offset removed (so a narrow
 * pulse does not push the speaker off centre).
 *
 * @param freq Frequency in Hz (number or signal).
 * @param width Duty cycle 0..1 (fraction of the period spent high), clamped to 0.001..0.999.
 * @param options `key`, starting `phase` in turns.
 * @returns A mono signal (its mean is 0; peaks between -2 and 2 at extreme widths).
 */
export function pulse(freq: Param, width: Param = 0.5, options?: OscOptions): Signal {
  return makeOsc("pulse", freq, width, options);
}

/**
 * A rising ramp from 0 to 1 once per period: the raw phase, for modulation and sequencing.
 *
 * @param freq Frequency in Hz (number or signal).
 * @param options `key`, starting `phase` in turns.
 * @returns A mono signal in 0..1 (not band-limited: do not listen to it directly).
 */
export function phasor(freq: Param, options?: OscOptions): Signal {
  return makeOsc("phasor", freq, 0.5, options);
}

/**
 * Bytecode V8 counts per frame for each shape, and the largest call with its callees
 * (`--print-bytecode`, Deno 2.9.6): advancePhase 56, then sineAt 11 + sinTurns; sawAt 51 +
 * polyBlep 75 + blepInc 40; pulseAt 112 + 2 × polyBlep 75 + blepInc 40; triAt 49.
 */
const KERNEL_COST: Readonly<Record<OscShape, readonly [number, number]>> = {
  sine: [56 + 11 + SIN_TURNS_BYTECODE, 11 + SIN_TURNS_BYTECODE],
  saw: [56 + 51 + 75 + 40, 51 + 75 + 40],
  square: [56 + 112 + 2 * 75 + 40, 112 + 2 * 75 + 40],
  pulse: [56 + 112 + 2 * 75 + 40, 112 + 2 * 75 + 40],
  tri: [56 + 49, 56],
  phasor: [56, 56],
};

/** advancePhase's share of {@linkcode KERNEL_COST}. */
const ADVANCE_PHASE_BYTECODE = 56;

/**
 * Bytecode of {@linkcode nextPhase} (`--print-bytecode`, Deno 2.9.6): the local form calls it
 * instead of advancePhase.
 */
const NEXT_PHASE_BYTECODE = 36;

/**
 * A shape's sample at phase `p` (with increment `inc`), as code. The local form calls
 * sinTurns itself (sineAt's whole body): through sineAt, V8 re-checks the binding sineAt
 * imports on every frame.
 */
function shapeCode(kind: OscShape, e: KernelEmit, p: string, inc: string, local = false): string {
  switch (kind) {
    case "sine":
      return local ? `${e.ref("sinTurns")}(${p})` : `${e.ref("sineAt")}(${p})`;
    case "saw":
      return `${e.ref("sawAt")}(${p}, ${inc})`;
    case "square":
      return `${e.ref("pulseAt")}(${p}, ${inc}, 0.5)`;
    case "pulse":
      return `${e.ref("pulseAt")}(${p}, ${inc}, ${e.params[1]})`;
    case "tri":
      return `${e.ref("triAt")}(${p})`;
    case "phasor":
      return p;
  }
}

/** The increment per sample: per block while the frequency holds still. */
function incSetup(e: KernelEmit, inc: string): KernelSetup {
  return { deps: [0], code: `const ${inc} = ${e.params[0]} * dt;`, locals: [inc] };
}

/**
 * The chain compiler's form of each shape: the closures' arithmetic, step for step; the
 * local form keeps the phase in a local through a steady loop (`nextPhase` is advancePhase's
 * arithmetic).
 */
function oscKernel(kind: OscShape): KernelSpec {
  const [frame, largest] = KERNEL_COST[kind];
  return {
    kind: `osc:${kind}`,
    inputs: [],
    refs: { advancePhase, nextPhase, sineAt, sinTurns, sawAt, pulseAt, triAt },
    width: 1,
    cost: { setup: 0, frame, channel: 0, largest },
    emit: (e) => {
      const inc = e.local("inc");
      const p = `${e.ref("advancePhase")}(mem, ${e.base} + ${PHASE}, ${inc})`;
      return {
        setup: [incSetup(e, inc)],
        frame: `${e.output(0)} = ${shapeCode(kind, e, p, inc)};`,
      };
    },
    local: {
      cost: {
        setup: 0,
        frame: frame - ADVANCE_PHASE_BYTECODE + NEXT_PHASE_BYTECODE,
        channel: 0,
        largest: Math.max(frame - ADVANCE_PHASE_BYTECODE, NEXT_PHASE_BYTECODE),
      },
      emit: (e) => {
        const inc = e.local("inc");
        const p = e.local("p");
        const phase = e.state(`${e.base} + ${PHASE}`, "phase");
        return {
          setup: [incSetup(e, inc)],
          frame: `const ${p} = ${phase};
            ${phase} = ${e.ref("nextPhase")}(${p}, ${inc});
            ${e.output(0)} = ${shapeCode(kind, e, p, inc, true)};`,
        };
      },
    },
    // A phase just before the wrap, then just before the half turn (saw and square jump there).
    warm: (mem, base, pass) => {
      if (pass > 1) return false;
      mem[base + PHASE] = (pass === 0 ? 1 : 0.5) - 1e-7;
      return true;
    },
  };
}

const KERNELS: Readonly<Record<OscShape, KernelSpec>> = Object.fromEntries(
  SHAPES.map((kind) => [kind, oscKernel(kind)]),
) as Record<OscShape, KernelSpec>;

/** Re-exported for tests: the oscillator slot layout. */
export const OSC_SLOTS = { FREQ, WIDTH, PHASE, HEADER } as const;
