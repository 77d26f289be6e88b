/**
 * The engine: the signal registry, the `s` context, block rendering, mixing, fades,
 * crossfades, transactions and fault isolation.
 *
 * Rendering is synchronous and happens between JavaScript tasks, so every change made by
 * `register`, `clear` or a committed transaction lands at a block boundary.
 * @module
 */

import { type BuildScope, setBuildLocked } from "./build_scope.ts";
import { currentClaimScope, setClaimScope, zeroBlock } from "./pool.ts";
import { asSignal } from "./signal_tag.ts";
import { type HelperNode, RENDERING } from "./node.ts";
import {
  bind,
  type Binding,
  bindLate,
  dropGhost,
  type HelperChange,
  helperChanges,
  makeGhost,
  unbind,
} from "./binding.ts";
import { formatLocation, type SourceLocation, userLocation } from "./diagnostics/location.ts";
import { logger } from "./log.ts";
import type { BadFrame } from "./runner.ts";
import type { EngineContext, Param } from "./signal.ts";
import {
  checkTempo,
  DEFAULT_BEATS_PER_BAR,
  DEFAULT_BPM,
  setBarBeats,
  type TempoOptions,
  Transport,
  type TransportState,
} from "./transport.ts";
import { SignalStateTable } from "./signal_state.ts";
import { type EngineConfig, type EngineOptions, resolveEngineConfig } from "./engine_config.ts";
import { describeBad, describeThrow, type Fault } from "./fault.ts";
import { softClip } from "./soft_clip.ts";
import { mixVoice, type Voice, type VoiceBlock } from "./voice.ts";
import { invoke } from "./chain/leaf.ts";
import { type ShadowFailure, shadowRender } from "./shadow.ts";

export type { EngineConfig, EngineOptions, Fault };
export { RUNAWAY_LIMIT } from "./runner.ts";
export { SOFT_CLIP_KNEE, softClip } from "./soft_clip.ts";

/** Level statistics for one signal or the master bus since the last reset. */
export interface LevelStats {
  /** Largest absolute sample. */
  peak: number;
  /** Root mean square over all channels and frames. */
  rms: number;
}

/** What one signal is doing now. */
export interface SignalInfo {
  name: string;
  /** `playing`, `muted` (by mute or solo), `fading` (in or out), or `faulted`. */
  status: "playing" | "muted" | "fading" | "faulted";
  /** Where the signal came from (a session file path, `repl`, or `api`). */
  origin: string;
  /** Muted by `mute()` or another signal's `solo()` (even while the fade is still running). */
  muted: boolean;
}

/** When commits take effect: at once, or at the next beat or bar line. */
export type QuantMode = "off" | "beat" | "bar";

/** What a commit did, signal by signal. */
export interface CommitReport {
  /** Signals that were playing and were registered again (their state kept). */
  kept: string[];
  /** Signals that start now. */
  added: string[];
  /** Signals that fade out now. */
  removed: string[];
  /** Per kept or added signal, what happened to each of its helpers' state. */
  helpers: Record<string, HelperChange[]>;
  /**
   * For a quantised commit, when it takes effect: the engine frame and time, and the beat and
   * bar there (absent when it took effect at once).
   */
  at?: { frame: number; time: number; beat: number; bar: number };
}

/** Options for {@linkcode Engine.register}. */
export interface RegisterOptions {
  /** Where the signal is defined, for fault reports. @default {the caller's line} */
  site?: SourceLocation;
  /**
   * The build scope whose helpers the signal may own (the DSL passes each line's).
   * @default {the current build scope}
   */
  scope?: BuildScope;
}

/** Options for {@linkcode Engine.begin}. */
export interface TransactionOptions {
  /** Origin recorded on the signals this transaction registers. @default {"api"} */
  origin?: string;
  /**
   * Remove, at commit, signals of the same origin that the transaction did not register
   * (a file reload replaces what the previous version of that file registered).
   * @default {false}
   */
  replaceOrigin?: boolean;
}

