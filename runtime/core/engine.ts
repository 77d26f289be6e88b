/**
 * The engine: the signal registry and its transactions, rendering blocks and time. Its parts
 * live beside it: `voice_table.ts` (swaps, fades, mute, solo, faults), `transaction.ts` and
 * `commit_queue.ts`, `block_renderer.ts` (the `s` context, the mix, `shadow.ts` before a
 * commit, `master_bus.ts`) and `process_engine.ts` (the engine the plain functions use).
 *
 * Rendering is synchronous and happens between JavaScript tasks, so every change made by
 * `register`, `clear` or a committed transaction lands at a block boundary.
 * @module
 */

import { bind } from "./binding.ts";
import { userLocation } from "./diagnostics/location.ts";
import { registeredSignal, type RegisterOptions } from "./register_options.ts";
import type { Param } from "./signal.ts";
import { checkTempo, type TempoOptions, Transport, type TransportState } from "./transport.ts";
import { SignalStateTable } from "./signal_state.ts";
import { type EngineConfig, type EngineOptions, resolveEngineConfig } from "./engine_config.ts";
import type { Fault } from "./fault.ts";
import { BlockRenderer } from "./block_renderer.ts";
import { CommitQueue } from "./commit_queue.ts";
import { type LevelStats, type SignalInfo, VoiceTable } from "./voice_table.ts";
import {
  type CommitReport,
  commitReport,
  markRemovals,
  type QuantMode,
  releaseStaged,
  stage,
  stageClear,
  stageRemoval,
  stageSame,
  type Transaction,
  type TransactionOptions,
} from "./transaction.ts";

export type { EngineConfig, EngineOptions, Fault };

/** Renders registered signals block by block; one per process is the norm (`engine()`). */
export class Engine {
  /** The settings it was created with, every default filled in. */
  readonly config: EngineConfig;
  #states = new SignalStateTable();
  #table = new VoiceTable(this.#states);
  #commits = new CommitQueue();
  #frame = 0;
  #transport: Transport;
  #renderer: BlockRenderer;
  /** Prefix of this engine's helper keys in the shared pool ("" for the process engine). */
  #namespace: string;

  /**
   * Creates an engine with nothing registered, at frame 0 (it renders only when asked:
   * `process`, `render`, or a realtime output).
   *
   * @param options Sample rate, channels, block size and fade and shadow times.
   * @throws {RangeError} For an option out of range, saying which and what is allowed.
   */
  constructor(options: EngineOptions = {}) {
    this.config = resolveEngineConfig(options);
    this.#namespace = creatingProcessEngine ? "" : `#${++engineCount}:`;
    this.#transport = new Transport(this.config.sampleRate);
    this.#renderer = new BlockRenderer(this.config, this.#table, this.#transport);
  }

  /** Engine time in frames (continuous across reloads). */
  get frame(): number {
    return this.#frame;
  }

  /** Engine time in seconds. */
  get time(): number {
    return this.#frame / this.config.sampleRate;
  }

  /** Faults since the engine started (oldest first). */
  get faults(): readonly Fault[] {
    return this.#table.faults;
  }

  /** Whether a transaction is open. */
  get inTransaction(): boolean {
    return this.#commits.open !== undefined;
  }

