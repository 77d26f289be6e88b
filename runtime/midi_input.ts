/**
 * The `--midi DEVICE` input: reads raw MIDI bytes from a Linux rawmidi device
 * (`/dev/snd/midiC1D0`), a FIFO or a plain file, and applies them to the knob store.
 *
 * What is read, and when it is opened again:
 * - a **FIFO** is opened for reading and writing when the user may (on Linux that open never
 *   waits for a writer, and the input never sees an end of file, so writers may come and go);
 *   otherwise for reading only, and opened again each time its writer closes it;
 * - a **device** (rawmidi) is read until it fails (unplugged), then opened again every
 *   `retryMs` until it is back;
 * - a **plain file** is read once to its end.
 * @module
 */

import { MidiParser, type MidiParserStats } from "./midi.ts";
import { MidiKnobs, type MidiKnobStats } from "./midi_knobs.ts";

/** Options for {@linkcode MidiInput.start}; every field is optional. */
export interface MidiInputOptions {
  /** Milliseconds between attempts to open a device that is missing or failed. @default {1000} */
  retryMs?: number;
  /**
   * Open a FIFO read-only and reopen it when its writer closes, even when it could be held
   * open for reading and writing. @default {false}
   */
  reopenFifo?: boolean;
  /** Receives progress lines (opened, finished). @default {nothing} */
  log?: (message: string) => void;
  /** Receives problems (cannot open, read failed). @default {the `log` option} */
  warn?: (message: string) => void;
}

/** What the input has done. */
export interface MidiInputStats {
  bytes: number;
  /** Times the source was opened (1 after the first). */
  opens: number;
  parser: Readonly<MidiParserStats>;
  knobs: Readonly<MidiKnobStats>;
}

type Kind = "fifo" | "device" | "file";

/** A running MIDI input. */
export class MidiInput {
  readonly #path: string;
  readonly #retryMs: number;
  readonly #reopenFifo: boolean;
  readonly #log: (message: string) => void;
  readonly #warn: (message: string) => void;
  readonly #parser = new MidiParser();
  readonly #knobs = new MidiKnobs();
  #bytes = 0;
  #opens = 0;
  #closed = false;
  #file: Deno.FsFile | undefined;
  /** Set while a read-only open of a FIFO waits for a writer. */
  #waitingFifo = false;
  #unblock: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #loop: Promise<void> | undefined;

  private constructor(path: string, options: MidiInputOptions) {
    this.#path = path;
    this.#retryMs = options.retryMs ?? 1000;
    this.#reopenFifo = options.reopenFifo ?? false;
    this.#log = options.log ?? (() => {});
    this.#warn = options.warn ?? this.#log;
  }

  /**
   * Starts reading `path` in the background.
   *
   * @param path A rawmidi device, FIFO or file.
   * @param options Retry interval, FIFO mode and where to log.
   * @returns The input; {@linkcode MidiInput.close} stops it.
   */
  static start(path: string, options: MidiInputOptions = {}): MidiInput {
    const input = new MidiInput(path, options);
    input.#loop = input.#run();
    return input;
  }

  /** Counts so far. */
  get stats(): MidiInputStats {
    return {
      bytes: this.#bytes,
      opens: this.#opens,
      parser: this.#parser.stats,
      knobs: this.#knobs.stats,
    };
  }

  /** Stops reading and closes the source. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#wake?.();
    if (this.#waitingFifo) this.#unblock = unblockFifo(this.#path);
    try {
      this.#file?.close(); // Cancels a pending read.
    } catch {
      // Already closed.
    }
    await this.#loop;
    await this.#unblock;
  }

  async #run(): Promise<void> {
    let complained = false;
    const buf = new Uint8Array(4096);
    while (!this.#closed) {
      let kind: Kind;
      try {
        kind = await kindOf(this.#path);
        this.#file = await this.#open(kind);
      } catch (error) {
        if (this.#closed) break;
        if (!complained) {
          this.#warn(
            `midi: cannot open ${this.#path}: ${(error as Error).message}; ` +
              `trying again every ${this.#retryMs / 1000} s`,
          );
          complained = true;
        }
        await this.#sleep(this.#retryMs);
        continue;
      }
      if (this.#closed) {
        await this.#unblock;
        this.#file.close();
        break;
      }
      this.#opens++;
      if (this.#opens === 1 || complained) this.#log(`midi: reading ${this.#path} (${kind})`);
      complained = false;
      let failed = false;
      try {
        while (!this.#closed) {
          const n = await this.#file.read(buf);
          if (n === null) break;
          this.#bytes += n;
          this.#parser.push(buf.subarray(0, n), (m) => this.#knobs.apply(m));
        }
      } catch (error) {
        if (!this.#closed) {
          this.#warn(`midi: reading ${this.#path} failed: ${(error as Error).message}`);
          failed = true;
        }
      } finally {
        try {
          this.#file.close();
        } catch {
          // Closed by close().
        }
        this.#file = undefined;
      }
      if (kind === "file" && !failed) {
        this.#log(`midi: read ${this.#path} to its end (${this.#bytes} bytes)`);
        break;
      }
      // A FIFO whose writer left is opened again at once (the open waits for the next one).
      if (kind !== "fifo" || failed) await this.#sleep(this.#retryMs);
    }
  }

  async #open(kind: Kind): Promise<Deno.FsFile> {
    if (kind !== "fifo") return await Deno.open(this.#path, { read: true });
    if (!this.#reopenFifo) {
      try {
        return await Deno.open(this.#path, { read: true, write: true });
      } catch (error) {
        if (!(error instanceof Deno.errors.PermissionDenied)) throw error;
      }
    }
    this.#waitingFifo = true;
    try {
      return await Deno.open(this.#path, { read: true });
    } finally {
      this.#waitingFifo = false;
    }
  }

  #sleep(ms: number): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }
}

async function kindOf(path: string): Promise<Kind> {
  const info = await Deno.stat(path);
  if (info.isFifo) return "fifo";
  if (info.isFile) return "file";
  return "device";
}

/**
 * A read-only open of a FIFO waits for a writer and cannot be cancelled: be that writer for a
 * moment, so it returns and the input can close.
 */
async function unblockFifo(path: string): Promise<void> {
  try {
    const writer = await Deno.open(path, { write: true });
    writer.close();
  } catch {
    // Gone: nothing waits.
  }
}
