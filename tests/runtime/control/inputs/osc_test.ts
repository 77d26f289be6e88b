import assert from "node:assert/strict";
import {
  decodeOsc,
  encodeOscBundle,
  encodeOscMessage,
  MAX_BUNDLE_DEPTH,
  type OscArg,
  OscError,
  oscMessages,
} from "../../../../runtime/control/inputs/osc.ts";

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(
    parts.flatMap((p) => typeof p === "string" ? [...new TextEncoder().encode(p)] : p),
  );

Deno.test("OSC: a message with every supported type round-trips", () => {
  const args: OscArg[] = [
    { type: "f", value: 0.5 },
    { type: "i", value: -7 },
    { type: "d", value: Math.PI },
    { type: "h", value: -(2n ** 40n) },
    { type: "s", value: "héllo" },
    { type: "T", value: true },
    { type: "F", value: false },
  ];
  const packet = encodeOscMessage("/lel/knob/x", args);
  assert.equal(packet.length % 4, 0);
  assert.deepEqual(decodeOsc(packet), { kind: "message", address: "/lel/knob/x", args });
});

Deno.test("OSC: the bytes match the 1.0 spec's own example", () => {
  // From the spec: "/oscillator/4/frequency" with the float 440.0.
  const expected = bytes(
    "/oscillator/4/frequency",
    [0],
    ",f",
    [0, 0],
    [0x43, 0xdc, 0x00, 0x00],
  );
  const encoded = encodeOscMessage("/oscillator/4/frequency", [{ type: "f", value: 440 }]);
  assert.deepEqual([...encoded], [...expected]);
});

Deno.test("OSC: strings are NUL-terminated and padded to 4 (a 4-byte string takes 8)", () => {
  assert.deepEqual([...encodeOscMessage("/abc")], [...bytes("/abc", [0, 0, 0, 0], ",", [0, 0, 0])]);
  assert.deepEqual([...encodeOscMessage("/ab")], [...bytes("/ab", [0], ",", [0, 0, 0])]);
});

Deno.test("OSC: bundles, nested, flatten to their messages in order", () => {
  const a = encodeOscMessage("/a", [{ type: "i", value: 1 }]);
  const b = encodeOscMessage("/b", [{ type: "f", value: 2 }]);
  const c = encodeOscMessage("/c");
  const packet = decodeOsc(encodeOscBundle([a, encodeOscBundle([b, c], 5n)]));
  assert.equal(packet.kind, "bundle");
  assert.equal(packet.kind === "bundle" && packet.timetag, 1n);
  assert.deepEqual(oscMessages(packet).map((m) => m.address), ["/a", "/b", "/c"]);
});

Deno.test("OSC: a message without a type tag string has no arguments", () => {
  assert.deepEqual(decodeOsc(bytes("/old", [0, 0, 0, 0])), {
    kind: "message",
    address: "/old",
    args: [],
  });
});

Deno.test("OSC: malformed packets are OscErrors naming the problem and its offset", () => {
  const good = encodeOscMessage("/lel/knob/x", [{ type: "f", value: 1 }]);
  let nested = encodeOscMessage("/deep");
  for (let i = 0; i <= MAX_BUNDLE_DEPTH; i++) nested = encodeOscBundle([nested]);
  const cases: [Uint8Array, RegExp][] = [
    [new Uint8Array(0), /Empty packet/],
    [good.subarray(0, good.length - 1), /multiple of 4, got 19/],
    [good.subarray(0, good.length - 4), /Needed 4 bytes, 0 left \(at byte 16\)/],
    [bytes("lel/", [0, 0, 0, 0]), /must start with '\/'/],
    [bytes("/abc"), /no terminating NUL/],
    [bytes("/ab", [0], "f", [0, 0, 0]), /type tag string must start with ','/],
    [bytes("/ab", [0], ",b", [0, 0], [0, 0, 0, 0]), /Unsupported type tag 'b'/],
    [bytes("/ab", [0], ",", [0, 7, 0]), /padding must be NUL bytes \(at byte 6\)/],
    [bytes("/a", [0xff, 0]), /not valid UTF-8/],
    [bytes("/ab", [0], ",", [0, 0, 0], [1, 2, 3, 4]), /4 bytes after the arguments/],
    [
      bytes("#bundle", [0], [0, 0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 40], [0, 0, 0, 0]),
      /size 40 does not fit/,
    ],
    [bytes("#bundle", [0], [0, 0, 0, 0, 0, 0, 0, 1], [0xff, 0xff, 0xff, 0xfc]), /size -4/],
    [bytes("#bundle", [0], [0, 0, 0, 1]), /Needed 8 bytes, 4 left/],
    [bytes("#bundlf", [0], [0, 0, 0, 0, 0, 0, 0, 1]), /Expected '#bundle'/],
    [nested, new RegExp(`nest deeper than ${MAX_BUNDLE_DEPTH}`)],
  ];
  for (const [packet, message] of cases) {
    assert.throws(() => decodeOsc(packet), (e: unknown) => {
      assert.ok(e instanceof OscError, String(e));
      assert.match(e.message, message);
      return true;
    });
  }
});

Deno.test("OSC: no byte sequence makes the decoder throw anything but an OscError", () => {
  // Random corruption of valid packets: every outcome is a packet or an OscError.
  const base = encodeOscBundle([
    encodeOscMessage("/lel/knob/a", [{ type: "f", value: 1 }, { type: "s", value: "xy" }]),
    encodeOscMessage("/lel/knob/b", [{ type: "h", value: 3n }, { type: "d", value: 2 }]),
  ]);
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let errors = 0;
  for (let trial = 0; trial < 2000; trial++) {
    const packet = base.slice(0, 4 * Math.floor(random() * (base.length / 4 + 1)));
    for (let k = 0; k < 3; k++) {
      if (packet.length > 0) packet[Math.floor(random() * packet.length)] = random() * 256;
    }
    try {
      decodeOsc(packet);
    } catch (error) {
      assert.ok(error instanceof OscError, `trial ${trial}: ${error}`);
      errors++;
    }
  }
  assert.ok(errors > 100, `corruption was caught ${errors} times`);
});

Deno.test("OSC: encoding refuses what it cannot write", () => {
  assert.throws(() => encodeOscMessage("nope"), /must start with '\/'/);
  assert.throws(() => encodeOscMessage("/a", [{ type: "s", value: "a\0b" }]), /cannot hold a NUL/);
});
