/**
 * Rendering one engine block: the `s` context filled from the transport, each voice's
 * generation (and, during a crossfade, its previous one) run into reused buffers, mixed into
 * the master bus, and a signal that throws or misbehaves muted alone. The shadow render of a
 * commit runs on the same context. Nothing here allocates per block.
 * @module
 */

import { setBuildLocked } from "./build_scope.ts";
import { currentClaimScope, setClaimScope } from "./pool.ts";
import { type HelperNode, RENDERING } from "./node.ts";
import { type Binding, bindLate } from "./binding.ts";
import type { BadFrame } from "./runner.ts";
import type { EngineContext } from "./signal.ts";
import { DEFAULT_BEATS_PER_BAR, DEFAULT_BPM, setBarBeats, type Transport } from "./transport.ts";
import type { EngineConfig } from "./engine_config.ts";
import { describeBad, describeThrow } from "./fault.ts";
import { mixVoice, type Voice, type VoiceBlock } from "./voice.ts";
import { invoke } from "./chain/leaf.ts";
import { refuseBadSignals, type ShadowHost } from "./shadow.ts";
import { MasterBus } from "./master_bus.ts";
import type { VoiceTable } from "./voice_table.ts";
import type { SignalStateTable } from "./signal_state.ts";
import { releaseStaged, type Transaction } from "./transaction.ts";

/** The render path of one engine: its context, buffers and master bus. */
export class BlockRenderer {
  /** The master bus the voices mix into. */
  readonly bus: MasterBus;
  readonly #config: EngineConfig;
  readonly #table: VoiceTable;
  readonly #transport: Transport;
  readonly #ctx: EngineContext;
  readonly #shadowHost: ShadowHost;
  readonly #voiceBuf: Float64Array[];
  readonly #ghostBuf: Float64Array[];
  readonly #master: Float64Array[];
  /** Runners report here; the mix reads a mono block from channel 0 alone. */
  readonly #bad: BadFrame = { value: 0, monoOk: true, mono: false };
  readonly #block: VoiceBlock;
  /** The engine frame the block being rendered starts at. */
  #frame = 0;
  #rendering = false;
  /** Binds a helper the rendering signal's hand-written code played first (see RENDERING). */
  readonly #claimLate = (node: HelperNode): void => {
    bindLate(RENDERING.owner as Binding, node, this.#config.sampleRate);
  };

  /**
   * @param config The engine's settings.
   * @param table Its voices.
   * @param transport Its transport (tempo and beat position).
   */
  constructor(config: EngineConfig, table: VoiceTable, transport: Transport) {
    this.#config = config;
    this.#table = table;
    this.#transport = transport;
    const { sampleRate, channels, blockSize, fadeTime } = config;
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
    this.#shadowHost = {
      ctx: this.#ctx,
      sampleRate,
      blockSize,
      fill: (start: number, n: number) => {
        this.#transport.fill(start, n, this.#ctx.beats, this.#ctx.bpms);
      },
    };
    const buffers = () => Array.from({ length: channels }, () => new Float64Array(blockSize));
    this.#voiceBuf = buffers();
    this.#ghostBuf = buffers();
    this.bus = new MasterBus(channels, blockSize, sampleRate);
    this.#master = this.bus.buffers;
    this.#block = {
      buf: this.#voiceBuf,
      mono: false,
      ghostBuf: this.#ghostBuf,
      ghostMono: false,
      master: this.#master,
      masterMono: false,
      target: 1,
      step: fadeTime > 0 ? 1 / (fadeTime * sampleRate) : 1,
      n: 0,
    };
  }

  /** Whether a signal is running now (a block or a shadow render). */
  get rendering(): boolean {
    return this.#rendering;
  }

  /**
   * Renders one block of the mix from engine frame `frame` and writes it to `outputs`.
   *
   * @param frame The engine frame the block starts at.
   * @param n Frames (at most the block size).
   * @param outputs One array per output channel (extra arrays are left alone).
   * @param offset First index to write in each output.
   */
  render(
    frame: number,
    n: number,
    outputs: readonly (Float32Array | Float64Array)[],
    offset: number,
  ): void {
    this.#frame = frame;
    this.#transport.fill(frame, n, this.#ctx.beats, this.#ctx.bpms);
    this.#ctx.beatsPerBar = this.#transport.beatsPerBar;
    this.bus.clear(n);
    const previousScope = currentClaimScope();
    this.#rendering = true;
    setBuildLocked(true);
    const block = this.#block;
    block.masterMono = true;
    block.n = n;
    try {
      for (const voice of this.#table.voices.values()) this.#renderVoice(voice, n);
    } finally {
      this.#rendering = false;
      setBuildLocked(false);
      setClaimScope(previousScope);
    }
    const mono = block.masterMono;
    block.masterMono = false;
    this.bus.finish(n, mono, this.#config.softClip);
    const channels = Math.min(outputs.length, this.#config.channels);
    for (let c = 0; c < channels; c++) {
      const out = outputs[c];
      const master = this.#master[c];
      for (let i = 0; i < n; i++) out[offset + i] = master[i];
    }
  }

  /**
   * Renders a commit's new generations ahead on copies of their state (see `shadow.ts`), for
   * the engine's `shadowTime`; a refusal releases what the transaction staged.
   *
   * @param tx The transaction being committed.
   * @param frame The engine frame its signals will start playing at.
   * @param states The engine's signal state table (where the staged slices are released).
   * @throws {SignalRefusedError} When one goes wrong.
   */
  shadow(tx: Transaction, frame: number, states: SignalStateTable): void {
    const frames = Math.round(this.#config.shadowTime * this.#config.sampleRate);
    if (frames === 0 || tx.staged.size === 0) return;
    this.#rendering = true;
    try {
      refuseBadSignals(this.#shadowHost, tx.staged.values(), frame, frames, this.#ctx.beatsPerBar);
    } catch (error) {
      releaseStaged(tx, states);
      throw error;
    } finally {
      this.#rendering = false;
    }
  }

  #renderVoice(voice: Voice, n: number): void {
    if (voice.faulted) return;
    const target = this.#table.target(voice);
    if (voice.gain === 0 && target === 0 && voice.removing) return;
    const ok = this.#run(voice.binding, voice.binding.slice.view, this.#voiceBuf, n, voice);
    if (!ok) return;
    const block = this.#block;
    block.mono = this.#bad.mono === true;
    const ghost = voice.ghost;
    if (ghost !== undefined) {
      if (!this.#run(ghost.binding, ghost.state, this.#ghostBuf, n, undefined)) {
        this.#table.endGhost(voice);
      }
      block.ghostMono = this.#bad.mono === true;
    }
    block.target = target;
    block.n = n;
    // Never inlined: in this large function V8 would re-check every array on every frame.
    if (invoke(mixVoice, voice, block, 0, 0, 0, 0, 0) !== 0) this.#table.endGhost(voice);
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
    const sr = this.#config.sampleRate;
    try {
      done = binding.runner(binding.fn, s, buf, n, this.#frame, sr, bad);
    } catch (error) {
      if (voice !== undefined) this.#fault(voice, describeThrow(error), error);
      return false;
    } finally {
      RENDERING.owner = owner;
      RENDERING.claim = claim;
      RENDERING.signal = signal;
    }
    if (done < n) {
      if (voice !== undefined) this.#fault(voice, describeBad(this.#bad.value), undefined);
      return false;
    }
    return true;
  }

  #fault(voice: Voice, reason: string, error: unknown): void {
    this.#table.fault(voice, reason, error, this.#frame / this.#config.sampleRate);
  }
}
