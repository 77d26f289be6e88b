import assert from "node:assert/strict";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { runRepl } from "../../../runtime/cli/commands/repl.ts";
import { ControlServer } from "../../../runtime/control/control.ts";
import { sendBlock } from "../../../runtime/control/control_client.ts";
import { readControlFile } from "../../../runtime/control/control_file.ts";
import { resetEngine } from "../../../runtime/core/process_engine.ts";
import { defineKnob, getKnob, resetKnobs } from "../../../runtime/core/knobs.ts";
import { setLogger, SILENT_LOGGER } from "../../../runtime/core/log.ts";

const SR = 48000;
const CLI = new URL("../../../runtime/cli/main.ts", import.meta.url).pathname;

interface Harness {
  home: string;
  send(block: string): Promise<string>;
  render(seconds: number): Float32Array;
}

async function withServer(fn: (h: Harness) => Promise<void>): Promise<void> {
  const previousLogger = setLogger(SILENT_LOGGER);
  const e = resetEngine({ sampleRate: SR, channels: 1 });
  resetKnobs();
  defineKnob("cutoff", { default: 800, min: 20, max: 20000, curve: "exp" });
  const home = await Deno.makeTempDir({ prefix: "lel-knob-control-test-" });
  const server = await ControlServer.start({ port: 0, home, levels: () => ({ peak: 0, rms: 0 }) });
  try {
    const info = await readControlFile(home);
    await fn({
      home,
      send: (block) => sendBlock(block, info),
      render(seconds) {
        const out = new Float32Array(Math.round(seconds * SR));
        e.process([out], out.length);
        return out;
      },
    });
  } finally {
    await server.close();
    e.dispose();
    setLogger(previousLogger);
    await Deno.remove(home, { recursive: true });
  }
}

const cutoff = () => getKnob("cutoff")!.value;

Deno.test("control: '.set' replies with the new value, alone or among DSL lines", async () => {
  await withServer(async (h) => {
    assert.equal(
      await h.send(".set cutoff 1200"),
      "ok set cutoff 1200 · signals: none · master -inf dBFS",
    );
    assert.equal(cutoff(), 1200);
    assert.equal(
      await h.send("bass: sin 220\n.set cutoff 1.5khz"),
      "ok new bass; set cutoff 1500 · signals: bass · master -inf dBFS",
    );
    assert.equal(cutoff(), 1500);
    assert.equal(
      await h.send(".set cutoff 99999"),
      "ok set cutoff 20000 (clamped from 99999 to 20..20000 exp) · signals: bass · master -inf dBFS",
    );
    assert.match(
      await h.send(".set"),
      /^ok knobs: midinote 440 .*, cutoff 20000 \(20..20000 exp\)/,
    );
  });
});

Deno.test("control: a wrong '.set' is an error reply with a caret, and the block changes nothing", async () => {
  await withServer(async (h) => {
    assert.equal(
      await h.send(".set cutoff loud"),
      "error: 1:13: Cannot set knob 'cutoff': 'loud' is not a value; write a number such as " +
        "1200, 1.2khz, 250ms, -6db or 50%, or a note such as a4\n" +
        "1 | .set cutoff loud\n  |             ^",
    );
    assert.match(await h.send(".set cutoff"), /^error: 1:12: \.set takes a knob name and a value/);
    // A good .set in a block whose DSL fails: all or nothing.
    assert.match(await h.send(".set cutoff 300\nbass: sin 220 |> nosuch 3"), /^error: 2:/);
    // And in a TypeScript block that throws after setKnob.
    assert.match(
      await h.send('setKnob("cutoff", 300);\nthrow new Error("boom");'),
      /^error: .*boom/,
    );
    assert.equal(cutoff(), 800);
  });
});

