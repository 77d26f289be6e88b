import assert from "node:assert/strict";
import { join } from "node:path";
import { defineKnob, getKnob, resetKnobs } from "../../../../runtime/core/knobs.ts";
import { MidiInput } from "../../../../runtime/control/inputs/midi_input.ts";
import { midiToHz } from "../../../../runtime/control/inputs/midi_knobs.ts";

async function mkfifo(path: string): Promise<void> {
  const { code, stderr } = await new Deno.Command("mkfifo", { args: [path] }).output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
}

/**
 * Opens the FIFO as a writer (waits for the reader), writes, and closes at once or, given
 * `read`, once it says the bytes were read: one writer session.
 */
async function writeFifo(path: string, bytes: number[], read?: () => boolean): Promise<void> {
  const writer = await Deno.open(path, { write: true });
  try {
    const data = Uint8Array.from(bytes);
    let written = 0;
    while (written < data.length) written += await writer.write(data.subarray(written));
    if (read !== undefined) await until("the bytes to be read", read);
  } finally {
    writer.close();
  }
}

/** Waits for `condition` (10 s at most: something is broken, not slow). */
async function until(what: string, condition: () => boolean): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (!condition()) {
    if (performance.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const value = (name: string) => getKnob(name)!.value;

/** CC, notes with running status, SysEx and realtime in between, and garbage. */
const FIRST_WRITER = [
  ...[0x41, 0x42, 0x43], // garbage before any status byte
  ...[0xb0, 74, 127], // cutoff to its max
  ...[0x90, 60, 100, 64, 90], // C4 then E4 by running status
  ...[0xf0, 0x7e, 0x7f, 0x06, 0x01, 0xf8, 0xf7], // SysEx with a clock byte inside
  ...[0xb0, 74, 0, 0xf8, 74, 64], // two CCs with a clock byte between, running status
  ...[0x80, 64, 0], // release E4: back to C4
];
const SECOND_WRITER = [0x90, 67, 127, 0x90, 67, 0]; // G4 on, then off by velocity 0

async function withFifo(fn: (path: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "lel-midi-test-" });
  try {
    const path = join(dir, "midi");
    await mkfifo(path);
    await fn(path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

for (const reopenFifo of [false, true]) {
  const how = reopenFifo ? "reopened after each writer" : "held open across writers";
  Deno.test(`MIDI from a FIFO (${how}): CC, notes, running status, SysEx, garbage`, async () => {
    await withFifo(async (path) => {
      resetKnobs();
      defineKnob("cutoff", { default: 800, min: 20, max: 20000, curve: "exp", cc: { number: 74 } });
      const logs: string[] = [];
      const input = MidiInput.start(path, { reopenFifo, log: (m) => logs.push(m) });
      try {
        await writeFifo(path, FIRST_WRITER);
        await until("the first writer's bytes", () => input.stats.bytes === FIRST_WRITER.length);
        // 20·1000^(64/127), relative 1e-9 for pow rounding.
        assert.ok(Math.abs(value("cutoff") / (20 * Math.pow(1000, 64 / 127)) - 1) < 1e-9);
        assert.equal(value("midinote"), midiToHz(60));
        assert.equal(value("midigate"), 1);
        assert.equal(value("midivel"), 100 / 127);
        const parser = input.stats.parser;
        assert.deepEqual([parser.messages, parser.sysex, parser.skipped], [6, 1, 3]);
        assert.equal(input.stats.knobs.ccApplied, 3);

        const total = FIRST_WRITER.length + SECOND_WRITER.length;
        // Reopened: a writer that closed before the reopen began would wait for the next one
        // (see midi_input.ts), so this one stays until its bytes are read. Held: it need not.
        await writeFifo(
          path,
          SECOND_WRITER,
          reopenFifo ? () => input.stats.bytes === total : undefined,
        );
        await until("the second writer's bytes", () => input.stats.bytes === total);
        assert.equal(value("midinote"), midiToHz(60), "G4 released: back to the held C4");
        assert.equal(value("midigate"), 1);
        assert.equal(input.stats.opens, reopenFifo ? 2 : 1);
        assert.match(logs[0], /^midi: reading .*midi \(fifo\)$/);
      } finally {
        await input.close();
      }
    });
  });
}

Deno.test("MIDI input: close() returns while a read-only open waits for a writer", async () => {
  await withFifo(async (path) => {
    const input = MidiInput.start(path, { reopenFifo: true });
    await new Promise((resolve) => setTimeout(resolve, 50)); // Let it reach the open.
    await input.close();
    assert.equal(input.stats.opens, 0);
  });
});

Deno.test("MIDI input: a plain file is read once to its end", async () => {
  const dir = await Deno.makeTempDir({ prefix: "lel-midi-test-" });
  try {
    resetKnobs();
    const path = join(dir, "take.mid.raw");
    await Deno.writeFile(path, Uint8Array.of(0x90, 72, 64, 0x90, 72, 0));
    const logs: string[] = [];
    const input = MidiInput.start(path, { log: (m) => logs.push(m) });
    await until("the end of the file", () => logs.some((l) => l.includes("to its end")));
    assert.equal(value("midinote"), midiToHz(72));
    assert.equal(value("midigate"), 0);
    assert.equal(input.stats.opens, 1);
    await input.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("MIDI input: a missing device is reported once and picked up when it appears", async () => {
  const dir = await Deno.makeTempDir({ prefix: "lel-midi-test-" });
  try {
    resetKnobs();
    const path = join(dir, "midiC1D0");
    const warnings: string[] = [];
    const logs: string[] = [];
    const input = MidiInput.start(path, {
      retryMs: 20,
      log: (m) => logs.push(m),
      warn: (m) => warnings.push(m),
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 150)); // Several retries.
      assert.equal(warnings.length, 1);
      assert.match(warnings[0], /^midi: cannot open .*midiC1D0: .*; trying again every 0.02 s$/);
      await mkfifo(path);
      await writeFifo(path, [0x90, 48, 1]);
      await until("the note", () => value("midigate") === 1);
      assert.equal(value("midinote"), midiToHz(48));
      assert.equal(warnings.length, 1);
      assert.match(logs.join("\n"), /midi: reading .*midiC1D0 \(fifo\)/);
    } finally {
      await input.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