interface Transaction {
  readonly origin: string;
  readonly replaceOrigin: boolean;
  /** A tempo the transaction set, applied at its commit. */
  tempo: { bpm: number; options: TempoOptions } | undefined;
  staged: Map<string, Binding>;
  removed: Set<string>;
  /** Signals registered again with the very function that plays (kept as they are). */
  same: Set<string>;
  clearAll: boolean;
}

/**
 * A commit refused because a new signal went wrong in the shadow render (NaN, ±Infinity, a
 * runaway value or a throw in its first moments): nothing of the transaction was applied.
 * Carries where the signal was written, so a session shows it with a caret frame.
 */
export class SignalRefusedError extends Error {
  /** The signal that went wrong. */
  readonly signal: string;
  /** Where it was written, when known. */
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(
    signal: string,
    what: string,
    site: SourceLocation | undefined,
    cause: unknown,
  ) {
    super(`Signal '${signal}' ${what}`, { cause });
    this.name = "SignalRefusedError";
    this.signal = signal;
    this.file = site?.file;
    this.line = site?.line;
    this.column = site?.column;
  }
}

/** Renders registered signals block by block; one per process is the norm (`engine()`). */
export class Engine {
  readonly config: EngineConfig;
  #voices = new Map<string, Voice>();
  #states = new SignalStateTable();
  #solo = new Set<string>();
  #tx: Transaction | undefined;
  #frame = 0;
  #rendering = false;
  #quant: QuantMode = "off";
  #masterTarget = 1;
  #masterLevel = 1;
  #masterBuf!: Float64Array;
  #masterGlide!: number;
  /** Committed transactions waiting for their frame (a quantised commit), oldest first. */
  #pending: { frame: number; tx: Transaction }[] = [];
  #ctx: EngineContext;
  #transport!: Transport;
  #fadeStep: number;
  #voiceBuf: Float64Array[];
  #ghostBuf: Float64Array[];
  #master: Float64Array[];
  #faults: Fault[] = [];
  /** Runners report here; the mix reads a mono block from channel 0 alone. */
  #bad: BadFrame = { value: 0, monoOk: true, mono: false };
  #block: VoiceBlock;
  #masterPeak = 0;
  #masterSumSquares = 0;
  #statFrames = 0;
  #listeners = new Set<(fault: Fault) => void>();
  /** Prefix of this engine's helper keys in the shared pool ("" for the process engine). */
  #namespace: string;
  /** Binds a helper the rendering signal's hand-written code played first (see RENDERING). */
  #claimLate = (node: HelperNode): void => {
    bindLate(RENDERING.owner as Binding, node, this.config.sampleRate);
  };

  constructor(options: EngineOptions = {}) {
    this.config = resolveEngineConfig(options);
    this.#namespace = creatingProcessEngine ? "" : `#${++engineCount}:`;
    const { sampleRate, channels, blockSize, fadeTime } = this.config;
    this.#ctx = {
      t: 0,
      frame: 0,
      sr: sampleRate,
      dt: 1 / sampleRate,
      name: "",
      state: new Float64Array(0),
      beat: 0,
      bpm: DEFAULT_BPM,
      beatsPerBar: DEFAULT_BEATS_PER_BAR,
      beats: new Float64Array(blockSize),
      bpms: new Float64Array(blockSize),
    };
    this.#transport = new Transport(sampleRate);
    this.#masterBuf = new Float64Array(blockSize);
    this.#masterGlide = 1 - Math.exp(-1 / (MASTER_GLIDE_SECONDS * sampleRate));
    this.#fadeStep = fadeTime > 0 ? 1 / (fadeTime * sampleRate) : 1;
    const buffers = () => Array.from({ length: channels }, () => new Float64Array(blockSize));
    this.#voiceBuf = buffers();
    this.#ghostBuf = buffers();
    this.#master = buffers();
    this.#block = {
      buf: this.#voiceBuf,
      mono: false,
      ghostBuf: this.#ghostBuf,
      ghostMono: false,
      master: this.#master,
      masterMono: false,
      target: 1,
      step: this.#fadeStep,
      n: 0,
    };
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
    return this.#faults;
  }

  /** Whether a transaction is open. */
  get inTransaction(): boolean {
    return this.#tx !== undefined;
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
    checkName(name, "register");
    if (typeof signal !== "function" && typeof signal !== "number") {
      throw new TypeError(
        `Cannot register '${name}': expected a signal function (s) => number or a number, got ${typeof signal}`,
      );
    }
    const fn = asSignal(signal);
    const site = options.site ?? userLocation(new Error().stack);
    const tx = this.#tx;
    const live = this.#voices.get(name);
    if (live !== undefined && !live.removing && !live.faulted && live.binding.fn === fn) {
      // The very signal that plays: nothing to bind, nothing to swap.
      if (tx !== undefined) {
        const staged = tx.staged.get(name);
        if (staged !== undefined) unbind(staged, this.#states);
        tx.staged.delete(name);
        tx.removed.delete(name);
        tx.same.add(name);
      }
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
    if (tx !== undefined) {
      const previous = tx.staged.get(name);
      if (previous !== undefined) unbind(previous, this.#states);
      tx.staged.set(name, binding);
      tx.removed.delete(name);
      tx.same.delete(name);
      return;
    }
    this.#install(binding, "api");
  }

  /**
   * Fades a signal out and frees its state.
   *
   * @param name Signal name.
   * @returns Whether such a signal was playing (or staged).
   */
  unregister(name: string): boolean {
    this.#assertNotRendering("unregister");
    const tx = this.#tx;
    if (tx !== undefined) {
      const staged = tx.staged.get(name);
      if (staged !== undefined) {
        unbind(staged, this.#states);
        tx.staged.delete(name);
      }
      tx.same.delete(name);
      const live = this.#voices.has(name) && !tx.clearAll;
      if (live) tx.removed.add(name);
      return staged !== undefined || live;
    }
    const voice = this.#voices.get(name);
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
    const tx = this.#tx;
    if (tx !== undefined) {
      for (const binding of tx.staged.values()) unbind(binding, this.#states);
      tx.staged.clear();
      tx.removed.clear();
      tx.same.clear();
      tx.clearAll = true;
      return;
    }
    for (const voice of this.#voices.values()) voice.removing = true;
  }

  /**
   * Silences a signal (with a fade) while it keeps running, so unmuting continues in time.
   *
   * @param name Signal name.
   * @throws {RangeError} For an unknown name.
   */
  mute(name: string): void {
    this.#voice(name, "mute").muted = true;
  }

  /**
   * Undoes {@linkcode mute}.
   *
   * @param name Signal name.
   * @throws {RangeError} For an unknown name.
   */
  unmute(name: string): void {
    this.#voice(name, "unmute").muted = false;
  }

  /**
   * Plays only the named signals; the others are muted (and keep their state). Call with no
   * names to end the solo.
   *
   * @param names Signals to hear.
   * @throws {RangeError} For an unknown name.
   */
  solo(...names: string[]): void {
    for (const name of names) this.#voice(name, "solo");
    this.#solo = new Set(names);
  }

  /**
   * The signals, in mixing order.
   *
   * @returns Name, status and origin of each.
   */
  signals(): SignalInfo[] {
    return [...this.#voices.values()].map((v) => ({
      name: v.name,
      origin: v.origin,
      status: this.#status(v),
      muted: !v.removing && this.#target(v) === 0,
    }));
  }

  #status(v: Voice): SignalInfo["status"] {
    if (v.faulted) return "faulted";
    const target = this.#target(v);
    if (v.gain !== target || v.xfade < 1) return "fading";
    return target === 0 ? "muted" : "playing";
  }

  /**
   * Stops everything at once and releases all state (for tests and shutdown; no fade).
   */
  dispose(): void {
    if (this.#tx !== undefined) this.abort();
    for (const { tx } of this.#pending.splice(0)) {
      for (const binding of tx.staged.values()) unbind(binding, this.#states);
    }
    for (const voice of this.#voices.values()) {
      if (voice.ghost !== undefined) this.#endGhost(voice);
      unbind(voice.binding, this.#states);
    }
    this.#voices.clear();
    this.#solo.clear();
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
    if (this.#tx !== undefined) {
      throw new TypeError(
        "Cannot begin a transaction: one is already open; commit or abort it first",
      );
    }
    this.#tx = {
      origin: options.origin ?? "api",
      replaceOrigin: options.replaceOrigin ?? false,
      staged: new Map(),
      removed: new Set(),
      same: new Set(),
      clearAll: false,
      tempo: undefined,
    };
  }

  /**
   * Applies the open transaction at the next block boundary (now, since rendering happens
   * between tasks).
   *
   * @returns What changed.
   * @throws {TypeError} When no transaction is open.
   */
  commit(): CommitReport {
    const tx = this.#takeTx("commit");
    const frame = this.#quantFrame();
    this.#shadow(tx, frame);
    const report = this.#reportOf(tx);
    if (frame > this.#frame) {
      // Applied when rendering reaches the beat or bar line (process() cuts its block there).
      this.#pending.push({ frame, tx });
      const at = this.#transport.state(frame);
      report.at = { frame, time: frame / this.config.sampleRate, beat: at.beat, bar: at.bar };
      return report;
    }
    this.#apply(tx);
    return report;
  }

  /**
   * Renders the transaction's new signals ahead on copies of their state (see shadow.ts); the
   * first that goes wrong refuses the whole transaction.
   *
   * @throws {SignalRefusedError} Naming the signal, what it did and where it was written.
   */
  #shadow(tx: Transaction, frame: number): void {
    const frames = Math.round(this.config.shadowTime * this.config.sampleRate);
    if (frames === 0 || tx.staged.size === 0) return;
    const host = {
      ctx: this.#ctx,
      sampleRate: this.config.sampleRate,
      blockSize: this.config.blockSize,
      fill: (start: number, n: number) => {
        this.#transport.fill(start, n, this.#ctx.beats, this.#ctx.bpms);
      },
    };
    this.#rendering = true;
    setBuildLocked(true);
    let failure: ShadowFailure | undefined;
    let refused: Binding | undefined;
    try {
      setBarBeats(this.#ctx.beatsPerBar);
      for (const binding of tx.staged.values()) {
        failure = shadowRender(host, binding, frame, frames, describeBad);
        if (failure !== undefined) {
          refused = binding;
          break;
        }
      }
    } finally {
      this.#rendering = false;
      setBuildLocked(false);
    }
    if (failure === undefined || refused === undefined) return;
    for (const binding of tx.staged.values()) unbind(binding, this.#states);
    const reason = failure.reason !== "" ? failure.reason : describeThrow(failure.error);
    const thrownAt = failure.error instanceof Error ? userLocation(failure.error.stack) : undefined;
    throw new SignalRefusedError(
      failure.signal,
      `${reason} within ${
        Math.round(1000 * frames / this.config.sampleRate)
      } ms of starting; not applied: what played before plays on`,
      thrownAt ?? refused.site,
      failure.error,
    );
  }

  /** What a commit of `tx` does, signal by signal (nothing changes yet). */
  #reportOf(tx: Transaction): CommitReport {
    const report: CommitReport = { kept: [], added: [], removed: [], helpers: {} };
    for (const voice of this.#voices.values()) {
      if (tx.same.has(voice.name) && !voice.removing) {
        report.kept.push(voice.name);
        const prefix = `${this.#namespace}${voice.name}_`;
        report.helpers[voice.name] = voice.binding.scope.blocks.map((b) => ({
          key: b.key.startsWith(prefix) ? b.key.slice(prefix.length) : b.key,
          change: "kept",
        }));
        continue;
      }
      if (tx.staged.has(voice.name) || voice.removing) continue;
      if (this.#drops(tx, voice)) report.removed.push(voice.name);
    }
    for (const binding of tx.staged.values()) {
      const existed = this.#voices.get(binding.name);
      const live = existed !== undefined && !existed.removing && !existed.faulted;
      (live ? report.kept : report.added).push(binding.name);
      const previous = existed !== undefined && !existed.removing ? existed.binding : undefined;
      report.helpers[binding.name] = helperChanges(previous, binding, this.#namespace);
    }
    return report;
  }

  #drops(tx: Transaction, voice: Voice): boolean {
    return tx.clearAll || tx.removed.has(voice.name) ||
      (tx.replaceOrigin && voice.origin === tx.origin);
  }

  /** Makes a committed transaction audible (at the block that starts now). */
  #apply(tx: Transaction): void {
    if (tx.tempo !== undefined) this.#setTempo(tx.tempo.bpm, tx.tempo.options);
    for (const voice of this.#voices.values()) {
      if (tx.same.has(voice.name) && !voice.removing) {
        voice.origin = tx.origin;
        continue;
      }
      if (tx.staged.has(voice.name) || voice.removing) continue;
      if (this.#drops(tx, voice)) voice.removing = true;
    }
    for (const binding of tx.staged.values()) this.#install(binding, tx.origin);
  }

  /** The frame a commit made now lands at: now, or the next beat or bar line. */
  #quantFrame(): number {
    if (this.#quant === "off" || this.#frame === 0) return this.#frame;
    const grid = this.#quant === "bar" ? this.#transport.beatsPerBar : 1;
    return this.#transport.nextLine(this.#frame, grid);
  }

  /**
   * When a commit takes effect: `off` at once (the next block), `beat` or `bar` at the next
   * beat or bar line of the transport (a change lands on the grid, and the reload report says
   * when). Session reloads, REPL blocks and `send` all commit through here.
   */
  get quant(): QuantMode {
    return this.#quant;
  }

  set quant(mode: QuantMode) {
    if (mode !== "off" && mode !== "beat" && mode !== "bar") {
      throw new RangeError(
        `Cannot quantise commits: the mode must be 'off', 'beat' or 'bar', got ${String(mode)}`,
      );
    }
    this.#quant = mode;
  }

  /** Commits waiting for their beat or bar line, oldest first. */
  get pendingCommits(): number {
    return this.#pending.length;
  }

  /**
   * Drops the open transaction; everything it claimed is released and nothing audible
   * changes.
   *
   * @throws {TypeError} When no transaction is open.
   */
  abort(): void {
    const tx = this.#takeTx("abort");
    for (const binding of tx.staged.values()) unbind(binding, this.#states);
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
    const tx = this.#tx;
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
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Level statistics since the last call, per signal and for the master bus; resets them.
   *
   * @returns Master and per-signal peak and RMS.
   */
  takeLevels(): { master: LevelStats; signals: Record<string, LevelStats> } {
    const frames = Math.max(1, this.#statFrames);
    const channels = this.config.channels;
    const signals: Record<string, LevelStats> = {};
    for (const v of this.#voices.values()) {
      signals[v.name] = { peak: v.peak, rms: Math.sqrt(v.sumSquares / (frames * channels)) };
      v.peak = 0;
      v.sumSquares = 0;
    }
    const master = {
      peak: this.#masterPeak,
      rms: Math.sqrt(this.#masterSumSquares / (frames * channels)),
    };
    this.#masterPeak = 0;
    this.#masterSumSquares = 0;
    this.#statFrames = 0;
    return { master, signals };
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
      let n = Math.min(block, frames - done);
      const due = this.#pending[0];
      if (due !== undefined) {
        if (due.frame <= this.#frame) {
          this.#pending.shift();
          this.#apply(due.tx);
          continue;
        }
        n = Math.min(n, due.frame - this.#frame);
      }
      this.#renderBlock(n);
      const channels = Math.min(outputs.length, this.config.channels);
      for (let c = 0; c < channels; c++) {
        const out = outputs[c];
        const master = this.#master[c];
        for (let i = 0; i < n; i++) out[offset + done + i] = master[i];
      }
      done += n;
    }
  }

  #renderBlock(n: number): void {
    const channels = this.config.channels;
    this.#transport.fill(this.#frame, n, this.#ctx.beats, this.#ctx.bpms);
    this.#ctx.beatsPerBar = this.#transport.beatsPerBar;
    const master = this.#master;
    for (let c = 0; c < channels; c++) master[c].fill(0, 0, n);
    const previousScope = currentClaimScope();
    this.#rendering = true;
    setBuildLocked(true);
    const block = this.#block;
    block.masterMono = true;
    block.n = n;
    try {
      for (const voice of this.#voices.values()) this.#renderVoice(voice, n);
    } finally {
      this.#rendering = false;
      setBuildLocked(false);
      setClaimScope(previousScope);
    }
    let peak = this.#masterPeak;
    let sum = this.#masterSumSquares;
    const clip = this.config.softClip;
    // While the bus is mono (see VoiceBlock.masterMono) channel 0 holds every channel's sums:
    // the others get its limited values (the same the limiter would make of the same sums).
    const mono = block.masterMono;
    block.masterMono = false;
    const gains = this.#masterGains(n);
    for (let c = 0; c < channels; c++) {
      const m = master[c];
      const copy = mono && c > 0;
      const from = copy ? master[0] : m;
      const limit = clip && !copy;
      // The master level (a copy of channel 0 already has it): 1 leaves every bit as it is.
      if (gains !== undefined && !copy) { for (let i = 0; i < n; i++) m[i] *= gains[i]; }
      for (let i = 0; i < n; i++) {
        const y = limit ? softClip(from[i]) : from[i];
        m[i] = y;
        const a = Math.abs(y);
        if (a > peak) peak = a;
        sum += y * y;
      }
    }
    this.#masterPeak = peak;
    this.#masterSumSquares = sum;
    this.#statFrames += n;
    this.#frame += n;
    this.#sweep();
  }

  /** Each frame's master level this block (gliding to a new one), or undefined at exactly 1. */
  #masterGains(n: number): Float64Array | undefined {
    const target = this.#masterTarget;
    let g = this.#masterLevel;
    if (g === target && g === 1) return undefined;
    const gains = this.#masterBuf;
    for (let i = 0; i < n; i++) {
      if (g !== target) {
        g += (target - g) * this.#masterGlide;
        if (Math.abs(target - g) < 1e-9) g = target;
      }
      gains[i] = g;
    }
    this.#masterLevel = g;
    return gains;
  }

  /**
   * The master level: a linear gain on the mix before the soft clip, gliding (time constant
   * 20 ms) to a new value so that turning it never clicks. Leave headroom with it (0.5 is
   * −6 dB) rather than pushing the soft clip.
   */
  get masterGain(): number {
    return this.#masterTarget;
  }

  set masterGain(gain: number) {
    if (typeof gain !== "number" || !(gain >= 0 && gain <= 16)) {
      throw new RangeError(
        `Cannot set the master gain: it must be a linear gain 0..16 (1 is unchanged, 0.5 is -6 dB), got ${
          String(gain)
        }`,
      );
    }
    this.#masterTarget = gain;
  }

  #renderVoice(voice: Voice, n: number): void {
    if (voice.faulted) return;
    const target = this.#target(voice);
    if (voice.gain === 0 && target === 0 && voice.removing) return;
    const ok = this.#run(voice.binding, voice.binding.slice.view, this.#voiceBuf, n, voice);
    if (!ok) return;
    const block = this.#block;
    block.mono = this.#bad.mono === true;
    const ghost = voice.ghost;
    if (ghost !== undefined) {
      if (!this.#run(ghost.binding, ghost.state, this.#ghostBuf, n, undefined)) {
        this.#endGhost(voice);
      }
      block.ghostMono = this.#bad.mono === true;
    }
    block.target = target;
    block.n = n;
    // Never inlined: in this large function V8 would re-check every array on every frame.
    if (invoke(mixVoice, voice, block, 0, 0, 0, 0, 0) !== 0) this.#endGhost(voice);
  }

  /** Runs one generation's function for a block into `buf`; false after a fault. */
  #run(
    binding: Binding,
    state: Float64Array,
    buf: Float64Array[],
    n: number,
    voice: Voice | undefined,
  ): boolean {
    const s = this.#ctx;
    s.name = binding.name;
    s.state = state;
    setClaimScope(binding.scope);
    let done: number;
    const bad = this.#bad;
    bad.mono = false;
    // Saved and restored: a signal may render another engine inside its block.
    const owner = RENDERING.owner;
    const claim = RENDERING.claim;
    const signal = RENDERING.signal;
    RENDERING.owner = binding;
    RENDERING.claim = this.#claimLate;
    RENDERING.signal = binding.name;
    setBarBeats(this.#ctx.beatsPerBar);
    try {
      done = binding.runner(binding.fn, s, buf, n, this.#frame, this.config.sampleRate, bad);
    } catch (error) {
      if (voice !== undefined) this.#fault(voice, describeThrow(error), error);
      return false;
    } finally {
      RENDERING.owner = owner;
      RENDERING.claim = claim;
      RENDERING.signal = signal;
    }
    if (done < n) {
      if (voice !== undefined) {
        this.#fault(voice, describeBad(this.#bad.value), undefined);
      }
      return false;
    }
    return true;
  }

  /** Frees what finished fading out. */
  #sweep(): void {
    for (const voice of this.#voices.values()) {
      if (voice.removing && voice.gain === 0) {
        this.#voices.delete(voice.name);
        this.#solo.delete(voice.name);
        if (voice.ghost !== undefined) this.#endGhost(voice);
        unbind(voice.binding, this.#states);
      }
    }
  }

  #install(binding: Binding, origin: string): void {
    const voice = this.#voices.get(binding.name);
    if (voice === undefined) {
      this.#voices.set(binding.name, {
        name: binding.name,
        binding,
        origin,
        gain: 0,
        muted: false,
        removing: false,
        faulted: false,
        ghost: undefined,
        xfade: 1,
        peak: 0,
        sumSquares: 0,
      });
      return;
    }
    const old = voice.binding;
    voice.binding = binding;
    voice.origin = origin;
    voice.removing = false;
    if (voice.ghost !== undefined) this.#endGhost(voice);
    if (voice.faulted || voice.gain === 0 || old.signature === binding.signature) {
      if (voice.faulted) voice.gain = 0;
      voice.faulted = false;
      unbind(old, this.#states);
      return;
    }
    const ghost = makeGhost(old, binding);
    if (ghost === undefined) {
      unbind(old, this.#states);
      return;
    }
    voice.ghost = ghost;
    voice.xfade = 0;
  }

  #endGhost(voice: Voice): void {
    const ghost = voice.ghost;
    if (ghost === undefined) return;
    voice.ghost = undefined;
    voice.xfade = 1;
    dropGhost(ghost, this.#states);
  }

  #fault(voice: Voice, reason: string, error: unknown): void {
    voice.faulted = true;
    voice.gain = 0;
    if (voice.ghost !== undefined) this.#endGhost(voice);
    for (const block of voice.binding.scope.blocks) zeroBlock(block);
    voice.binding.slice.view.fill(0);
    const thrownAt = error instanceof Error ? userLocation(error.stack) : undefined;
    const loc: SourceLocation | undefined = thrownAt ?? voice.binding.site;
    const location = loc === undefined ? undefined : formatLocation(loc);
    const message = `signal '${voice.name}' ${reason}` +
      (location === undefined ? "" : ` (${location})`) +
      `; muted until it is registered again`;
    const fault: Fault = { signal: voice.name, reason, location, time: this.time, message };
    this.#faults.push(fault);
    if (this.#faults.length > 1000) this.#faults.shift();
    logger().error(message);
    for (const listener of this.#listeners) listener(fault);
  }

  #target(voice: Voice): number {
    if (voice.removing || voice.muted) return 0;
    if (this.#solo.size > 0 && !this.#solo.has(voice.name)) return 0;
    return 1;
  }

  #voice(name: string, verb: string): Voice {
    const voice = this.#voices.get(name);
    if (voice === undefined || voice.removing) {
      const names = [...this.#voices.keys()].join(", ") || "none";
      throw new RangeError(`Cannot ${verb} '${name}': no such signal (playing: ${names})`);
    }
    return voice;
  }

  #takeTx(verb: string): Transaction {
    const tx = this.#tx;
    if (tx === undefined) {
      throw new TypeError(`Cannot ${verb}: no transaction is open; call begin() first`);
    }
    this.#tx = undefined;
    return tx;
  }

  #assertNotRendering(verb: string): void {
    if (this.#rendering) {
      throw new TypeError(
        `Cannot ${verb} while a signal is rendering: call it from session code, not from inside a signal function`,
      );
    }
  }
}

function checkName(name: unknown, verb: string): void {
  if (typeof name !== "string" || name.trim() === "") {
    throw new TypeError(
      `Cannot ${verb}: the signal name must be a non-empty string, got ${String(name)}`,
    );
  }
}

/** Time constant of a master level change, in seconds. */
const MASTER_GLIDE_SECONDS = 0.02;

let engineCount = 0;
let creatingProcessEngine = false;

function processEngine(options: EngineOptions): Engine {
  creatingProcessEngine = true;
  try {
    return new Engine(options);
  } finally {
    creatingProcessEngine = false;
  }
}

const ENGINE = Symbol.for("lel.engine");
type EngineGlobal = typeof globalThis & { [ENGINE]?: Engine };

/**
 * The process-wide engine every module function talks to (kept on `globalThis`, so a
 * re-imported session finds the same one). Created with defaults on first use.
 *
 * @returns The engine.
 */
export function engine(): Engine {
  const g = globalThis as EngineGlobal;
  return g[ENGINE] ??= processEngine({});
}

const ACTIVE = Symbol.for("lel.activeEngine");
type ActiveGlobal = typeof globalThis & { [ACTIVE]?: Engine };

/**
 * The engine that `register()`, `lel` and the other plain functions talk to now: the one a
 * session load or a REPL block runs against (see {@linkcode setActiveEngine}), else the
 * process engine.
 *
 * @returns The engine.
 */
export function activeEngine(): Engine {
  return (globalThis as ActiveGlobal)[ACTIVE] ?? engine();
}

/**
 * Makes `e` the engine the plain functions talk to (a session loading into a private engine
 * sets it for the load), or goes back to the process engine with `undefined`.
 *
 * @param e The engine, or undefined.
 * @returns The one that was active before (to restore it).
 */
export function setActiveEngine(e: Engine | undefined): Engine | undefined {
  const g = globalThis as ActiveGlobal;
  const previous = g[ACTIVE];
  g[ACTIVE] = e;
  return previous;
}

/**
 * Replaces the process-wide engine (before a session loads, e.g. to set the sample rate).
 * The old one's signals are released.
 *
 * @param options Settings for the new engine.
 * @returns The new engine.
 */
export function resetEngine(options: EngineOptions = {}): Engine {
  const g = globalThis as EngineGlobal;
  const old = g[ENGINE];
  if (old !== undefined) old.dispose();
  const next = processEngine(options);
  g[ENGINE] = next;
  return next;
}
