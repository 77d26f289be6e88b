/**
 * End to end: knob values sent as real OSC datagrams over loopback UDP reach the sound that is
 * being rendered, and once the knob's glide has settled the render matches the same chain
 * with the value written as a constant.
 * @module
 */

import assert from "node:assert/strict";
import dgram from "node:dgram";
import { lel, lpf, render, renderSignal, resetEngine, saw } from "../../../../mod.ts";
import { resetKnobs } from "../../../../runtime/core/knobs.ts";
import { encodeOscMessage } from "../../../../runtime/control/inputs/osc.ts";
import { OscServer } from "../../../../runtime/control/inputs/osc_server.ts";
import { toDb, toneAmplitude } from "../../../_utils.ts";

const SR = 48000;

async function sendOsc(port: number, address: string, value: number): Promise<void> {
  const socket = dgram.createSocket("udp4");
  const packet = encodeOscMessage(address, [{ type: "f", value }]);
  try {
    await new Promise<void>((resolve, reject) =>
      socket.send(packet, port, "127.0.0.1", (error) => error ? reject(error) : resolve())
    );
  } finally {
    await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}

async function applied(server: OscServer, count: number): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (server.stats.applied < count) {
    if (performance.now() > deadline) assert.fail(`${server.stats.applied} of ${count} applied`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

Deno.test("OSC over UDP moves a knob in a render: lpf cutoff 300 → 4000 Hz, then as bright as the constant", async () => {
  resetKnobs();
  resetEngine({ sampleRate: SR, fadeTime: 0 });
  lel`x: saw 110 |> lpf (knob cutoff 300 20 20000) |> gain 0.5`;
  const server = await OscServer.start({ port: 0 });
  try {
    // The 20th harmonic (2200 Hz): 2.9 octaves above a 300 Hz cutoff, in the passband of 4 kHz.
    const harmonic = (x: Float32Array) => toneAmplitude(x.subarray(SR / 2), 2200, SR);
    const dark = harmonic(render(1).channels[0]);
    await sendOsc(server.port, "/lel/knob/cutoff", 4000);
    await applied(server, 1);
    const bright = harmonic(render(1).channels[0]);
    // References: the same chain with each cutoff as a constant, rendered alone.
    const reference = (cutoff: number) => {
      const [x] = renderSignal(lpf(saw(110), cutoff), 2 * SR, { sampleRate: SR });
      return 0.5 * toneAmplitude(x.subarray(SR + SR / 2), 2200, SR);
    };
    const [darkRef, brightRef] = [reference(300), reference(4000)];
    // Tone amplitudes from half-second Hann windows: within 0.05 dB of the reference.
    assert.ok(Math.abs(toDb(dark / darkRef)) < 0.05, `before: ${dark} vs ${darkRef}`);
    assert.ok(Math.abs(toDb(bright / brightRef)) < 0.05, `after: ${bright} vs ${brightRef}`);
    assert.ok(toDb(bright / dark) > 30, `the knob opened the filter by ${toDb(bright / dark)} dB`);
  } finally {
    await server.close();
    resetKnobs();
    resetEngine();
  }
});
