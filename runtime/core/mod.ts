/**
 * The core tier: the engine (signal registry, transactions, block rendering, fault
 * isolation), musical time, knobs, the data bank, offline rendering, WAV files and samples:
 * everything a signal needs to play, and nothing of the DSL or the live app. The helper state
 * plumbing (pool, nodes, build scopes, kernel specs), the chain compiler and the diagnostics
 * live here too and are reached through their own files (`helpers/mod.ts` re-exports the
 * pool's public part).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const e = new Engine({ sampleRate: 48000 });
 * e.register("tone", (s) => Math.sin(2 * Math.PI * 440 * s.t));
 * const out = [new Float32Array(480), new Float32Array(480)];
 * e.process(out, 480);
 * assert.ok(out[0].some((v) => v !== 0));
 * e.dispose();
 * ```
 * @module
 */

export * from "./signal.ts";
export { type CommitReport, type QuantMode, type TransactionOptions } from "./transaction.ts";
export { type HelperChange } from "./binding.ts";
export { Engine, type EngineConfig, type EngineOptions, type Fault } from "./engine.ts";
export { type RegisterOptions } from "./register_options.ts";
export { engine, resetEngine } from "./process_engine.ts";
export { type LevelStats, type SignalInfo } from "./voice_table.ts";
export { RUNAWAY_LIMIT } from "./runner.ts";
export { SignalRefusedError } from "./signal_refused_error.ts";
export { type Located, LocatedError } from "./diagnostics/located_error.ts";
export { type SourceLocation } from "./diagnostics/location.ts";
export { SOFT_CLIP_KNEE, softClip } from "./soft_clip.ts";
export {
  clear,
  masterGain,
  mute,
  quant,
  register,
  signals,
  solo,
  tempo,
  transport,
  unmute,
  unregister,
} from "./api.ts";
export {
  DEFAULT_BEATS_PER_BAR,
  DEFAULT_BPM,
  TEMPO_GLIDE_SECONDS,
  type TempoOptions,
  type TransportState,
} from "./transport.ts";
export { SLOTS_PER_SIGNAL } from "./signal_state.ts";
export {
  render,
  type RenderOptions,
  type RenderResult,
  renderSignal,
  type RenderSignalOptions,
  renderToWav,
  type RenderToWavOptions,
  type RenderToWavResult,
} from "./offline.ts";
export {
  type DecodedWav,
  decodeWav,
  encodeWav,
  type EncodeWavOptions,
  maxWavFrames,
  WavError,
  type WavFormat,
  type WavSampleFormat,
  WavWriter,
  type WavWriterOptions,
} from "./wav/mod.ts";
export {
  bankArray,
  DATA_BANK_TEST_LENGTH,
  DATA_BANK_TEST_OFFSET,
  type DataBankStats,
  dataBankStats,
  type DataEntry,
  storeData,
} from "./data_bank.ts";
export * from "./samples/mod.ts";
export { type Logger, logger, setLogger, SILENT_LOGGER } from "./log.ts";
export { curveValue, isKnobName, type KnobCc, type KnobCurve, type KnobSpec } from "./knob_spec.ts";
export {
  defineKnob,
  getKnob,
  type KnobInfo,
  knobSlot,
  knobValues,
  listKnobs,
  MAX_KNOBS,
  RESERVED_KNOBS,
  setKnob,
} from "./knobs.ts";
export { setKnobNormalized } from "./knob_position.ts";