Deno.test("control: '.set' and setKnob of a knob nobody defined are refused, naming the defined ones; a block may define and set", async () => {
  await withServer(async (h) => {
    const refusal = "Cannot set knob 'nonesuch': no session defines it (defined: cutoff); " +
      "check the spelling, or define it first, e.g. 'knob nonesuch 0.5'";
    assert.equal(
      await h.send("bass: sin 220\n.set nonesuch 3"),
      `error: 2:6: ${refusal}\n1 | bass: sin 220\n2 | .set nonesuch 3\n  |      ^`,
    );
    assert.equal(getKnob("nonesuch"), undefined, "no knob was made");
    assert.match(await h.send(".set"), /^ok knobs: .*cutoff 800 \(20..20000 exp\) · /);
    assert.doesNotMatch(await h.send(".set"), /bass|nonesuch/, "nor the refused block's signal");
    const ts = await h.send('setKnob("nonesuch", 3)');
    assert.ok(ts.startsWith(`error: 1:1: RangeError: ${refusal}\n`), ts);
    assert.equal(getKnob("nonesuch"), undefined);
    // A block that defines the knob may set it: the check runs once the block is built.
    assert.match(
      await h.send("tone: sin (knob pitch 220 min:20 max:2000) |> gain 0\n.set pitch 330"),
      /^ok new tone; set pitch 330 · /,
    );
    assert.equal(getKnob("pitch")!.value, 330);
  });
});

Deno.test("control: setKnob in a TypeScript block applies at the commit, checked when called", async () => {
  await withServer(async (h) => {
    assert.equal(
      await h.send(
        'const v: number = setKnob("cutoff", 640);\nif (v !== 640) throw new Error("v");',
      ),
      "ok set cutoff 640 · signals: none · master -inf dBFS",
    );
    assert.equal(cutoff(), 640);
    assert.match(await h.send('setKnob("cutoff", NaN)'), /finite number, got 'NaN'/);
    assert.match(
      await h.send('setKnobNormalized("cutoff", 0.5)'),
      /^ok set cutoff 632\.456 · /,
    );
    // The geometric mean of 20 and 20000; 1e-12 relative for the pow rounding.
    assert.ok(Math.abs(cutoff() / Math.sqrt(20 * 20000) - 1) < 1e-12);
  });
});

Deno.test("control: a signal reading the knob's slot hears a '.set' at the next render", async () => {
  await withServer(async (h) => {
    defineKnob("level", { default: 0.1, min: 0, max: 0.5 });
    const reply = await h.send(
      'const slot = knobSlot("level")!;\nconst values = knobValues();\n' +
        'register("dc", () => values[slot]);',
    );
    assert.match(reply, /^ok new dc/);
    const before = h.render(0.2); // Past the fade-in.
    assert.ok(Math.abs(before[before.length - 1] - 0.1) < 1e-6, `${before[before.length - 1]}`);
    assert.match(await h.send(".set level 0.25"), /^ok set level 0.25/);
    const after = h.render(0.01);
    // The store holds the target and the signal reads it as is (gliding is the knob helper's).
    assert.ok(Math.abs(after[0] - 0.25) < 1e-6, `${after[0]}`);
  });
});

Deno.test("repl: '.set' at the prompt is sent as it is and its reply shown", async () => {
  await withServer(async (h) => {
    let out = "";
    const output = new Writable({
      write(chunk, _enc, done) {
        out += String(chunk);
        done();
      },
    });
    const input = Readable.from([".set cutoff 2000\n", ".set cutoff\n", ".exit\n"]);
    await runRepl({ input, output, historyFile: false, send: h.send });
    const replies = out.split("\n").filter((l) => /^(ok|error)/.test(l));
    assert.deepEqual(replies, [
      "ok set cutoff 2000 · signals: none · master -inf dBFS",
      "error: 1:12: .set takes a knob name and a value, e.g. .set cutoff 1200 (.set alone lists the knobs)",
    ]);
    assert.equal(cutoff(), 2000);
  });
});

Deno.test("send: 'deno task send' of a file with a '.set' line sets the knob and prints the reply", async () => {
  await withServer(async (h) => {
    const file = join(h.home, "knobs.lel");
    await Deno.writeTextFile(file, "# from the editor\n.set cutoff 4321\n");
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", CLI, "send", file],
      env: { LEL_HOME: h.home },
    }).output();
    const text = new TextDecoder().decode(stdout);
    assert.equal(code, 0, new TextDecoder().decode(stderr));
    assert.match(text, /^ok set cutoff 4321 · /);
    assert.equal(cutoff(), 4321);
  });
});
