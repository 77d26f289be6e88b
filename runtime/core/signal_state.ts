/**
 * Per-signal `s.state` slices: `SLOTS_PER_SIGNAL` doubles each, kept by signal name.
 *
 * This is the user's own sandbox, separate from the helpers' pool so neither can exhaust the
 * other. Slices are views into fixed chunks that never move, so a slice handed out stays valid;
 * freed slices are zeroed and reused, and a new chunk is added only when every slice is taken,
 * so a long session may use any number of distinct names over time.
 * @module
 */

/** Doubles in each signal's `s.state`. */
export const SLOTS_PER_SIGNAL = 64;

/** Slices per chunk. */
const SLICES_PER_CHUNK = 64;

/** One signal's slice and how many bindings hold it. */
export interface StateSlice {
  readonly name: string;
  readonly view: Float64Array;
  refs: number;
}

/** Hands out `s.state` slices by name. */
export class SignalStateTable {
  #byName = new Map<string, StateSlice>();
  #free: Float64Array[] = [];
  #chunks = 0;

  /**
   * The slice for `name`, claimed once more (created zeroed if new).
   *
   * @param name Signal name.
   * @returns The slice (its `view` is `s.state`).
   */
  claim(name: string): StateSlice {
    let slice = this.#byName.get(name);
    if (slice === undefined) {
      slice = { name, view: this.#takeView(), refs: 0 };
      this.#byName.set(name, slice);
    }
    slice.refs++;
    return slice;
  }

  /**
   * Lets go of one hold; at zero the slice is zeroed and returned for reuse.
   *
   * @param slice A slice from {@linkcode claim}.
   */
  release(slice: StateSlice): void {
    if (slice.refs <= 0) return;
    slice.refs--;
    if (slice.refs > 0) return;
    if (this.#byName.get(slice.name) === slice) this.#byName.delete(slice.name);
    slice.view.fill(0);
    this.#free.push(slice.view);
  }

  /** Number of slices held. */
  get size(): number {
    return this.#byName.size;
  }

  /** Doubles allocated across all chunks (held or free). */
  get capacity(): number {
    return this.#chunks * SLICES_PER_CHUNK * SLOTS_PER_SIGNAL;
  }

  #takeView(): Float64Array {
    const view = this.#free.pop();
    if (view !== undefined) return view;
    const chunk = new Float64Array(SLICES_PER_CHUNK * SLOTS_PER_SIGNAL);
    this.#chunks++;
    for (let i = SLICES_PER_CHUNK - 1; i > 0; i--) {
      this.#free.push(chunk.subarray(i * SLOTS_PER_SIGNAL, (i + 1) * SLOTS_PER_SIGNAL));
    }
    return chunk.subarray(0, SLOTS_PER_SIGNAL);
  }
}
