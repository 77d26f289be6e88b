/**
 * Oscillators: sine, band-limited saw / square / pulse (PolyBLEP), triangle, and a raw phasor.
 *
 * All share one phase accumulator layout, kept in double precision in the helper pool, so a
 * reload continues the waveform exactly where it was. Every shape starts at phase 0 where the
 * sine starts (a rising zero crossing, except the square and pulse, which start high).
 * @module
 */

import type { StepFunction } from "../helper_definition.ts";
import type { HelperOptions } from "../../runtime/core/node.ts";
import type { KernelEmit } from "../../runtime/core/kernel_spec.ts";
import type { HelperDefinition, LocalForm, Step } from "../helper_definition.ts";
import { declareHelper } from "../declare_helper.ts";
import { polyBlep, sinTurns } from "../fast_math.ts";
import type { NormalRange } from "../units.ts";
import type { Param, Signal } from "../../runtime/core/signal.ts";

/** Waveforms {@linkcode osc} can make. */
export type OscShape = "sine" | "saw" | "tri" | "square" | "pulse" | "phasor";

/** Oscillator slots: the frequency (and a pulse's width), then the phase (in turns, 0..1). */
const FREQ = 0;

/** Options for the oscillators. */
export interface OscOptions extends HelperOptions {
  /** Starting phase in turns (0..1), for a fresh oscillator. @default {0} */
  phase?: NormalRange;
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

/**
 * The phase increment per sample, `freq · dt` in turns.
 *
 * @param freq Frequency in Hz.
 * @param dt Seconds per sample.
 * @returns Turns per sample.
 */
export function oscInc(freq: number, dt: number): number {
  return freq * dt;
}

/**
 * The phase of an oscillator locked to the transport: `frac(beat / periodBeats + phase)`, one
 * cycle per period whatever the frame it was added at.
 *
 * @param beat The transport beat.
 * @param periodBeats Beats per cycle.
 * @param phase Starting phase in turns (an offset on the grid).
 * @returns The phase in turns, 0..1.
 */
export function lockedPhase(beat: number, periodBeats: number, phase: number): number {
  const t = beat / periodBeats + phase;
  return t - Math.floor(t);
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

/** The PolyBLEP width for an increment: |inc| clamped to 1e-12..0.5. */
export function blepInc(inc: number): number {
  const a = inc < 0 ? -inc : inc;
  return a > 0.5 ? 0.5 : a < 1e-12 ? 1e-12 : a;
}

const SHAPES: readonly OscShape[] = ["sine", "saw", "tri", "square", "pulse", "phasor"];

/** A shape's sample at phase `p` (with increment `inc`), as the pool form calls it. */
function shapeCall(kind: OscShape): Step["output"] {
  switch (kind) {
    case "sine":
      return { fn: sineAt, args: ["p"] };
    case "saw":
      return { fn: sawAt, args: ["p", "inc"] };
    case "square":
      return { fn: pulseAt, args: ["p", "inc", 0.5] };
    case "pulse":
      return { fn: pulseAt, args: ["p", "inc", "width"] };
    case "tri":
      return { fn: triAt, args: ["p"] };
    case "phasor":
      return undefined;
  }
}

/** The functions a shape's local form calls (after `nextPhase`). */
const LOCAL_SHAPE: Readonly<Record<OscShape, readonly StepFunction[]>> = {
  sine: [sinTurns],
  saw: [sawAt],
  square: [pulseAt],
  pulse: [pulseAt],
  tri: [triAt],
  phasor: [],
};

/**
 * The phase in a local through a steady loop (`nextPhase` is advancePhase's arithmetic). The
 * sine calls sinTurns itself (sineAt's whole body): through sineAt, V8 re-checks the binding
 * sineAt imports on every frame.
 */
function localForm(kind: OscShape): LocalForm {
  return {
    calls: { frame: [nextPhase, ...LOCAL_SHAPE[kind]] },
    emit: (e: KernelEmit, at) => {
      const inc = e.local("inc");
      const p = e.local("p");
      const phase = e.state(at.slot("phase"), "phase");
      const shape = kind === "sine"
        ? `${at.ref(sinTurns)}(${p})`
        : kind === "saw"
        ? `${at.ref(sawAt)}(${p}, ${inc})`
        : kind === "square"
        ? `${at.ref(pulseAt)}(${p}, ${inc}, 0.5)`
        : kind === "pulse"
        ? `${at.ref(pulseAt)}(${p}, ${inc}, ${at.param("width")})`
        : kind === "tri"
        ? `${at.ref(triAt)}(${p})`
        : p;
      return {
        setup: [{ deps: [0], code: `const ${inc} = ${at.param("freq")} * dt;`, locals: [inc] }],
        frame: `const ${p} = ${phase};
          ${phase} = ${at.ref(nextPhase)}(${p}, ${inc});
          ${e.output(0)} = ${shape};`,
      };
    },
  };
}

const SUMMARY: Readonly<Record<OscShape, string>> = {
  sine: "Sine oscillator (polynomial sine, error below 6e-8)",
  saw: "Band-limited sawtooth (PolyBLEP)",
  tri: "Triangle (naive; harmonics fall as 1/n²)",
  square: "Band-limited square (PolyBLEP)",
  pulse: "Band-limited pulse with a variable duty cycle, DC removed",
  phasor: "Rising 0..1 ramp once per period, for modulation",
};

function definition(kind: OscShape): HelperDefinition {
  const pulse = kind === "pulse";
  const phaseSlot = pulse ? 2 : 1;
  const output = shapeCall(kind);
  const advance = { fn: advancePhase, args: ["mem", "@phase", "inc"] };
  const free: Step = {
    setup: [{ fn: oscInc, args: ["freq", "dt"], out: "inc" }],
    ...(output === undefined ? { output: advance } : { frame: [{ ...advance, out: "p" }], output }),
    local: localForm(kind),
    // A phase just before the wrap, then just before the half turn (saw and square jump).
    warm: (mem, base, pass) => {
      if (pass > 1) return false;
      mem[base + phaseSlot] = (pass === 0 ? 1 : 0.5) - 1e-7;
      return true;
    },
  };
  // Given a beat rate: the phase from the transport (no state); the rate still sets the
  // band-limiting.
  const lock = { fn: lockedPhase, args: ["beat", "freqBeats", "phase"] };
  const locked: Step = {
    setup: [{ fn: oscInc, args: ["freq", "dt"], out: "inc" }],
    ...(output === undefined ? { output: lock } : { frame: [{ ...lock, out: "p" }], output }),
  };
  return {
    name: kind === "sine" ? "sin" : kind,
    summary: SUMMARY[kind],
    params: [
      {
        name: "freq",
        unit: "Hz",
        doc: "frequency in Hz; negative runs backwards; a beat rate locks the phase to the beat",
        range: [20, 2000],
        lockable: true,
      },
      ...(pulse
        ? [{
          name: "width",
          unit: "0..1" as const,
          doc: "duty cycle, clamped to 0.001..0.999",
          default: 0.5,
          range: [0.1, 0.9] as const,
        }]
        : []),
    ],
    consts: [{
      name: "phase",
      unit: "0..1",
      doc: "starting phase in turns",
      default: 0,
      option: true,
    }],
    slots: ["phase"],
    init: (c) => {
      const p = c.value("phase");
      c.mem[c.slot("phase")] = p - Math.floor(p);
    },
    step: (c) => (c.locked("freq") ? locked : free),
  };
}

/** The factory of one waveform: `(freq, options)`, the frequency in Hz (a number or a signal). */
export type OscFactory = (freq: Param, options?: OscOptions) => Signal;

/**
 * A sine oscillator (a polynomial sine, error below 6e-8).
 *
 * @param freq Frequency in Hz (number or signal).
 * @param options `key`, starting `phase` in turns.
 * @returns A mono signal in -1..1.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderSignal, sin } from "@lel/lel";
 * const [x] = renderSignal(sin(12000), 3, { sampleRate: 48000 });
 * assert.ok(Math.abs(x[1] - 1) < 1e-7); // a quarter turn per sample
 * ```
 */
export const sin: OscFactory = declareHelper(definition("sine"));

/**
 * A band-limited sawtooth (PolyBLEP), rising through 0 at phase 0.
 *
 * @param freq Frequency in Hz (number or signal).
 * @param options `key`, starting `phase` in turns.
 * @returns A mono signal in -1..1.
 */
export const saw: OscFactory = declareHelper(definition("saw"));

/**
 * A triangle, rising through 0 at phase 0 (naive; harmonics fall as 1/n², so aliasing is low).
 *
 * @param freq Frequency in Hz (number or signal).
 * @param options `key`, starting `phase` in turns.
 * @returns A mono signal in -1..1.
 */
export const tri: OscFactory = declareHelper(definition("tri"));

/**
 * A band-limited square wave (PolyBLEP), high for the first half of each period.
 *
 * @param freq Frequency in Hz (number or signal).
 * @param options `key`, starting `phase` in turns.
 * @returns A mono signal in -1..1.
 */
export const square: OscFactory = declareHelper(definition("square"));

/**
 * A band-limited pulse wave with a variable duty cycle, with its DC offset removed (so a narrow
 * pulse does not push the speaker off centre).
 *
 * @param freq Frequency in Hz (number or signal).
 * @param width Duty cycle 0..1 (fraction of the period spent high), clamped to 0.001..0.999.
 * @param options `key`, starting `phase` in turns.
 * @returns A mono signal (its mean is 0; peaks between -2 and 2 at extreme widths).
 */
export const pulse: (freq: Param, width?: Param, options?: OscOptions) => Signal = declareHelper(
  definition("pulse"),
);

/**
 * A rising ramp from 0 to 1 once per period: the raw phase, for modulation and sequencing.
 *
 * @param freq Frequency in Hz (number or signal).
 * @param options `key`, starting `phase` in turns.
 * @returns A mono signal in 0..1 (not band-limited: do not listen to it directly).
 */
export const phasor: OscFactory = declareHelper(definition("phasor"));

const BY_SHAPE: Readonly<Record<OscShape, OscFactory>> = {
  sine: sin,
  saw,
  tri,
  square,
  pulse: (freq, options) => pulse(freq, 0.5, options),
  phasor,
};

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
 */
export function osc(freq: Param, shape?: OscShape | OscOptions, options?: OscOptions): Signal {
  const [kind, opts] = typeof shape === "string"
    ? [shape, options]
    : ["sine" as const, shape ?? options];
  if (!SHAPES.includes(kind)) {
    throw new TypeError(
      `Cannot create osc: shape must be one of ${SHAPES.join(", ")}, got '${kind}'`,
    );
  }
  return BY_SHAPE[kind](freq, opts);
}

/** Re-exported for tests: the oscillator slot layout (the frequency's slot). */
export const OSC_SLOTS = { FREQ } as const;
