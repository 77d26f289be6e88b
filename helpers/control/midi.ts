/**
 * Playing a synth from a MIDI keyboard: sources that read the knobs the MIDI input keeps
 * (`--midi DEVICE`, see `runtime/control/inputs/midi_knobs.ts`): the held note's frequency, the gate,
 * the velocity, the pitch bend, and a trigger on every note-on.
 *
 * Last-note priority: `midinote` is the note pressed last among those held; releasing it falls
 * back to the latest one still held. `midigate` stays 1 from the first note-on to the last
 * note-off, so between legato notes it never drops: an envelope driven by the gate alone
 * retriggers only after a gap; give it `midiTrig()` as well to retrigger on every note.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { adsr, midigate, midinote, midiTrig, mul, renderSignal, saw } from "@lel/lel";
 * const env = adsr(midigate(), 0.005, 0.2, 0.6, 0.3, { retrigger: midiTrig() });
 * const [voice] = renderSignal(mul(saw(midinote()), env), 64);
 * assert.ok(voice.every((v) => v === 0)); // silent until a note is played
 * ```
 *
 * @module
 */

import type { Param, Signal } from "../../runtime/core/signal.ts";
import type { HelperOptions } from "../../runtime/core/node.ts";
import type { HelperDefinition } from "../helper_definition.ts";
import { knobSlot } from "../../runtime/core/knobs.ts";
import { declareHelper } from "../declare_helper.ts";
import { KNOB_VALUES, knobGlideCoef, knobGlideTick, knobRaw } from "./knob_glide.ts";

/** The reserved knobs' slots (the store defines them first, in this order, and keeps them). */
const NOTE_SLOT = knobSlot("midinote")!;
const GATE_SLOT = knobSlot("midigate")!;
const VEL_SLOT = knobSlot("midivel")!;
const BEND_SLOT = knobSlot("midibend")!;
const COUNT_SLOT = knobSlot("midicount")!;

/** Options of the gliding MIDI sources. */
export interface MidiGlideOptions extends HelperOptions {
  /** Glide time constant in seconds (number or signal): 63% of a move after this long. */
  glide?: Param;
}

/** A source that reads reserved knob `slot`, gliding with time constant `glide`. */
function gliding(
  name: string,
  slot: number,
  glide: number,
  summary: string,
): HelperDefinition {
  return {
    name,
    summary,
    params: [{
      name: "glide",
      unit: "s",
      doc: `glide time constant in seconds (63% of a move); 0: none`,
      default: glide,
      option: true,
      range: [0, 0.05],
    }],
    slots: ["glideFor", "coef", "y"],
    initial: { glideFor: NaN },
    init: (c) => {
      c.mem[c.slot("y")] = KNOB_VALUES[slot];
    },
    step: {
      setup: [{ fn: knobGlideCoef, args: ["mem", "@glideFor", "glide", "sr"], out: "a" }],
      output: { fn: knobGlideTick, args: ["mem", "@y", slot, "a"] },
    },
  };
}

/**
 * The frequency in Hz of the MIDI note held last (last-note priority, A4 = 440 Hz; 440 before
 * any note; it holds after the release, so a release tail stays at pitch). `glide` is a
 * portamento: a one-pole in Hz with that time constant, off by default (notes step at once).
 *
 * @param options `glide` in seconds (default 0: none), `key`.
 * @returns A mono signal in Hz.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { midinote, renderSignal, setKnob } from "@lel/lel";
 * setKnob("midinote", 220);
 * assert.equal(renderSignal(midinote(), 1)[0][0], 220);
 * setKnob("midinote", 440);
 * ```
 */
export const midinote: (options?: MidiGlideOptions) => Signal = declareHelper(
  gliding("midinote", NOTE_SLOT, 0, "The held MIDI note's frequency in Hz (last-note priority)"),
);

/**
 * The velocity of the sounding MIDI note, 0..1 (velocity / 127; it holds after the release).
 * It steps at each note-on unless `glide` is given.
 *
 * @param options `glide` in seconds (default 0: none), `key`.
 * @returns A mono signal, 0..1.
 */
export const midivel: (options?: MidiGlideOptions) => Signal = declareHelper(
  gliding("midivel", VEL_SLOT, 0, "The sounding MIDI note's velocity, 0..1"),
);

/**
 * The MIDI pitch bend, −1..1 (0 at rest), smoothed by a 10 ms glide by default: a bend wheel
 * sends a few hundred messages a second, and each would otherwise step the pitch. Scale it
 * to semitones yourself: `midinote() · 2^(2·midibend()/12)` bends ±2.
 *
 * @param options `glide` in seconds (default 0.01), `key`.
 * @returns A mono signal, −1..1.
 */
export const midibend: (options?: MidiGlideOptions) => Signal = declareHelper(
  gliding("midibend", BEND_SLOT, 0.01, "The MIDI pitch bend, -1..1 (smoothed)"),
);

/**
 * The MIDI gate: 1 while any note is held, 0 after the last release, never smoothed (a gate
 * is an edge). Legato notes keep it at 1; see {@linkcode midiTrig} for a trigger per note.
 *
 * @param options `key`.
 * @returns A mono signal, 0 or 1.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { midigate, renderSignal } from "@lel/lel";
 * assert.equal(renderSignal(midigate(), 1)[0][0], 0); // no note held
 * ```
 */
export const midigate: (options?: HelperOptions) => Signal = declareHelper({
  name: "midigate",
  summary: "The MIDI gate: 1 while a note is held (legato notes keep it at 1)",
  step: { output: { fn: knobRaw, args: [GATE_SLOT] } },
});

/**
 * One sample of `midiTrig`: 1 when the note-on count moved since the last sample, else 0.
 *
 * @param mem Pool memory.
 * @param i Index of the count last seen.
 * @param slot The `midicount` knob's slot.
 * @returns 1 on the first sample after a note-on, else 0.
 */
export function midiTrigTick(mem: Float64Array, i: number, slot: number): number {
  const count = KNOB_VALUES[slot];
  if (count === mem[i]) return 0;
  mem[i] = count;
  return 1;
}

/**
 * A trigger on every MIDI note-on, legato ones included: 1 for one sample when a note is
 * pressed, else 0 (it rises through 0.5, so `perc`, `adsr`'s `retrigger` and every trigger
 * input fire on it). It watches the store's `midicount`, so note-ons that land in one audio
 * block (they arrive between blocks) make one pulse. A fresh helper does not fire for notes
 * pressed before it was built.
 *
 * @param options `key`.
 * @returns A mono signal, 0 or 1.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { midiTrig, renderSignal } from "@lel/lel";
 * assert.deepEqual([...renderSignal(midiTrig(), 3)[0]], [0, 0, 0]); // no note-on since built
 * ```
 */
export const midiTrig: (options?: HelperOptions) => Signal = declareHelper({
  name: "midiTrig",
  summary: "A one-sample trigger on every MIDI note-on (legato ones too)",
  slots: ["count"],
  init: (c) => {
    c.mem[c.slot("count")] = KNOB_VALUES[COUNT_SLOT];
  },
  step: { output: { fn: midiTrigTick, args: ["mem", "@count", COUNT_SLOT] } },
});
