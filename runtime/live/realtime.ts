/**
 * Real-time output through node-web-audio-api.
 *
 * The engine renders inside a `ScriptProcessorNode` callback, straight into the node's output
 * buffer. Measured on the reference machine with a quiet session: this costs ~2% of one core
 * while idle, where an `AudioWorkletNode` (reading a SharedArrayBuffer ring) keeps its audio
 * thread busy-polling at ~100% of a core even with an empty processor.
 *
 * Two kinds of underrun, both counted and shown (see `underrunLines` in `status.ts`):
 *
 * - **Late buffers**, lel's own: node-web-audio-api's script processor hands the main thread a
 *   buffer to fill with `playbackTime` = the start of the period it will play in, and swaps it
 *   in at that period's start whether it was filled or not. A callback that finishes after
 *   `currentTime` has reached `playbackTime` was too late: that period plays silence (and the
 *   late buffer lands in the next). This is what a reload, a GC pause or a busy main thread
 *   cause; there are `bufferSize − 128` frames of slack (83 ms at the default 4096 frames).
 * - **Device underruns**, from `AudioContext.playbackStats` (`underrunEvents`,
 *   `underrunDuration`): render quanta for which node-web-audio-api's own render thread missed
 *   its real-time deadline (a busy machine starving that thread). The library refreshes these
 *   figures at most once a second.
 * @module
 */

import type { Engine } from "../core/engine.ts";

/** Where the sound goes. */
export type SinkChoice = "default" | "none";

/** Options for {@linkcode RealtimeOutput.open}. */
export interface RealtimeOptions {
  /** `default` = the system's output device; `none` = a null sink (no device). @default {"default"} */
  sink?: SinkChoice;
  /**
   * Target output latency in seconds; sets the callback buffer (a power of two, 256..16384
   * frames). When omitted: 4096 frames and the `playback` latency hint, which suits ALSA.
   */
  latency?: number;
  /** Sample rate in Hz (the device may insist on its own). @default {48000} */
  sampleRate?: number;
  /** Output channels. @default {2} */
  channels?: number;
}

/** Something that takes every rendered buffer (the `--record` writer). */
export interface BufferSink {
  /**
   * Takes one rendered buffer, on the audio callback (so it must not block).
   *
   * @param channels One array per channel, valid only during the call.
   * @param frames Frames in this buffer.
   */
  write(channels: readonly Float32Array[], frames: number): void;
}

/** Counters the status line shows. */
export interface RealtimeStats {
  /** Callbacks that arrived after their buffer was due (the listener heard a gap). */
  underruns: number;
  /** Render quanta the output's render thread delivered late (`playbackStats.underrunEvents`). */
  deviceUnderruns: number;
  /** Seconds of audio those late quanta add up to (`playbackStats.underrunDuration`). */
  deviceUnderrunSeconds: number;
  /** Render time over real time, smoothed (0.5 = half the budget). */
  load: number;
  /** Frames rendered. */
  frames: number;
  /** The latest late callback: when (output time, seconds) and how late (ms). */
  lastUnderrun: { time: number; lateMs: number } | undefined;
}

interface AudioProcessingEventLike {
  playbackTime: number;
  outputBuffer: { getChannelData(channel: number): Float32Array };
}

interface ScriptProcessorLike {
  onaudioprocess: ((event: AudioProcessingEventLike) => void) | null;
  connect(destination: unknown): unknown;
  disconnect(): void;
}

