/**
 * The `--osc-port` server: OSC 1.0 over UDP that sets knobs.
 *
 * Addresses:
 * - `/lel/knob/<name> <number>` sets the knob in its own units (clamped to its range);
 * - `/lel/knob/<name>/norm <0..1>` sets it through its curve (a defined knob with a range).
 *
 * The number may be `f`, `i`, `d` or `h`; `T` and `F` are 1 and 0. Messages inside bundles
 * are applied at once, in order (time tags are not scheduled). A datagram over
 * `maxPacketBytes`, one that is not valid OSC, a message to another address, one to a knob
 * no session defines (OSC follows the knob store's rule for outside inputs: it never makes a
 * knob, see `core/knobs.ts`) and one with the wrong arguments are dropped and counted in
 * {@linkcode OscServer.stats}, the latest with its reason; nothing a sender does can stop
 * the server. Bound to loopback unless told otherwise: anyone who can reach the
 * port can move every knob (OSC has no authentication).
 * @module
 */

import dgram from "node:dgram";
import { isKnobName } from "../../core/knob_spec.ts";
import { checkKnobDefined, setKnob } from "../../core/knobs.ts";
import { setKnobNormalized } from "../../core/knob_position.ts";
import { decodeOsc, type OscMessage, oscMessages } from "./osc.ts";

/** The port SuperCollider's language listens on, which controllers often default to. */
export const DEFAULT_OSC_PORT = 57120;

/** The largest datagram read, in bytes; knob messages are a few dozen. */
export const DEFAULT_MAX_OSC_PACKET_BYTES = 8192;

/** Options for {@linkcode OscServer.start}; every field is optional. */
export interface OscServerOptions {
  /** Address to bind. @default {"127.0.0.1"} */
  host?: string;
  /** UDP port; 0 picks a free one. @default {57120} */
  port?: number;
  /** Larger datagrams are dropped unread. @default {8192} */
  maxPacketBytes?: number;
}

/** What the server has received and what it did with it. */
export interface OscStats {
  /** Datagrams received. */
  packets: number;
  /** Knob changes made. */
  applied: number;
  /** Datagrams over the size limit. */
  oversize: number;
  /** Datagrams that are not valid OSC. */
  malformed: number;
  /** Messages to an address other than `/lel/knob/<name>[/norm]` with a valid knob name. */
  unknownAddress: number;
  /** Messages to `/lel/knob/<name>[/norm]` where no session defines a knob of that name. */
  unknownKnob: number;
  /** Messages to a knob address whose arguments are not one number (or the knob refused it). */
  badArguments: number;
  /** Why the latest datagram or message was dropped. */
  lastDrop: string | undefined;
}

const KNOB = /^\/lel\/knob\/([^/]+)(\/norm)?$/;

/**
 * Applies one OSC message to the knob store.
 *
 * @param message A decoded message.
 * @param stats Counters to update.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineKnob, getKnob } from "../../core/knobs.ts";
 * defineKnob("doc.osc", { min: 0, max: 10 });
 * const stats = newOscStats();
 * applyOscMessage({ kind: "message", address: "/lel/knob/doc.osc", args: [{ type: "i", value: 4 }] }, stats);
 * applyOscMessage({ kind: "message", address: "/other", args: [] }, stats);
 * assert.equal(getKnob("doc.osc")!.value, 4);
 * assert.equal(stats.unknownAddress, 1);
 * ```
 */
