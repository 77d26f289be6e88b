import assert from "node:assert/strict";
import dgram from "node:dgram";
import { defineKnob, getKnob, resetKnobs } from "../../../../runtime/core/knobs.ts";
import { encodeOscBundle, encodeOscMessage } from "../../../../runtime/control/inputs/osc.ts";
import { OscServer } from "../../../../runtime/control/inputs/osc_server.ts";

/** Sends datagrams one after another from one socket, then closes it. */
async function send(port: number, packets: Uint8Array[]): Promise<void> {
  const socket = dgram.createSocket("udp4");
  try {
    for (const packet of packets) {
      await new Promise<void>((resolve, reject) =>
        socket.send(packet, port, "127.0.0.1", (error) => error ? reject(error) : resolve())
      );
    }
  } finally {
    await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}

/** Waits until the server has received `count` datagrams (or 10 s: a lost datagram). */
async function received(server: OscServer, count: number): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (server.stats.packets < count) {
    if (performance.now() > deadline) {
      assert.fail(`received ${server.stats.packets} of ${count} datagrams in 10 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const msg = encodeOscMessage;
const value = (name: string) => getKnob(name)!.value;

Deno.test("OSC over loopback UDP: knobs are set; malformed, oversize and misaddressed packets are counted", async () => {
  resetKnobs();
  defineKnob("cutoff", { default: 800, min: 20, max: 20000, curve: "exp" });
  defineKnob("res", { default: 0.2, min: 0, max: 1 });
  defineKnob("wet", { default: 0, min: 0, max: 1 });
  defineKnob("steps", { default: 0, min: 0, max: 100 });
  const server = await OscServer.start({ port: 0 });
  try {
    assert.equal(server.host, "127.0.0.1");
    const packets = [
      msg("/lel/knob/cutoff", [{ type: "f", value: 1200 }]),
      msg("/lel/knob/res", [{ type: "d", value: 0.75 }]),
      msg("/lel/knob/steps", [{ type: "i", value: 12 }]),
      msg("/lel/knob/wet/norm", [{ type: "f", value: 0.5 }]),
      msg("/lel/knob/later", [{ type: "h", value: 99n }]), // no session defines it: dropped
      encodeOscBundle([
        msg("/lel/knob/steps", [{ type: "T", value: true }]), // 1, then replaced in order
        msg("/lel/knob/steps", [{ type: "i", value: 500 }]), // clamped to 100
      ]),
      // Malformed: truncated (the float64 cut in half), misaligned, garbage, an unknown tag.
      msg("/lel/knob/res", [{ type: "d", value: 0 }]).subarray(0, 24),
      new TextEncoder().encode("hello world!"),
      Uint8Array.of(1, 2, 3),
      new TextEncoder().encode("/lel/knob/res\0\0\0,b\0\0\0\0\0\x04"),
      // Oversize: 64 KB of a valid-looking message.
      new Uint8Array(65_000).fill(0x41).map((b, i) => (i === 0 ? 0x2f : i >= 64_996 ? 0 : b)),
      // Wrong addresses, and a knob address with a name that is not one.
      msg("/lel/cutoff", [{ type: "f", value: 1 }]),
      msg("/other/thing", []),
      msg("/lel/knob/2bad", [{ type: "f", value: 1 }]),
      // Right address, wrong arguments: none, a string, two numbers, NaN.
      msg("/lel/knob/res"),
      msg("/lel/knob/res", [{ type: "s", value: "0.5" }]),
      msg("/lel/knob/res", [{ type: "f", value: 0.1 }, { type: "f", value: 0.2 }]),
      msg("/lel/knob/res", [{ type: "f", value: NaN }]),
      msg("/lel/knob/nobody/norm", [{ type: "f", value: 0.5 }]),
    ];
    await send(server.port, packets);
    await received(server, packets.length);
    assert.equal(value("cutoff"), 1200); // 1200 is exact in float32
    assert.equal(value("res"), 0.75);
    assert.equal(value("wet"), 0.5);
    assert.equal(value("steps"), 100);
    assert.equal(getKnob("later"), undefined, "a message to an undefined knob makes no knob");
    const stats = server.stats;
    assert.deepEqual(
      {
        packets: stats.packets,
        applied: stats.applied,
        malformed: stats.malformed,
        oversize: stats.oversize,
        unknownAddress: stats.unknownAddress,
        unknownKnob: stats.unknownKnob,
        badArguments: stats.badArguments,
      },
      {
        packets: packets.length,
        applied: 6,
        malformed: 4,
        oversize: 1,
        unknownAddress: 3,
        unknownKnob: 2,
        badArguments: 4,
      },
    );
    assert.equal(server.dropped, 14);
    assert.equal(
      stats.lastDrop,
      "Cannot set knob 'nobody': no session defines it (defined: cutoff, res, wet, steps); " +
        "check the spelling, or define it first, e.g. 'knob nobody 0.5'",
    );
    // Still serving after all that.
    await send(server.port, [msg("/lel/knob/res", [{ type: "f", value: 0.25 }])]);
    await received(server, packets.length + 1);
    assert.equal(value("res"), 0.25);
  } finally {
    await server.close();
  }
});

Deno.test("OSC: the size limit is configurable and a datagram at the limit is read", async () => {
  resetKnobs();
  defineKnob("x", { min: 0, max: 10 });
  const server = await OscServer.start({ port: 0, maxPacketBytes: 20 });
  try {
    const at = msg("/lel/knob/x", [{ type: "i", value: 3 }]); // 12 + 4 + 4 = 20 bytes
    assert.equal(at.length, 20);
    const over = msg("/lel/knob/x", [{ type: "d", value: 4 }]); // 24 bytes
    await send(server.port, [at, over]);
    await received(server, 2);
    assert.equal(value("x"), 3);
    assert.equal(server.stats.oversize, 1);
    assert.match(server.stats.lastDrop!, /a 24-byte datagram, over the 20-byte limit/);
  } finally {
    await server.close();
  }
});

Deno.test("OSC: a port in use is an EADDRINUSE error, and a bad port a RangeError", async () => {
  const first = await OscServer.start({ port: 0 });
  try {
    await assert.rejects(
      () => OscServer.start({ port: first.port }),
      (e: Error & { code?: string }) => e.code === "EADDRINUSE",
    );
    await assert.rejects(() => OscServer.start({ port: 70000 }), /port must be 0..65535/);
  } finally {
    await first.close();
  }
});
