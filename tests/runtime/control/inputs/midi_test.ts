import assert from "node:assert/strict";
import { type MidiMessage, MidiParser } from "../../../../runtime/control/inputs/midi.ts";

/** Parses `bytes` in one chunk; messages as short strings. */
function parse(bytes: number[], parser = new MidiParser()): string[] {
  const out: string[] = [];
  parser.push(Uint8Array.from(bytes), (m) => out.push(show(m)));
  return out;
}

function show(m: MidiMessage): string {
  switch (m.type) {
    case "noteOn":
      return `on ${m.channel} ${m.note} ${m.velocity}`;
    case "noteOff":
      return `off ${m.channel} ${m.note} ${m.velocity}`;
    case "cc":
      return `cc ${m.channel} ${m.controller} ${m.value}`;
    case "pitchBend":
      return `bend ${m.channel} ${m.value}`;
  }
}

Deno.test("MidiParser: note on, note off, note-on velocity 0 as off, CC, on channels 1..16", () => {
  assert.deepEqual(parse([0x90, 60, 100, 0x80, 60, 64, 0x9f, 61, 0, 0xbf, 74, 127]), [
    "on 1 60 100",
    "off 1 60 64",
    "off 16 61 0",
    "cc 16 74 127",
  ]);
});

Deno.test("MidiParser: running status repeats the last channel status", () => {
  assert.deepEqual(parse([0x91, 60, 100, 62, 90, 60, 0, 0xb0, 1, 2, 3, 4]), [
    "on 2 60 100",
    "on 2 62 90",
    "off 2 60 0",
    "cc 1 1 2",
    "cc 1 3 4",
  ]);
});

Deno.test("MidiParser: realtime bytes anywhere (mid-message, mid-SysEx) change nothing", () => {
  const clean = parse([0xb0, 74, 10, 74, 20, 0xf0, 1, 2, 0xf7, 0x90, 60, 1, 61, 2]);
  const noisy = parse([
    ...[0xf8, 0xb0, 0xfa, 74, 0xfe, 10, 74, 0xf8, 20],
    ...[0xf0, 1, 0xf8, 2, 0xff, 0xf7, 0xfc],
    ...[0x90, 60, 0xf8, 1, 61, 0xfb, 2],
  ]);
  assert.deepEqual(clean, ["cc 1 74 10", "cc 1 74 20", "on 1 60 1", "on 1 61 2"]);
  assert.deepEqual(noisy, clean);
});

Deno.test("MidiParser: SysEx is skipped whole, then cancels running status", () => {
  const parser = new MidiParser();
  // The SysEx payload holds bytes that would read as a CC; after it, bare data is not MIDI.
  const got = parse([0xb0, 7, 100, 0xf0, 0x7e, 74, 10, 0x09, 0xf7, 74, 99, 0xb0, 7, 50], parser);
  assert.deepEqual(got, ["cc 1 7 100", "cc 1 7 50"]);
  assert.equal(parser.stats.sysex, 1);
  assert.equal(parser.stats.skipped, 2, "the two data bytes after the SysEx");
});

Deno.test("MidiParser: a status byte ends an unterminated SysEx and starts its message", () => {
  const parser = new MidiParser();
  assert.deepEqual(parse([0xf0, 1, 2, 3, 0x90, 64, 80], parser), ["on 1 64 80"]);
  assert.equal(parser.stats.sysex, 1);
});

Deno.test("MidiParser: bytes that are not MIDI are skipped and counted", () => {
  const parser = new MidiParser();
  // Text before any status, a stray end of SysEx, undefined 0xF4/0xF5/0xF9/0xFD.
  const garbage = [...new TextEncoder().encode("hello"), 0xf7, 0xf4, 1, 0xf5, 0xf9, 0xfd];
  assert.deepEqual(parse([...garbage, 0xb2, 10, 20], parser), ["cc 3 10 20"]);
  assert.equal(parser.stats.skipped, 5 + 1 + 1 + 1 + 1 + 1 + 1);
});

Deno.test("MidiParser: one-data-byte and system common messages keep the stream in step", () => {
  assert.deepEqual(
    parse([
      ...[0xc0, 5, 6], // two program changes (running status), not reported
      ...[0x90, 60, 100],
      ...[0xd0, 70], // channel pressure
      ...[0xf2, 0x10, 0x20, 33], // song position: two data bytes, then no running status
      ...[0xf1, 0x05], // MTC quarter frame
      ...[0xf3, 2], // song select
      ...[0xf6, 44], // tune request: no data
      ...[0xa0, 60, 30], // poly pressure
      ...[0xe0, 0, 0x40],
    ]),
    ["on 1 60 100", "bend 1 0"],
  );
});

Deno.test("MidiParser: pitch bend is -8192..8191 from two 7-bit bytes, LSB first", () => {
  assert.deepEqual(parse([0xe0, 0, 0, 0x7f, 0x7f, 0x00, 0x40, 0x01, 0x40]), [
    "bend 1 -8192",
    "bend 1 8191",
    "bend 1 0",
    "bend 1 1",
  ]);
});

Deno.test("MidiParser: a message cut short by a new status byte is dropped", () => {
  assert.deepEqual(parse([0x90, 60, 0xb0, 1, 2]), ["cc 1 1 2"]);
});

Deno.test("MidiParser: any split of the stream into chunks gives the same messages", () => {
  const stream = [
    ...[1, 2, 0x90, 60, 100, 62, 0xf8, 90],
    ...[0xf0, 1, 2, 3, 0xf7, 0xb0, 74, 10, 74, 0xfe, 20],
    ...[0xe3, 5, 6, 0x80, 60, 0],
  ];
  const whole = parse(stream);
  assert.equal(whole.length, 6);
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let trial = 0; trial < 200; trial++) {
    const parser = new MidiParser();
    const got: string[] = [];
    let at = 0;
    while (at < stream.length) {
      const n = 1 + Math.floor(random() * 4);
      parser.push(Uint8Array.from(stream.slice(at, at + n)), (m) => got.push(show(m)));
      at += n;
    }
    assert.deepEqual(got, whole, `trial ${trial}`);
  }
});
