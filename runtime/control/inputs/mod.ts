/**
 * The ways to move knobs from outside the code: OSC over UDP (`--osc-port`) and raw MIDI from
 * a rawmidi device, FIFO or file (`--midi`), with their parsers. They write into the knob
 * store (`runtime/core/knobs.ts`); the REPL's `.set` is in `runtime/control/repl_set.ts`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineKnob, getKnob } from "../../core/knobs.ts";
 * defineKnob("mod.cutoff", { min: 20, max: 20000, curve: "exp", cc: { number: 74 } });
 * const parser = new MidiParser();
 * const midi = new MidiKnobs();
 * parser.push(Uint8Array.of(0xb0, 74, 127, 0x90, 69, 100), (m) => midi.apply(m));
 * assert.equal(getKnob("mod.cutoff")!.value, 20000);
 * assert.equal(getKnob("midinote")!.value, 440);
 * const stats = newOscStats();
 * applyOscMessage(decodeOsc(encodeOscMessage("/lel/knob/mod.cutoff", [{ type: "i", value: 500 }])) as OscMessage, stats);
 * assert.equal(getKnob("mod.cutoff")!.value, 500);
 * ```
 * @module
 */

export {
  inputOptions,
  type LiveInputOptions,
  LiveInputs,
  midiPathProblem,
  REPORT_EVERY_MS,
} from "./live_inputs.ts";
export { type MidiMessage, MidiParser, type MidiParserStats } from "./midi.ts";
export { MIDI_BEND_KNOB, MidiKnobs, type MidiKnobStats, midiToHz } from "./midi_knobs.ts";
export { MidiInput, type MidiInputOptions, type MidiInputStats } from "./midi_input.ts";
export {
  decodeOsc,
  encodeOscBundle,
  encodeOscMessage,
  MAX_BUNDLE_DEPTH,
  type OscArg,
  type OscBundle,
  OscError,
  type OscMessage,
  oscMessages,
  type OscPacket,
} from "./osc.ts";
export {
  applyOscMessage,
  DEFAULT_MAX_OSC_PACKET_BYTES,
  DEFAULT_OSC_PORT,
  newOscStats,
  OscServer,
  type OscServerOptions,
  type OscStats,
} from "./osc_server.ts";
