/**
 * OSC 1.0 packets: decode and encode messages and bundles (Open Sound Control 1.0
 * specification, opensoundcontrol.stanford.edu/spec-1_0.html).
 *
 * Supported argument types: `f` float32, `i` int32, `d` float64, `h` int64, `s` string,
 * `T` true, `F` false. Everything is big-endian and 4-byte aligned; strings end with a NUL and
 * are padded with NULs to a multiple of 4. Decoding is strict: a length that is not a multiple
 * of 4, a string or argument running past the end, non-NUL padding, an unknown type tag,
 * trailing bytes, a bundle element whose size does not fit, or bundles nested deeper than
 * {@linkcode MAX_BUNDLE_DEPTH} are an {@linkcode OscError}, never a crash. A message without a
 * type tag string (allowed for old senders) has no arguments.
 * @module
 */

/** One argument, by type tag. */
export type OscArg =
  | { type: "f" | "d" | "i"; value: number }
  | { type: "h"; value: bigint }
  | { type: "s"; value: string }
  | { type: "T" | "F"; value: boolean };

/** A message: an address and its arguments. */
export interface OscMessage {
  /** Discriminant of {@linkcode OscPacket}. */
  kind: "message";
  /** The OSC address pattern, starting with `/` (`/lel/knob/cutoff`). */
  address: string;
  /** The arguments, in the order of the type tag string. */
  args: OscArg[];
}

/** A bundle: a time tag (NTP format; 1 = immediately) and its elements. */
export interface OscBundle {
  /** Discriminant of {@linkcode OscPacket}. */
  kind: "bundle";
  /** NTP time tag (seconds since 1900 in the high 32 bits, fraction in the low); 1 = now. */
  timetag: bigint;
  /** The messages and bundles it contains, in order. */
  elements: OscPacket[];
}

/** What one UDP datagram carries. */
export type OscPacket = OscMessage | OscBundle;

/** How deep bundles may nest inside one another. */
export const MAX_BUNDLE_DEPTH = 8;

/** A packet that is not valid OSC 1.0; `offset` is where decoding stopped. */
export class OscError extends RangeError {
  /** Byte offset of the problem. */
  readonly offset: number;

  /**
   * Creates the error; its message ends with ` (at byte <offset>)`.
   *
   * @param message What is wrong with the packet.
   * @param offset Byte offset of the problem.
   */
  constructor(message: string, offset: number) {
    super(`${message} (at byte ${offset})`);
    this.name = "OscError";
    this.offset = offset;
  }
}

const BUNDLE_TAG = "#bundle";
const ENCODER = new TextEncoder();
const DECODER = new TextDecoder("utf-8", { fatal: true });

/**
 * Decodes one packet.
 *
 * @param bytes A whole datagram.
 * @returns The message or bundle.
 * @throws {OscError} When the bytes are not a valid OSC 1.0 packet.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const bytes = encodeOscMessage("/lel/knob/cutoff", [{ type: "f", value: 1200 }]);
 * assert.deepEqual(decodeOsc(bytes), {
 *   kind: "message",
 *   address: "/lel/knob/cutoff",
 *   args: [{ type: "f", value: 1200 }],
 * });
 * assert.throws(() => decodeOsc(bytes.subarray(0, 10)), OscError);
 * ```
 */
export function decodeOsc(bytes: Uint8Array): OscPacket {
  return decodePacket(new Reader(bytes, 0, bytes.length), 0);
}

function decodePacket(r: Reader, depth: number): OscPacket {
  if (r.end - r.at === 0) throw new OscError("Empty packet", r.at);
  if ((r.end - r.at) % 4 !== 0) {
    throw new OscError(`Packet size must be a multiple of 4, got ${r.end - r.at}`, r.at);
  }
  if (r.bytes[r.at] === 0x23) return decodeBundle(r, depth); // "#"
  if (r.bytes[r.at] !== 0x2f) throw new OscError("An address must start with '/'", r.at); // "/"
  const address = r.string();
  const args: OscArg[] = [];
  if (r.at < r.end) {
    const tagsAt = r.at;
    const tags = r.string();
    if (!tags.startsWith(",")) {
      throw new OscError("The type tag string must start with ','", tagsAt);
    }
    for (let i = 1; i < tags.length; i++) args.push(r.arg(tags[i], tagsAt + i));
  }
  if (r.at !== r.end) throw new OscError(`${r.end - r.at} bytes after the arguments`, r.at);
  return { kind: "message", address, args };
}

function decodeBundle(r: Reader, depth: number): OscBundle {
  const tagAt = r.at;
  if (r.string() !== BUNDLE_TAG) throw new OscError("Expected '#bundle'", tagAt);
  if (depth >= MAX_BUNDLE_DEPTH) {
    throw new OscError(`Bundles nest deeper than ${MAX_BUNDLE_DEPTH}`, tagAt);
  }
  const timetag = r.view(8).getBigUint64(0);
  const elements: OscPacket[] = [];
  while (r.at < r.end) {
    const sizeAt = r.at;
    const size = r.view(4).getInt32(0);
    if (size <= 0 || size > r.end - r.at) {
      throw new OscError(
        `Bundle element size ${size} does not fit in ${r.end - r.at} bytes`,
        sizeAt,
      );
    }
    elements.push(decodePacket(new Reader(r.bytes, r.at, r.at + size), depth + 1));
    r.at += size;
  }
  return { kind: "bundle", timetag, elements };
}