interface AudioContextLike {
  readonly sampleRate: number;
  readonly currentTime: number;
  readonly destination: unknown;
  readonly playbackStats?: { underrunEvents: number; underrunDuration: number };
  createScriptProcessor(bufferSize: number, inputs: number, outputs: number): ScriptProcessorLike;
  resume(): Promise<void>;
  suspend(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Callback buffer when no latency is asked for: 4096 frames (85 ms at 48 kHz) leaves ~83 ms
 * of slack for the main thread (a reload, a garbage collection, a busy second core) before a
 * buffer is late. Live coding hears saves, not keystrokes, so safety wins over latency (2048
 * frames still lost a buffer now and then on the 2-core build machine with the other core
 * busy); `--latency` trades it back.
 */
const DEFAULT_BUFFER = 4096;

/** Output buffer sizes a ScriptProcessorNode accepts. */
const BUFFER_SIZES = [256, 512, 1024, 2048, 4096, 8192, 16384];

/**
 * Callback buffer for a latency target: the smallest allowed size covering it.
 *
 * @param latency Seconds, or undefined for the default (4096 frames).
 * @param sampleRate Hz.
 * @returns Frames per callback.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(bufferSizeFor(0.005, 48000), 256);
 * assert.equal(bufferSizeFor(0.03, 48000), 2048);
 * assert.equal(bufferSizeFor(undefined, 48000), 4096);
 * ```
 */
export function bufferSizeFor(latency: number | undefined, sampleRate: number): number {
  if (latency === undefined) return DEFAULT_BUFFER;
  const frames = latency * sampleRate;
  return BUFFER_SIZES.find((size) => size >= frames) ?? BUFFER_SIZES[BUFFER_SIZES.length - 1];
}

/** The audio device (or null sink) fed by the engine. */
export class RealtimeOutput {
  /** The output's sample rate in Hz (an attached engine must match it). */
  readonly sampleRate: number;
  /** Frames the engine renders per audio callback. */
  readonly bufferSize: number;
  /** Which sink is playing, after any fallback. */
  readonly sink: SinkChoice;
  /** Why the default device could not be used, when it fell back to the null sink. */
  readonly fallbackReason: string | undefined;
  #ctx: AudioContextLike;
  #node: ScriptProcessorLike;
  #engine: Engine | undefined;
  #recorders = new Set<BufferSink>();
  #stats: RealtimeStats = {
    underruns: 0,
    deviceUnderruns: 0,
    deviceUnderrunSeconds: 0,
    load: 0,
    frames: 0,
    lastUnderrun: undefined,
  };
  #outputs: Float32Array[] = [];

  private constructor(
    ctx: AudioContextLike,
    sink: SinkChoice,
    fallbackReason: string | undefined,
    bufferSize: number,
    channels: number,
  ) {
    this.#ctx = ctx;
    this.sink = sink;
    this.fallbackReason = fallbackReason;
    this.sampleRate = ctx.sampleRate;
    this.bufferSize = bufferSize;
    this.#node = ctx.createScriptProcessor(bufferSize, 1, channels);
    this.#node.onaudioprocess = (event) => this.#process(event, channels);
    this.#node.connect(ctx.destination);
  }

  /**
   * Opens the output. With `sink: "default"` and no usable device, it falls back to the null
   * sink and says why in {@linkcode fallbackReason} (the caller prints it) instead of failing.
   *
   * @param options Sink, latency, sample rate, channels.
   * @returns The output, paused until {@linkcode attach}.
   */
  static async open(options: RealtimeOptions = {}): Promise<RealtimeOutput> {
    const { AudioContext, mediaDevices } = await import("node-web-audio-api");
    const sampleRate = options.sampleRate ?? 48000;
    const bufferSize = bufferSizeFor(options.latency, sampleRate);
    const latencyHint = options.latency ?? "playback";
    const channels = options.channels ?? 2;
    const nullSink = () =>
      new AudioContext(
        { sinkId: { type: "none" }, sampleRate, latencyHint } as never,
      ) as unknown as AudioContextLike;
    let ctx: AudioContextLike;
    let sink: SinkChoice = options.sink ?? "default";
    let reason: string | undefined;
    if (sink === "none") {
      ctx = nullSink();
    } else {
      reason = await missingDeviceReason(mediaDevices);
      if (reason === undefined) {
        try {
          ctx = new AudioContext(
            { sampleRate, latencyHint } as never,
          ) as unknown as AudioContextLike;
        } catch (error) {
          reason = `the audio device could not be opened (${
            error instanceof Error ? error.message : String(error)
          })`;
        }
      }
      if (reason !== undefined) {
        sink = "none";
        ctx = nullSink();
      }
    }
    // Hold the clock until an engine is attached, so loading the session (which keeps the
    // main thread busy) is not counted as late callbacks.
    await ctx!.suspend();
    return new RealtimeOutput(ctx!, sink, reason, bufferSize, channels);
  }

  /**
   * Starts the output, rendering `engine` into it (its sample rate must match).
   *
   * @param engine The engine.
   */
  async attach(engine: Engine): Promise<void> {
    if (engine.config.sampleRate !== this.sampleRate) {
      throw new RangeError(
        `Cannot play an engine at ${engine.config.sampleRate} Hz on an output at ${this.sampleRate} Hz; create the engine with the output's rate`,
      );
    }
    this.#engine = engine;
    await this.#ctx.resume();
  }

  /**
   * Adds a sink that receives exactly what is sent to the output (e.g. a WAV recorder).
   *
   * @param sink The receiver.
   * @returns A function that removes it.
   */
  addRecorder(sink: BufferSink): () => void {
    this.#recorders.add(sink);
    return () => this.#recorders.delete(sink);
  }

  /** Counters since the output opened. */
  get stats(): Readonly<RealtimeStats> {
    const device = this.#ctx.playbackStats;
    this.#stats.deviceUnderruns = device?.underrunEvents ?? 0;
    this.#stats.deviceUnderrunSeconds = device?.underrunDuration ?? 0;
    return this.#stats;
  }

  /** Seconds of audio the output has played. */
  get currentTime(): number {
    return this.#ctx.currentTime;
  }

  /** Stops the callbacks and closes the device. */
  async close(): Promise<void> {
    this.#node.onaudioprocess = null;
    this.#node.disconnect();
    await this.#ctx.close();
  }

  #process(event: AudioProcessingEventLike, channels: number): void {
    const started = performance.now();
    const outputs = this.#outputs;
    if (outputs.length === 0) {
      for (let c = 0; c < channels; c++) outputs.push(event.outputBuffer.getChannelData(c));
    }
    const frames = this.bufferSize;
    const engine = this.#engine;
    if (engine === undefined) {
      for (const out of outputs) out.fill(0);
    } else {
      engine.process(outputs, frames);
    }
    for (const recorder of this.#recorders) recorder.write(outputs, frames);
    // The buffer goes back when this returns: late if its period has begun by then.
    const now = this.#ctx.currentTime;
    if (now >= event.playbackTime) {
      this.#stats.underruns++;
      this.#stats.lastUnderrun = { time: now, lateMs: (now - event.playbackTime) * 1000 };
    }
    this.#stats.frames += frames;
    const budgetMs = (frames / this.sampleRate) * 1000;
    const load = (performance.now() - started) / budgetMs;
    this.#stats.load += (load - this.#stats.load) * 0.1;
  }
}

/** Why there is no output device to open, or undefined when there seems to be one. */
async function missingDeviceReason(mediaDevices: unknown): Promise<string | undefined> {
  try {
    const devices =
      await (mediaDevices as { enumerateDevices(): Promise<{ kind: string; label: string }[]> })
        .enumerateDevices();
    const outputs = devices.filter((d) =>
      d.kind === "audiooutput" && !/discard all samples/i.test(d.label)
    );
    return outputs.length === 0 ? "no audio output device was found" : undefined;
  } catch {
    return undefined;
  }
}
