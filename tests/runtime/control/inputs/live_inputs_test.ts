/**
 * `deno task live --osc-port … --midi …` end to end: a real `live` on the null sink, OSC
 * datagrams over loopback and MIDI bytes into a FIFO, the knob values read back over the
 * control port. Also the flags' help and their usage errors.
 */
import assert from "node:assert/strict";
import dgram from "node:dgram";
import { join } from "node:path";
import { sendBlock } from "../../../../runtime/control/control_client.ts";
import { readControlFile } from "../../../../runtime/control/control_file.ts";
import { encodeOscMessage } from "../../../../runtime/control/inputs/osc.ts";
import { Child } from "../../_child.ts";

const MOD = new URL("../../../../mod.ts", import.meta.url).href;
const CLI = new URL("../../../../runtime/cli/main.ts", import.meta.url).pathname;

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
  }).output();
  const d = new TextDecoder();
  return { code, out: d.decode(stdout) + d.decode(stderr) };
}

Deno.test("live --help documents --osc-port, --osc-host and --midi", async () => {
  const { code, out } = await run(["live", "--help"]);
  assert.equal(code, 0);
  assert.match(out, /--osc-port N {10}Listen for OSC over UDP on port N \(57120/);
  assert.match(out, /\/lel\/knob\/<name> <number> sets a knob/);
  assert.match(out, /--osc-host H {10}Bind the OSC port to H instead of 127\.0\.0\.1/);
  assert.match(out, /--midi DEVICE {9}Read raw MIDI from DEVICE: a rawmidi device/);
});

Deno.test("live: bad OSC and MIDI flags are usage errors", async () => {
  const cases: [string[], RegExp][] = [
    [["--osc-port", "x"], /--osc-port must be a whole number in 0..65535, got 'x'/],
    [["--osc-port", "70000"], /--osc-port must be a whole number in 0..65535, got '70000'/],
    [["--osc-host", "0.0.0.0"], /--osc-host needs --osc-port \(e\.g\. --osc-port 57120\)/],
    [["--midi", "/nonexistent/midiC9D9"], /MIDI device not found: \/nonexistent\/midiC9D9; `ls/],
  ];
  for (const [flags, message] of cases) {
    const { code, out } = await run(["live", "--sink", "none", "--no-control", ...flags]);
    assert.equal(code, 1, out);
    assert.match(out, message);
  }
});

Deno.test({
  name: "live --osc-port 0 --midi FIFO: OSC and MIDI move the session's knobs",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "lel-live-inputs-test-" });
    const file = join(dir, "knobs.lel.ts");
    const fifo = join(dir, "midi");
    await Deno.writeTextFile(
      file,
      `import { defineKnob, register, sin } from "${MOD}";
defineKnob("cutoff", { default: 800, min: 20, max: 20000, curve: "exp", cc: { number: 74 } });
defineKnob("res", { default: 0.2, min: 0, max: 1 });
register("quiet", sin(0));
`,
    );
    const mk = await new Deno.Command("mkfifo", { args: [fifo] }).output();
    assert.equal(mk.code, 0);
    const child = new Child(
      [
        "run",
        "-A",
        CLI,
        "live",
        file,
        "--sink",
        "none",
        "--port",
        "0",
        "--osc-port",
        "0",
        "--midi",
        fifo,
      ],
      { LEL_HOME: dir },
    );
    const socket = dgram.createSocket("udp4");
    try {
      const [, port] = await child.waitFor(/OSC on 127\.0\.0\.1:(\d+) \(udp\)/);
      await child.waitFor(/midi: reading .*midi \(fifo\)/);
      await child.waitFor(/control on /);
      const info = await readControlFile(dir);
      const send = (packet: Uint8Array) =>
        new Promise<void>((resolve, reject) =>
          socket.send(packet, Number(port), "127.0.0.1", (e) => e ? reject(e) : resolve())
        );
      await send(encodeOscMessage("/lel/knob/res", [{ type: "f", value: 0.5 }]));
      await send(new TextEncoder().encode("not osc!"));
      const writer = await Deno.open(fifo, { write: true });
      await writer.write(Uint8Array.of(0xb0, 74, 127, 0xf0, 1, 2, 0xf7, 0x90, 57, 100));
      writer.close();
      // Both inputs are asynchronous: ask until the values are there (30 s: broken, not slow).
      const deadline = performance.now() + 30_000;
      let reply = "";
      while (performance.now() < deadline) {
        reply = await sendBlock(".set", info);
        if (/res 0\.5 /.test(reply) && /cutoff 20000 /.test(reply)) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.match(reply, /res 0\.5 \(0\.\.1\)/);
      assert.match(reply, /cutoff 20000 \(20\.\.20000 exp\)/);
      assert.match(reply, /midinote 220 /);
      assert.match(reply, /midigate 1 /);
      await child.waitFor(/osc: dropped 1 \(in all: 1 malformed, .*the latest: not OSC/);
      // A knob no session defines: dropped with one line naming it and the defined ones (the
      // next report, REPORT_EVERY_MS later); no knob is made and the REPL refuses it too.
      await send(encodeOscMessage("/lel/knob/nonesuch", [{ type: "f", value: 3 }]));
      const refusal = "Cannot set knob 'nonesuch': no session defines it (defined: cutoff, res); " +
        "check the spelling, or define it first, e.g. 'knob nonesuch 0.5'";
      const [line] = await child.waitFor(/^.*osc: dropped 1 \(.*nonesuch.*\n/m);
      assert.equal(
        line.replace(/^.*osc: /, "osc: "),
        "osc: dropped 1 (in all: 1 malformed, 0 oversize, 0 to another address, 1 to an " +
          `undefined knob, 0 with wrong arguments); the latest: ${refusal}\n`,
      );
      const listed = await sendBlock(".set", info);
      assert.doesNotMatch(listed, /nonesuch/, "no knob was made");
      const set = await sendBlock(".set nonesuch 3", info);
      assert.equal(set.split("\n")[0], `error: 1:6: ${refusal}`);
      assert.match(await sendBlock(".set res 0.25", info), /^ok set res 0\.25 /, "still serving");
    } finally {
      socket.close();
      const status = await child.stop();
      await Deno.remove(dir, { recursive: true });
      assert.equal(status.code, 0, child.text);
    }
  },
});
