/**
 * The engine's voices: every registered signal as it plays, in mixing order. Swapping a new
 * generation in (at once, or crossfading from the old code), mute and solo, the fault that
 * mutes a misbehaving signal alone, and freeing what finished fading out.
 * @module
 */

import { type Binding, dropGhost, makeGhost, unbind } from "./binding.ts";
import { formatLocation, type SourceLocation, userLocation } from "./diagnostics/location.ts";
import type { Fault } from "./fault.ts";
import { logger } from "./log.ts";
import { zeroBlock } from "./pool.ts";
import type { SignalStateTable } from "./signal_state.ts";
import type { Voice } from "./voice.ts";

/** Level statistics for one signal or the master bus since the last reset. */
export interface LevelStats {
  /** Largest absolute sample. */
  peak: number;
  /** Root mean square over all channels and frames. */
  rms: number;
}

/** What one signal is doing now. */
export interface SignalInfo {
  /** The name it was registered under. */
  name: string;
  /** `playing`, `muted` (by mute or solo), `fading` (in or out), or `faulted`. */
  status: "playing" | "muted" | "fading" | "faulted";
  /** Where the signal came from (a session file path, `repl`, or `api`). */
  origin: string;
  /** Muted by `mute()` or another signal's `solo()` (even while the fade is still running). */
  muted: boolean;
}

/** Faults kept for {@linkcode VoiceTable.faults} (the oldest are dropped). */
const MAX_FAULTS = 1000;

/** The voices of one engine, and the state table their bindings slice. */
export class VoiceTable {
  /** Every voice by name, in mixing order. */
  readonly voices = new Map<string, Voice>();
  /** The `s.state` slices their bindings use. */
  readonly states: SignalStateTable;
  /** Faults so far, oldest first. */
  readonly faults: Fault[] = [];
  #solo = new Set<string>();
  #listeners = new Set<(fault: Fault) => void>();

  /** @param states The engine's signal state table. */
  constructor(states: SignalStateTable) {
    this.states = states;
  }

  /**
   * The voice playing as `name`.
   *
   * @param name Signal name.
   * @param verb What is asked of it, for the message.
   * @returns The voice.
   * @throws {RangeError} When no such signal plays (or it is fading out).
   */
  find(name: string, verb: string): Voice {
    const voice = this.voices.get(name);
    if (voice === undefined || voice.removing) {
      const names = [...this.voices.keys()].join(", ") || "none";
      throw new RangeError(`Cannot ${verb} '${name}': no such signal (playing: ${names})`);
    }
    return voice;
  }

  /**
   * Plays only the named signals (none: ends the solo).
   *
   * @param names Signals to hear.
   * @throws {RangeError} For an unknown name.
   */
  solo(names: readonly string[]): void {
    for (const name of names) this.find(name, "solo");
    this.#solo = new Set(names);
  }

  /**
   * The gain a voice is fading towards: 0 when removed, muted or soloed out, else 1.
   *
   * @param voice The voice.
   * @returns 0 or 1.
   */
  target(voice: Voice): number {
    if (voice.removing || voice.muted) return 0;
    if (this.#solo.size > 0 && !this.#solo.has(voice.name)) return 0;
    return 1;
  }

  /**
   * The signals, in mixing order.
   *
   * @returns Name, status and origin of each.
   */
  info(): SignalInfo[] {
    return [...this.voices.values()].map((v) => ({
      name: v.name,
      origin: v.origin,
      status: this.#status(v),
      muted: !v.removing && this.target(v) === 0,
    }));
  }

  #status(v: Voice): SignalInfo["status"] {
    if (v.faulted) return "faulted";
    const target = this.target(v);
    if (v.gain !== target || v.xfade < 1) return "fading";
    return target === 0 ? "muted" : "playing";
  }

  /**
   * Makes a binding the voice of its signal: a new voice fades in; a changed one swaps at
   * once (same signature, or silent, or faulted) or crossfades from the old generation.
   *
   * @param binding The new generation.
   * @param origin Where it came from.
   */
  install(binding: Binding, origin: string): void {
    const voice = this.voices.get(binding.name);
    if (voice === undefined) {
      this.voices.set(binding.name, {
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
    if (voice.ghost !== undefined) this.endGhost(voice);
    if (voice.faulted || voice.gain === 0 || old.signature === binding.signature) {
      if (voice.faulted) voice.gain = 0;
      voice.faulted = false;
      unbind(old, this.states);
      return;
    }
    const ghost = makeGhost(old, binding);
    if (ghost === undefined) {
      unbind(old, this.states);
      return;
    }
    voice.ghost = ghost;
    voice.xfade = 0;
  }

  /**
   * Ends a voice's crossfade: the previous generation is released.
   *
   * @param voice The voice.
   */
  endGhost(voice: Voice): void {
    const ghost = voice.ghost;
    if (ghost === undefined) return;
    voice.ghost = undefined;
    voice.xfade = 1;
    dropGhost(ghost, this.states);
  }

  /** Frees what finished fading out. */
  sweep(): void {
    for (const voice of this.voices.values()) {
      if (voice.removing && voice.gain === 0) {
        this.voices.delete(voice.name);
        this.#solo.delete(voice.name);
        if (voice.ghost !== undefined) this.endGhost(voice);
        unbind(voice.binding, this.states);
      }
    }
  }

  /** Stops every voice at once and releases their state (no fade). */
  dispose(): void {
    for (const voice of this.voices.values()) {
      if (voice.ghost !== undefined) this.endGhost(voice);
      unbind(voice.binding, this.states);
    }
    this.voices.clear();
    this.#solo.clear();
  }

  /**
   * Mutes a voice for misbehaving: its state is reset and the fault reported once (logged, kept
   * and passed to every listener).
   *
   * @param voice The voice.
   * @param reason What it did (`threw TypeError: …`, `produced NaN`).
   * @param error What it threw, for the location.
   * @param time Engine time, in seconds.
   */
  fault(voice: Voice, reason: string, error: unknown, time: number): void {
    voice.faulted = true;
    voice.gain = 0;
    if (voice.ghost !== undefined) this.endGhost(voice);
    for (const block of voice.binding.scope.blocks) zeroBlock(block);
    voice.binding.slice.view.fill(0);
    const thrownAt = error instanceof Error ? userLocation(error.stack) : undefined;
    const loc: SourceLocation | undefined = thrownAt ?? voice.binding.site;
    const location = loc === undefined ? undefined : formatLocation(loc);
    const message = `signal '${voice.name}' ${reason}` +
      (location === undefined ? "" : ` (${location})`) +
      `; muted until it is registered again`;
    const fault: Fault = { signal: voice.name, reason, location, time, message };
    this.faults.push(fault);
    if (this.faults.length > MAX_FAULTS) this.faults.shift();
    logger().error(message);
    for (const listener of this.#listeners) listener(fault);
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
   * Each voice's peak and RMS since the last call; resets them.
   *
   * @param frames Frames metered since then.
   * @param channels Output channels.
   * @returns Peak and RMS by signal name.
   */
  takeLevels(frames: number, channels: number): Record<string, LevelStats> {
    const signals: Record<string, LevelStats> = {};
    const n = Math.max(1, frames);
    for (const v of this.voices.values()) {
      signals[v.name] = { peak: v.peak, rms: Math.sqrt(v.sumSquares / (n * channels)) };
      v.peak = 0;
      v.sumSquares = 0;
    }
    return signals;
  }
}
