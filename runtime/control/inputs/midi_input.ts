/**
 * The `--midi DEVICE` input: reads raw MIDI bytes from a Linux rawmidi device
 * (`/dev/snd/midiC1D0`), a FIFO or a plain file, and applies them to the knob store.
 *
 * What is read, and when it is opened again:
 * - a **FIFO** is opened for reading and writing when the user may (on Linux that open never
 *   waits for a writer, and the input never sees an end of file, so writers may come and go);
 *   otherwise for reading only, and opened again each time its writer closes it (then a writer
 *   that opens, writes and closes in the instant between one writer's close and the reopen has
 *   its bytes read only when the next writer opens: a FIFO cannot tell the reopen it came);
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
  /** Bytes read from the source since it was started. */
  bytes: number;
  /** Times the source was opened (1 after the first). */
  opens: number;
  /** What the MIDI parser made of those bytes (messages, SysEx and bytes skipped). */
  parser: Readonly<MidiParserStats>;
  /** What the messages did to knobs (CCs applied, unmapped or refused; notes). */
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
  /** A read-only open of a FIFO, waiting for a writer. */
  #opening: Promise<Deno.FsFile> | undefined;
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
    if (this.#opening !== undefined) this.#unblock = unblockFifo(this.#path, this.#opening);
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
    // A FIFO at its end of file stays open until it is open again: while some reader holds it,
    // what the next writer writes stays in the pipe instead of being thrown away.
    let previous: Deno.FsFile | undefined;
    while (!this.#closed) {
      let kind: Kind;
      let file: Deno.FsFile;
      try {
        kind = await kindOf(this.#path);
        file = await this.#open(kind);
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
      } finally {
        closeQuietly(previous);
        previous = undefined;
      }
      if (this.#closed) {
        file.close();
        break;
      }
      this.#file = file;
      this.#opens++;
      if (this.#opens === 1 || complained) this.#log(`midi: reading ${this.#path} (${kind})`);
      complained = false;
      let ended = false;
      try {
        while (!this.#closed) {
          const n = await file.read(buf);
          if (n === null) {
            ended = true;
            break;
          }
          this.#bytes += n;
          this.#parser.push(buf.subarray(0, n), (m) => this.#knobs.apply(m));
        }
      } catch (error) {
        if (!this.#closed) {
          this.#warn(`midi: reading ${this.#path} failed: ${(error as Error).message}`);
        }
      }
      this.#file = undefined;
      if (ended && kind === "fifo" && !this.#closed) {
        previous = file; // Its writer left: open it again at once (the open waits for the next).
        continue;
      }
      closeQuietly(file);
      if (ended && kind === "file") {
        this.#log(`midi: read ${this.#path} to its end (${this.#bytes} bytes)`);
        break;
      }
      await this.#sleep(this.#retryMs);
    }
    closeQuietly(previous);
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
    if (this.#closed) throw new Deno.errors.Interrupted("closed");
    this.#opening = Deno.open(this.#path, { read: true });
    try {
      return await this.#opening;
    } finally {
      this.#opening = undefined;
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
 * A read-only open of a FIFO waits for a writer and cannot be cancelled: be that writer until
 * the open has returned, so the input can close.
 */
async function unblockFifo(path: string, opening: Promise<Deno.FsFile>): Promise<void> {
  let writer: Deno.FsFile | undefined;
  try {
    writer = await Deno.open(path, { write: true });
    await opening.catch(() => {});
  } catch {
    // Gone: nothing waits.
  } finally {
    closeQuietly(writer);
  }
}

function closeQuietly(file: Deno.FsFile | undefined): void {
  try {
    file?.close();
  } catch {
    // Already closed (by close(), to cancel a read).
  }
}