export function applyOscMessage(message: OscMessage, stats: OscStats): void {
  const match = KNOB.exec(message.address);
  if (match === null || !isKnobName(match[1])) {
    stats.unknownAddress++;
    stats.lastDrop = `no such address '${message.address}' (use /lel/knob/<name> with a ` +
      `knob name, or /lel/knob/<name>/norm)`;
    return;
  }
  const [, name, norm] = match;
  const arg = message.args.length === 1 ? message.args[0] : undefined;
  const value = arg === undefined || arg.type === "s"
    ? undefined
    : arg.type === "T" || arg.type === "F"
    ? (arg.value ? 1 : 0)
    : Number(arg.value);
  if (value === undefined) {
    stats.badArguments++;
    stats.lastDrop = `${message.address} takes one number, got ${
      message.args.length === 0 ? "none" : `'${message.args.map((a) => a.type).join("")}'`
    }`;
    return;
  }
  try {
    checkKnobDefined(name);
  } catch (error) {
    stats.unknownKnob++;
    stats.lastDrop = (error as Error).message;
    return;
  }
  try {
    if (norm === undefined) setKnob(name, value);
    else setKnobNormalized(name, value);
    stats.applied++;
  } catch (error) {
    stats.badArguments++;
    stats.lastDrop = (error as Error).message;
  }
}

/**
 * Fresh counters, all zero.
 *
 * @returns Stats to pass to {@linkcode applyOscMessage}.
 */
export function newOscStats(): OscStats {
  return {
    packets: 0,
    applied: 0,
    oversize: 0,
    malformed: 0,
    unknownAddress: 0,
    unknownKnob: 0,
    badArguments: 0,
    lastDrop: undefined,
  };
}

/** A running OSC server. */
export class OscServer {
  readonly #socket: dgram.Socket;
  readonly #stats = newOscStats();
  readonly #host: string;
  #closed = false;

  private constructor(socket: dgram.Socket, host: string, maxPacketBytes: number) {
    this.#socket = socket;
    this.#host = host;
    socket.on("message", (bytes: Uint8Array) => this.#receive(bytes, maxPacketBytes));
  }

  /**
   * Binds the UDP port and starts applying what arrives.
   *
   * @param options Address, port and size limit.
   * @returns The server.
   * @throws {Error} When the port cannot be bound (`code` is e.g. `EADDRINUSE`).
   */
  static start(options: OscServerOptions = {}): Promise<OscServer> {
    const host = options.host ?? "127.0.0.1";
    const port = options.port ?? DEFAULT_OSC_PORT;
    const maxPacketBytes = options.maxPacketBytes ?? DEFAULT_MAX_OSC_PACKET_BYTES;
    if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) {
      return Promise.reject(
        new RangeError(`Cannot start the OSC server: port must be 0..65535, got ${port}`),
      );
    }
    const socket = dgram.createSocket(host.includes(":") ? "udp6" : "udp4");
    return new Promise((resolve, reject) => {
      const failed = (error: Error) => {
        socket.close();
        reject(error);
      };
      socket.once("error", failed);
      socket.bind(port, host.replace(/^\[(.*)\]$/, "$1"), () => {
        socket.off("error", failed);
        // A send error from the OS must not become an uncaught exception.
        socket.on("error", () => {});
        resolve(new OscServer(socket, host, maxPacketBytes));
      });
    });
  }

  /** The port it listens on. */
  get port(): number {
    return this.#socket.address().port;
  }

  /** The address it is bound to. */
  get host(): string {
    return this.#host;
  }

  /** Counters (a copy). */
  get stats(): OscStats {
    return { ...this.#stats };
  }

  /** Datagrams and messages dropped so far. */
  get dropped(): number {
    const s = this.#stats;
    return s.oversize + s.malformed + s.unknownAddress + s.unknownKnob + s.badArguments;
  }

  /** Stops listening. */
  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    return new Promise((resolve) => this.#socket.close(() => resolve()));
  }

  #receive(bytes: Uint8Array, maxPacketBytes: number): void {
    const stats = this.#stats;
    stats.packets++;
    if (bytes.length > maxPacketBytes) {
      stats.oversize++;
      stats.lastDrop = `a ${bytes.length}-byte datagram, over the ${maxPacketBytes}-byte limit`;
      return;
    }
    let messages: OscMessage[];
    try {
      messages = oscMessages(decodeOsc(bytes));
    } catch (error) {
      stats.malformed++;
      stats.lastDrop = `not OSC: ${(error as Error).message}`;
      return;
    }
    for (const message of messages) applyOscMessage(message, stats);
  }
}
