/**
 * Controls: named knobs the REPL, OSC and MIDI set while a session plays, and the sources a
 * MIDI keyboard plays a synth with.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { knob, renderSignal, setKnob } from "@lel/lel";
 * const cutoff = knob("doc.cutoff", 800, { min: 20, max: 20000, curve: "exp", cc: 74 });
 * assert.equal(renderSignal(cutoff, 1)[0][0], 800);
 * setKnob("doc.cutoff", 1200); // what `.set doc.cutoff 1200` does
 * ```
 * @module
 */

export { knob, type KnobOptions, knobSpecOf } from "./knob.ts";
export { DEFAULT_KNOB_GLIDE } from "./knob_glide.ts";
export { midibend, midigate, type MidiGlideOptions, midinote, midiTrig, midivel } from "./midi.ts";
