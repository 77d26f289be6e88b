/**
 * A MIDI 1.0 byte-stream parser: what a rawmidi device, a FIFO or a file delivers, in chunks
 * of any size, turned into note, control-change and pitch-bend messages.
 *
 * - **Running status**: data bytes after a complete channel message repeat its status.
 * - **Realtime bytes** (0xF8–0xFF: clock, start, stop, active sensing, reset) are one byte
 *   each, may come anywhere (inside a message, inside SysEx) and change nothing.
 * - **SysEx** (0xF0 … 0xF7) is skipped; any status byte but a realtime one also ends it.
 *   SysEx and the system common messages (0xF1–0xF7) cancel running status, as the MIDI 1.0
 *   specification says, so data bytes after them need a new status byte.
 * - Bytes that are not MIDI (data bytes with no status, a stray 0xF7, the undefined 0xF4,
 *   0xF5) are skipped and counted; a message cut short by a status byte is dropped.
 * - A note-on with velocity 0 is a note-off. Aftertouch and program change are read (so the
 *   stream stays in step) but not reported.
 *
 * Channels are reported 1..16, as controllers print them.
 * @module
 */

/** A message the parser reports. */
export type MidiMessage =
  | { type: "noteOn"; channel: number; note: number; velocity: number }
  | { type: "noteOff"; channel: number; note: number; velocity: number }
  | { type: "cc"; channel: number; controller: number; value: number }
  /** `value` is −8192..8191, 0 at rest. */
  | { type: "pitchBend"; channel: number; value: number };

/** What the parser has seen. */
export interface MidiParserStats {
  /** Messages reported. */
  messages: number;
  /** SysEx messages skipped. */
  sysex: number;
  /** Bytes skipped as not MIDI (data without a status, undefined status bytes). */
  skipped: number;
}

/**
 * Data bytes each channel status takes, by high nibble 0x8..0xE: note off, note on, poly
 * pressure, control change, program change, channel pressure, pitch bend.
 */
const CHANNEL_DATA = [2, 2, 2, 2, 1, 1, 2];
/** Data bytes each system common status takes, 0xF1..0xF6 (0xF4, 0xF5 are undefined). */
const COMMON_DATA = [1, 2, 1, 0, 0, 0];

/**
 * Parses a MIDI byte stream, keeping its state between chunks.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const parser = new MidiParser();
 * const got: string[] = [];
 * // CC 74 on channel 1, then two more by running status with a clock byte in between.
 * parser.push(Uint8Array.of(0xb0, 74, 10, 74, 0xf8, 20, 74, 30), (m) => {
 *   if (m.type === "cc") got.push(`${m.channel}:${m.controller}=${m.value}`);
 * });
 * assert.deepEqual(got, ["1:74=10", "1:74=20", "1:74=30"]);
 * ```
 */
export class MidiParser {
  /** The current status byte (0: none), which running status repeats for channel messages. */
  #status = 0;
  /** Data bytes the current status takes. */
  #needed = 0;
  #count = 0;
  #data1 = 0;
  #inSysex = false;
  readonly #stats: MidiParserStats = { messages: 0, sysex: 0, skipped: 0 };

  /** Counts so far (a live view). */
  get stats(): Readonly<MidiParserStats> {
    return this.#stats;
  }

  /**
   * Feeds bytes; calls `onMessage` for each complete message, in order.
   *
   * @param bytes Any number of bytes; a message may be split across calls.
   * @param onMessage Receives each message.
   */
  push(bytes: Uint8Array, onMessage: (message: MidiMessage) => void): void {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (b >= 0xf8) {
        if (b === 0xf9 || b === 0xfd) this.#stats.skipped++; // Undefined realtime bytes.
        continue;
      }
      if (b >= 0x80) {
        this.#statusByte(b);
        continue;
      }
      if (this.#inSysex) continue;
      if (this.#status === 0) {
        this.#stats.skipped++;
        continue;
      }
      if (this.#count === 0) this.#data1 = b;
      this.#count++;
      if (this.#count < this.#needed) continue;
      this.#count = 0;
      if (this.#status >= 0xf0) this.#status = 0; // System common: no running status.
      else this.#emit(this.#status, this.#data1, b, onMessage);
    }
  }

  #statusByte(b: number): void {
    if (this.#inSysex) {
      this.#inSysex = false;
      this.#stats.sysex++;
      if (b === 0xf7) return;
    }
    this.#count = 0;
    if (b < 0xf0) {
      this.#status = b;
      this.#needed = CHANNEL_DATA[(b >> 4) - 8];
      return;
    }
    this.#status = 0;
    if (b === 0xf0) {
      this.#inSysex = true;
    } else if (b === 0xf7 || b === 0xf4 || b === 0xf5) {
      this.#stats.skipped++; // A stray end of SysEx, or undefined.
    } else {
      const needed = COMMON_DATA[b - 0xf1];
      if (needed > 0) {
        this.#status = b;
        this.#needed = needed;
      }
    }
  }

  #emit(status: number, data1: number, data2: number, onMessage: (m: MidiMessage) => void): void {
    const channel = (status & 0x0f) + 1;
    // With one data byte (program change, channel pressure) data2 is that byte; nothing to say.
    switch (status & 0xf0) {
      case 0x80:
        this.#stats.messages++;
        onMessage({ type: "noteOff", channel, note: data1, velocity: data2 });
        return;
      case 0x90:
        this.#stats.messages++;
        onMessage(
          data2 === 0
            ? { type: "noteOff", channel, note: data1, velocity: 0 }
            : { type: "noteOn", channel, note: data1, velocity: data2 },
        );
        return;
      case 0xb0:
        this.#stats.messages++;
        onMessage({ type: "cc", channel, controller: data1, value: data2 });
        return;
      case 0xe0:
        this.#stats.messages++;
        onMessage({ type: "pitchBend", channel, value: ((data2 << 7) | data1) - 8192 });
        return;
    }
  }
}
