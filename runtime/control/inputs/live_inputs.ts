/**
 * The knob inputs of `deno task live`: the OSC server (`--osc-port`, `--osc-host`) and the MIDI
 * input (`--midi`), started with the engine, reporting what they drop at most every few
 * seconds, and closed with it. Neither can stop the music: an OSC port that cannot be bound is
 * reported and left off, a MIDI device that goes away is opened again when it is back.
 * @module
 */

import { UsageError, userPath } from "../../cli/flags.ts";
import { DEFAULT_HOST, isLoopback } from "../control_protocol.ts";
import { MidiInput } from "./midi_input.ts";
import { DEFAULT_OSC_PORT, OscServer } from "./osc_server.ts";

/** What `live` asked for. */
export interface LiveInputOptions {
  /** The OSC address, or `undefined` for no OSC. */
  osc: { host: string; port: number } | undefined;
  /** The MIDI device, FIFO or file, or `undefined` for no MIDI. */
  midi: string | undefined;
  /** Progress lines. */
  say: (message: string) => void;
  /** Problems. */
  shout: (message: string) => void;
}

/**
 * Reads `--osc-port`, `--osc-host` and `--midi`.
 *
 * @param values The parsed flags.
 * @returns The inputs' part of the live options.
 * @throws {UsageError} For a bad port, or `--osc-host` without `--osc-port`.
 */
export function inputOptions(
  values: { "osc-port"?: string; "osc-host"?: string; midi?: string },
): Pick<LiveInputOptions, "osc" | "midi"> {
  const midi = values.midi === undefined ? undefined : userPath(values.midi);
  const text = values["osc-port"];
  if (text === undefined) {
    if (values["osc-host"] !== undefined) {
      throw new UsageError(`--osc-host needs --osc-port (e.g. --osc-port ${DEFAULT_OSC_PORT})`);
    }
    return { osc: undefined, midi };
  }
  const port = Number(text);
  if (!(text.trim() !== "" && Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new UsageError(`--osc-port must be a whole number in 0..65535, got '${text}'`);
  }
  return { osc: { host: values["osc-host"] ?? DEFAULT_HOST, port }, midi };
}

/** How often dropped OSC messages and refused MIDI bytes are reported, at most, in ms. */
export const REPORT_EVERY_MS = 5000;

/** The running inputs. */
export class LiveInputs {
  readonly #osc: OscServer | undefined;
  readonly #midi: MidiInput | undefined;
  readonly #say: (message: string) => void;
  #lastReport = -Infinity;
  #oscDropped = 0;
  #midiSkipped = 0;
  #midiRejected = 0;

  private constructor(
    osc: OscServer | undefined,
    midi: MidiInput | undefined,
    say: (message: string) => void,
  ) {
    this.#osc = osc;
    this.#midi = midi;
    this.#say = say;
  }

  /**
   * Starts what the options ask for.
   *
   * @param options Addresses and where to report.
   * @returns The inputs (with nothing running when nothing was asked for).
   */
  static async start(options: LiveInputOptions): Promise<LiveInputs> {
    const { say, shout } = options;
    let osc: OscServer | undefined;
    if (options.osc !== undefined) {
      const { host, port } = options.osc;
      try {
        osc = await OscServer.start({ host, port });
        if (!isLoopback(host)) {
          shout(
            `lel: warning: OSC listens on ${host}:${osc.port}, reachable from other machines; ` +
              `anyone there can move every knob (OSC has no password)`,
          );
        }
        say(`lel: OSC on ${host}:${osc.port} (udp): /lel/knob/<name> <value> sets a knob`);
      } catch (error) {
        const code = (error as { code?: string }).code;
        shout(
          code === "EADDRINUSE"
            ? `lel: OSC port ${port} is in use (another program listening?); OSC is off for ` +
              `this run (pick another with --osc-port)`
            : `lel: no OSC (it is off for this run): ${(error as Error).message}`,
        );
      }
    }
    const midi = options.midi === undefined
      ? undefined
      : MidiInput.start(options.midi, { log: say, warn: shout });
    return new LiveInputs(osc, midi, say);
  }

  /** The OSC server, when it runs. */
  get osc(): OscServer | undefined {
    return this.#osc;
  }

  /** The MIDI input, when it runs. */
  get midi(): MidiInput | undefined {
    return this.#midi;
  }

  /**
   * Reports what was dropped since the last report, at most every {@linkcode REPORT_EVERY_MS}.
   *
   * @param now `performance.now()`, in ms.
   */
  tick(now: number): void {
    if (now - this.#lastReport < REPORT_EVERY_MS) return;
    const lines: string[] = [];
    if (this.#osc !== undefined && this.#osc.dropped > this.#oscDropped) {
      const s = this.#osc.stats;
      lines.push(
        `osc: dropped ${this.#osc.dropped - this.#oscDropped} (in all: ${s.malformed} malformed, ` +
          `${s.oversize} oversize, ${s.unknownAddress} to another address, ${s.unknownKnob} ` +
          `to an undefined knob, ${s.badArguments} with wrong arguments); the latest: ` +
          `${s.lastDrop}`,
      );
      this.#oscDropped = this.#osc.dropped;
    }
    if (this.#midi !== undefined) {
      const { parser, knobs } = this.#midi.stats;
      if (parser.skipped > this.#midiSkipped) {
        lines.push(`midi: skipped ${parser.skipped - this.#midiSkipped} byte(s) that are not MIDI`);
        this.#midiSkipped = parser.skipped;
      }
      if (knobs.ccRejected > this.#midiRejected) {
        lines.push(
          `midi: ${knobs.ccRejected - this.#midiRejected} control change(s) refused: ` +
            `${knobs.lastError}`,
        );
        this.#midiRejected = knobs.ccRejected;
      }
    }
    if (lines.length === 0) return;
    this.#lastReport = now;
    for (const line of lines) this.#say(line);
  }

  /** Stops both. */
  async close(): Promise<void> {
    await Promise.all([this.#osc?.close(), this.#midi?.close()]);
  }
}

/**
 * Checks that a `--midi` path exists before `live` starts, so a typo is an error rather than a
 * silent input (once running, a device that goes away is waited for).
 *
 * @param path The `--midi` argument.
 * @returns The problem, or `undefined` when the path exists.
 */
export async function midiPathProblem(path: string): Promise<string | undefined> {
  try {
    await Deno.stat(path);
    return undefined;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return `MIDI device not found: ${path}; \`ls /dev/snd/midi*\` (or \`amidi -l\`) lists ` +
        `the connected ones, and a FIFO made with mkfifo works too`;
    }
    return `Cannot use MIDI device ${path}: ${(error as Error).message}`;
  }
}