  /**
   * Adds a signal, or swaps the function of one already playing while keeping its state.
   *
   * Helpers built since the previous register belong to this signal. A new signal fades in;
   * a changed one either swaps at once (only numeric parameters changed: they glide) or
   * crossfades from the old code to the new, both running from the same state.
   *
   * @param name Signal name (non-empty).
   * @param signal The signal function (or a constant).
   * @param options Where the signal was written (for fault reports), when not the caller.
   * @throws {TypeError} On a bad name or signal, or when called while rendering.
   * @throws {PoolExhaustedError} When the helper pool is full (nothing changes).
   */
  register(name: string, signal: Param, options: RegisterOptions = {}): void {
    this.#assertNotRendering("register");
    const fn = registeredSignal(name, signal);
    const site = options.site ?? userLocation(new Error().stack);
    const tx = this.#commits.open;
    const live = this.#table.voices.get(name);
    if (live !== undefined && !live.removing && !live.faulted && live.binding.fn === fn) {
      // The very signal that plays: nothing to bind, nothing to swap.
      if (tx !== undefined) stageSame(tx, name, this.#states);
      return;
    }
    const binding = bind(
      name,
      this.#namespace + name,
      fn,
      this.config.sampleRate,
      this.#states,
      site,
      options.scope,
    );
    if (tx !== undefined) stage(tx, binding, this.#states);
    else this.#table.install(binding, "api");
  }

  /**
   * Fades a signal out and frees its state.
   *
   * @param name Signal name.
   * @returns Whether such a signal was playing (or staged).
   */
  unregister(name: string): boolean {
    this.#assertNotRendering("unregister");
    const tx = this.#commits.open;
    if (tx !== undefined) return stageRemoval(tx, name, this.#table.voices.has(name), this.#states);
    const voice = this.#table.voices.get(name);
    if (voice === undefined || voice.removing) return false;
    voice.removing = true;
    return true;
  }

  /**
   * Fades every signal out. Signals registered again before the next block (as a session
   * that starts with `clear()` does on every reload) are swapped, not restarted.
   */
  clear(): void {
    this.#assertNotRendering("clear");
    const tx = this.#commits.open;
    if (tx !== undefined) stageClear(tx, this.#states);
    else for (const voice of this.#table.voices.values()) voice.removing = true;
  }

  /**
   * Silences a signal (with a fade) while it keeps running, so unmuting continues in time.
   *
   * @param name Signal name.
   * @throws {RangeError} For an unknown name.
   */
  mute(name: string): void {
    this.#table.find(name, "mute").muted = true;
  }

  /**
   * Undoes {@linkcode mute}.
   *
   * @param name Signal name.
   * @throws {RangeError} For an unknown name.
   */
  unmute(name: string): void {
    this.#table.find(name, "unmute").muted = false;
  }

  /**
   * Plays only the named signals; the others are muted (and keep their state). Call with no
   * names to end the solo.
   *
   * @param names Signals to hear.
   * @throws {RangeError} For an unknown name.
   */
  solo(...names: string[]): void {
    this.#table.solo(names);
  }

  /**
   * The signals, in mixing order.
   *
   * @returns Name, status and origin of each.
   */
  signals(): SignalInfo[] {
    return this.#table.info();
  }

  /**
   * Stops everything at once and releases all state (for tests and shutdown; no fade).
   */
  dispose(): void {
    if (this.#commits.open !== undefined) this.abort();
    for (const tx of this.#commits.drain()) releaseStaged(tx, this.#states);
    this.#table.dispose();
  }

  /**
   * Starts a transaction: registers, unregisters and clears are staged (their state bound)
   * and take effect together at {@linkcode commit}, or not at all at {@linkcode abort}.
   *
   * @param options Origin of the staged signals and whether to replace that origin's others.
   * @throws {TypeError} When a transaction is already open.
   */
  begin(options: TransactionOptions = {}): void {
    this.#assertNotRendering("begin");
    this.#commits.begin(options);
  }

  /**
   * Applies the open transaction at the next block boundary (now, since rendering happens
   * between tasks), or at the next beat or bar line when commits are quantised. Its new
   * signals are first rendered ahead on copies of their state (see `shadow.ts`).
   *
   * @returns What changed.
   * @throws {TypeError} When no transaction is open.
   * @throws {SignalRefusedError} When a new signal went wrong ahead (nothing is applied).
   */
  commit(): CommitReport {
    const tx = this.#commits.take("commit");
    const { frame, at } = this.#commits.landing(
      this.#frame,
      this.#transport,
      this.config.sampleRate,
    );
    this.#renderer.shadow(tx, frame, this.#states);
    const report = commitReport(tx, this.#table.voices, this.#namespace);
    if (at !== undefined) {
      // Applied when rendering reaches the beat or bar line (process() cuts its block there).
      this.#commits.schedule(frame, tx);
      report.at = at;
      return report;
    }
    this.#apply(tx);
    return report;
  }

  /** Makes a committed transaction audible (at the block that starts now). */
  #apply(tx: Transaction): void {
    if (tx.tempo !== undefined) this.#setTempo(tx.tempo.bpm, tx.tempo.options);
    markRemovals(tx, this.#table.voices);
    for (const binding of tx.staged.values()) this.#table.install(binding, tx.origin);
  }

  /**
   * When a commit takes effect: `off` at once (the next block), `beat` or `bar` at the next
   * beat or bar line of the transport (a change lands on the grid, and the reload report says
   * when). Session reloads, REPL blocks and `send` all commit through here.
   */
  get quant(): QuantMode {
    return this.#commits.quant;
  }

  set quant(mode: QuantMode) {
    this.#commits.quant = mode;
  }

  /** Commits waiting for their beat or bar line, oldest first. */
  get pendingCommits(): number {
    return this.#commits.waiting;
  }

  /**
   * Drops the open transaction; everything it claimed is released and nothing audible
   * changes.
   *
   * @throws {TypeError} When no transaction is open.
   */
  abort(): void {
    releaseStaged(this.#commits.take("abort"), this.#states);
  }

  /**
   * Sets the tempo (and, optionally, the beats per bar). The beat position carries on: the rate
   * glides to the new tempo over `TEMPO_GLIDE_SECONDS` (a change before anything has played
   * is at once). Inside a transaction (a session reload) it takes effect at the commit, with
   * the rest.
   *
   * @param bpm Beats per minute, 1..1000.
   * @param options Beats per bar; `glide: false` to change at once.
   * @throws {RangeError} For a tempo or bar length out of range.
   */
  tempo(bpm: number, options: TempoOptions = {}): void {
    this.#assertNotRendering("tempo");
    checkTempo(bpm, options.beatsPerBar);
    const tx = this.#commits.open;
    if (tx !== undefined) tx.tempo = { bpm, options };
    else this.#setTempo(bpm, options);
  }

  #setTempo(bpm: number, options: TempoOptions): void {
    const glide = options.glide ?? this.#frame > 0;
    this.#transport.setTempo(bpm, this.#frame, { ...options, glide });
  }

  /**
   * Where the transport is now.
   *
   * @returns Tempo, beats per bar, and the beat and bar position.
   */
  transport(): TransportState {
    return this.#transport.state(this.#frame);
  }

  /**
   * Calls `listener` with every fault from now on.
   *
   * @param listener The callback.
   * @returns A function that removes it.
   */
  onFault(listener: (fault: Fault) => void): () => void {
    return this.#table.onFault(listener);
  }

  /**
   * Level statistics since the last call, per signal and for the master bus; resets them.
   *
   * @returns Master and per-signal peak and RMS.
   */
  takeLevels(): { master: LevelStats; signals: Record<string, LevelStats> } {
    const bus = this.#renderer.bus;
    const signals = this.#table.takeLevels(bus.frames, this.config.channels);
    return { master: bus.takeLevels(), signals };
  }

  /**
   * Renders `frames` frames of the mix into `outputs`, block by block, advancing engine time.
   *
   * @param outputs One Float32Array per output channel (extra arrays are left alone).
   * @param frames Frames to render.
   * @param offset First index to write in each output.
   */
  process(outputs: readonly (Float32Array | Float64Array)[], frames: number, offset = 0): void {
    this.#assertNotRendering("process");
    const block = this.config.blockSize;
    let done = 0;
    while (done < frames) {
      const due = this.#commits.nextFrame;
      if (due <= this.#frame) {
        this.#apply(this.#commits.next());
        continue;
      }
      const n = Math.min(block, frames - done, due - this.#frame);
      this.#renderer.render(this.#frame, n, outputs, offset + done);
      this.#frame += n;
      this.#table.sweep();
      done += n;
    }
  }

  /**
   * The master level: a linear gain on the mix before the soft clip, gliding (time constant
   * 20 ms) to a new value so that turning it never clicks. Leave headroom with it (0.5 is
   * −6 dB) rather than pushing the soft clip.
   */
  get masterGain(): number {
    return this.#renderer.bus.gain;
  }

  set masterGain(gain: number) {
    this.#renderer.bus.gain = gain;
  }

  #assertNotRendering(verb: string): void {
    if (this.#renderer.rendering) {
      throw new TypeError(
        `Cannot ${verb} while a signal is rendering: call it from session code, not from inside a signal function`,
      );
    }
  }
}

let engineCount = 0;
let creatingProcessEngine = false;

/**
 * A new engine that is the process's own: its helper keys carry no engine prefix (for
 * `process_engine.ts`, which keeps the one the plain functions talk to).
 *
 * @param options Settings for the engine.
 * @returns The engine.
 */
export function newProcessEngine(options: EngineOptions): Engine {
  creatingProcessEngine = true;
  try {
    return new Engine(options);
  } finally {
    creatingProcessEngine = false;
  }
}
