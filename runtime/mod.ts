/**
 * The engine and everything around it: the signal registry, offline rendering and WAV files.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const e = new Engine({ sampleRate: 48000 });
 * assert.equal(e.config.channels, 2);
 * ```
 * @module
 */

export * from "./core/signal.ts";
export { type CommitReport, type QuantMode, type TransactionOptions } from "./core/transaction.ts";
export { Engine, type EngineConfig, type EngineOptions, type Fault } from "./core/engine.ts";
export { type RegisterOptions } from "./core/register_options.ts";
export { engine, resetEngine } from "./core/process_engine.ts";
export { type LevelStats, type SignalInfo } from "./core/voice_table.ts";
export { RUNAWAY_LIMIT } from "./core/runner.ts";
export { SignalRefusedError } from "./core/signal_refused_error.ts";
export { SOFT_CLIP_KNEE, softClip } from "./core/soft_clip.ts";
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
} from "./core/api.ts";
export {
  DEFAULT_BEATS_PER_BAR,
  DEFAULT_BPM,
  TEMPO_GLIDE_SECONDS,
  type TempoOptions,
  type TransportState,
} from "./core/transport.ts";
export { SLOTS_PER_SIGNAL } from "./core/signal_state.ts";
export {
  render,
  type RenderOptions,
  type RenderResult,
  renderSignal,
  type RenderSignalOptions,
  renderToWav,
  type RenderToWavOptions,
  type RenderToWavResult,
} from "./core/offline.ts";
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
} from "./core/wav/mod.ts";
export {
  bankArray,
  DATA_BANK_TEST_LENGTH,
  DATA_BANK_TEST_OFFSET,
  type DataBankStats,
  dataBankStats,
  type DataEntry,
  storeData,
} from "./core/data_bank.ts";
export * from "./core/samples/mod.ts";
export { type Logger, logger, setLogger, SILENT_LOGGER } from "./core/log.ts";
export {
  curveValue,
  isKnobName,
  type KnobCc,
  type KnobCurve,
  type KnobSpec,
} from "./core/knob_spec.ts";
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
} from "./core/knobs.ts";
export { setKnobNormalized } from "./core/knob_position.ts";