class Reader {
  readonly bytes: Uint8Array;
  at: number;
  readonly end: number;

  constructor(bytes: Uint8Array, at: number, end: number) {
    this.bytes = bytes;
    this.at = at;
    this.end = end;
  }

  view(n: number): DataView {
    if (this.end - this.at < n) {
      throw new OscError(`Needed ${n} bytes, ${this.end - this.at} left`, this.at);
    }
    const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.at, n);
    this.at += n;
    return v;
  }

  string(): string {
    const start = this.at;
    const nul = this.bytes.subarray(start, this.end).indexOf(0);
    if (nul < 0) throw new OscError("A string has no terminating NUL", start);
    const padded = (nul + 4) & ~3;
    if (padded > this.end - start) {
      throw new OscError("A string's padding runs past the end", start);
    }
    for (let i = start + nul; i < start + padded; i++) {
      if (this.bytes[i] !== 0) throw new OscError("A string's padding must be NUL bytes", i);
    }
    this.at = start + padded;
    try {
      return DECODER.decode(this.bytes.subarray(start, start + nul));
    } catch {
      throw new OscError("A string is not valid UTF-8", start);
    }
  }

  arg(tag: string, tagAt: number): OscArg {
    switch (tag) {
      case "f":
        return { type: "f", value: this.view(4).getFloat32(0) };
      case "i":
        return { type: "i", value: this.view(4).getInt32(0) };
      case "d":
        return { type: "d", value: this.view(8).getFloat64(0) };
      case "h":
        return { type: "h", value: this.view(8).getBigInt64(0) };
      case "s":
        return { type: "s", value: this.string() };
      case "T":
      case "F":
        return { type: tag, value: tag === "T" };
      default:
        throw new OscError(
          `Unsupported type tag '${tag}' (supported: f i d h s T F)`,
          tagAt,
        );
    }
  }
}

/**
 * Encodes a message.
 *
 * @param address Starts with `/`.
 * @param args The arguments, each with its type tag.
 * @returns The packet (a multiple of 4 bytes).
 * @throws {OscError} For an address without a leading `/` or a string holding a NUL.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const bytes = encodeOscMessage("/a", [{ type: "i", value: 1 }]);
 * assert.deepEqual([...bytes], [47, 97, 0, 0, 44, 105, 0, 0, 0, 0, 0, 1]);
 * ```
 */
export function encodeOscMessage(address: string, args: readonly OscArg[] = []): Uint8Array {
  if (!address.startsWith("/")) throw new OscError("An address must start with '/'", 0);
  const parts: Uint8Array[] = [
    encodeString(address),
    encodeString("," + args.map((a) => a.type).join("")),
  ];
  for (const a of args) {
    let view: DataView;
    switch (a.type) {
      case "f":
        (view = new DataView(new ArrayBuffer(4))).setFloat32(0, a.value);
        break;
      case "i":
        (view = new DataView(new ArrayBuffer(4))).setInt32(0, a.value);
        break;
      case "d":
        (view = new DataView(new ArrayBuffer(8))).setFloat64(0, a.value);
        break;
      case "h":
        (view = new DataView(new ArrayBuffer(8))).setBigInt64(0, a.value);
        break;
      case "s":
        parts.push(encodeString(a.value));
        continue;
      default:
        continue; // T and F carry no data.
    }
    parts.push(new Uint8Array(view.buffer));
  }
  return concat(parts);
}

/**
 * Encodes a bundle of already encoded packets.
 *
 * @param elements Encoded messages or bundles.
 * @param timetag NTP time tag; 1 means "immediately". @default {1n}
 * @returns The bundle.
 */
export function encodeOscBundle(elements: readonly Uint8Array[], timetag = 1n): Uint8Array {
  const head = new DataView(new ArrayBuffer(8));
  head.setBigUint64(0, timetag);
  const parts = [encodeString(BUNDLE_TAG), new Uint8Array(head.buffer)];
  for (const e of elements) {
    const size = new DataView(new ArrayBuffer(4));
    size.setInt32(0, e.length);
    parts.push(new Uint8Array(size.buffer), e);
  }
  return concat(parts);
}

/**
 * Every message of a packet, bundles flattened in order.
 *
 * @param packet A decoded packet.
 * @returns Its messages.
 */
export function oscMessages(packet: OscPacket): OscMessage[] {
  if (packet.kind === "message") return [packet];
  return packet.elements.flatMap(oscMessages);
}

function encodeString(text: string): Uint8Array {
  const bytes = ENCODER.encode(text);
  if (bytes.includes(0)) throw new OscError("An OSC string cannot hold a NUL", 0);
  const out = new Uint8Array((bytes.length + 4) & ~3);
  out.set(bytes);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
