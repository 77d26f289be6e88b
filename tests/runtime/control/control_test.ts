/**
 * The control server, unit-level: framing, the token, limits, timeouts, concurrency, DSL and
 * TypeScript blocks and their errors, against a server on an ephemeral port and the process
 * engine (rendered offline, no audio device).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { needsMore, runRepl } from "../../../runtime/cli/commands/repl.ts";
import { ControlServer } from "../../../runtime/control/control.ts";
import { readControlFile } from "../../../runtime/control/control_file.ts";
import {
  encodeRequest,
  MAX_BLOCK_BYTES,
  parseHeader,
  tokenMatches,
} from "../../../runtime/control/control_protocol.ts";
import { engine } from "../../../runtime/core/process_engine.ts";
import { setLogger } from "../../../runtime/core/log.ts";
import { Session } from "../../../runtime/live/session.ts";
import { toneAmplitude } from "../../_utils.ts";
import { names, raw, SR, text, withServer } from "./_control.ts";

const MOD = new URL("../../../mod.ts", import.meta.url).href;

Deno.test("protocol: a request is the header line 'LEL/1 <token>', then the block", () => {
  const bytes = encodeRequest("f00d", "a: sin 1\nb: sin 2");
  assert.equal(new TextDecoder().decode(bytes), "LEL/1 f00d\na: sin 1\nb: sin 2");
  assert.deepEqual(parseHeader("LEL/1 f00d"), { token: "f00d" });
  assert.deepEqual(parseHeader("LEL/1 f00d\r"), { token: "f00d" });
  for (const bad of ["", "LEL/2 f00d", "lead: sin 660", "LEL/1f00d", "LEL/1 a b"]) {
    assert.match((parseHeader(bad) as { problem: string }).problem, /missing header/, bad);
  }
  for (const empty of ["LEL/1", "LEL/1 ", "LEL/1   "]) {
    assert.match((parseHeader(empty) as { problem: string }).problem, /missing token/, empty);
  }
});

Deno.test("protocol: tokens match only when equal, whatever their length", () => {
  const token = "ab".repeat(32);
  assert.equal(tokenMatches(token, token), true);
  assert.equal(tokenMatches(token.slice(0, -1) + "c", token), false);
  assert.equal(tokenMatches(token.slice(0, 10), token), false);
  assert.equal(tokenMatches(token + "0", token), false);
  assert.equal(tokenMatches("", token), false);
  assert.equal(tokenMatches("", ""), false);
});

Deno.test("control.json is 0600 in a 0700 folder, holds a fresh 64-hex token, and goes on close", async () => {
  const home = join(await Deno.makeTempDir(), "lel-home");
  const a = await ControlServer.start({ port: 0, home });
  const first = await readControlFile(home);
  assert.equal(first.port, a.port);
  assert.equal(first.host, "127.0.0.1");
  assert.equal(first.pid, Deno.pid);
  assert.match(first.token, /^[0-9a-f]{64}$/);
  assert.equal((await Deno.stat(home)).mode! & 0o777, 0o700);
  assert.equal((await Deno.stat(a.controlFile)).mode! & 0o777, 0o600);
  assert.deepEqual([...Deno.readDirSync(home)].map((e) => e.name), ["control.json"]);
  await a.close();
  await assert.rejects(Deno.stat(a.controlFile), Deno.errors.NotFound);
  // A second server writes a new token; closing the first one then leaves the second's file.
  const b = await ControlServer.start({ port: 0, home });
  const c = await ControlServer.start({ port: 0, home });
  const third = await readControlFile(home);
  assert.notEqual(third.token, first.token);
  assert.equal(third.port, c.port);
  await b.close();
  assert.equal((await readControlFile(home)).token, third.token);
  await c.close();
  await Deno.remove(join(home, ".."), { recursive: true });
});

Deno.test("a DSL line is registered with origin repl and heard at its frequency", async () => {
  await withServer(async (h) => {
    const reply = await h.send("lead: sin 660 |> gain 0.5");
    assert.match(reply, /^ok new lead · signals: lead · master /);
    assert.deepEqual(names(), ["lead:repl"]);
    const out = h.render(0.2).subarray(SR * 0.05);
    assert.ok(Math.abs(toneAmplitude(out, 660, SR) - 0.5) < 0.01, "660 Hz at 0.5");
    assert.ok(toneAmplitude(out, 440, SR) < 0.01);
    assert.match(h.logs[0], /^repl: new lead \(dsl\) at 0\.000 s$/);
  });
});

Deno.test("a TypeScript block with type syntax uses the API without imports", async () => {
  await withServer(async (h) => {
    const block = `interface Voice { hz: number; level: number }
const v: Voice = { hz: 330, level: 0.25 };
const gain = (x: number) => x; // a block's own names shadow the API's
register("ts", mul(sin(v.hz as number), gain(v.level)));`;
    assert.match(await h.send(block), /^ok new ts · /);
    assert.match(h.logs[0], /\(ts\)/);
    const out = h.render(0.2).subarray(SR * 0.05);
    assert.ok(Math.abs(toneAmplitude(out, 330, SR) - 0.25) < 0.01);
  });
});

Deno.test("blocks are read as DSL when the DSL compiles or the block starts with 'name:'", async () => {
  await withServer(async (h) => {
    const cases: [string, RegExp][] = [
      ["hum: sin 110", /^ok new hum/],
      ["hum2: sin(220)", /^ok new hum2/], // also valid TypeScript (a label); the DSL wins
      ['register("hum3", sin(330))', /^ok new hum3/],
      [
        "# a comment\nbass: saw 55 |> lfp 300",
        /^error: 2:17: Unknown helper 'lfp'; did you mean 'lpf'\?\n/,
      ],
      ["const a: number = 1;", /^ok no change/],
    ];
    for (const [block, expected] of cases) assert.match(await h.send(block), expected, block);
    assert.deepEqual(
      h.logs.map((l) => /\((dsl|ts)\) at/.exec(l)?.[1] ?? "error"),
      ["dsl", "dsl", "ts", "error", "ts"],
    );
  });
});

Deno.test("errors give line:col inside the block and a caret frame, and change nothing", async () => {
  await withServer(async (h) => {
    assert.match(await h.send("keep: sin 100 |> gain 0.1"), /^ok/);
    const before = names();
    const cases: [string, string][] = [
      [
        "a: sin 990 |> gain 0.3\nb: saw 55 |> lpf (300",
        "error: 2:22: Expected ')', found end of template; the '(' at line 2, column 18 is not closed\n" +
        "1 | a: sin 990 |> gain 0.3\n2 | b: saw 55 |> lpf (300\n  |                      ^",
      ],
      [
        'register("a", sin(100));\nconst = 3;',
        "error: 2:7: SyntaxError: Unexpected token `=`. Expected yield, an identifier, [ or {\n" +
        '1 | register("a", sin(100));\n2 | const = 3;\n  |       ^',
      ],
      [
        'register("a", sin(100)); throw new Error("no")',
        'error: 1:32: Error: no\n1 | register("a", sin(100)); throw new Error("no")\n  |                                ^',
      ],
      [
        'const x: number = 1;\nregister("a", sin(100));\n  (null as any).x;',
        "error: 3:17: TypeError: Cannot read properties of null (reading 'x')\n" +
        '2 | register("a", sin(100));\n3 |   (null as any).x;\n  |                 ^',
      ],
      [
        'mute("nope")',
        "error: 1:1: RangeError: Cannot mute 'nope': no such signal (playing: keep)\n" +
        '1 | mute("nope")\n  | ^',
      ],
      [
        "lel`\n  a: sin 3 |> lfp 3\n`;",
        "error: 2:15: Unknown helper 'lfp'; did you mean 'lpf'?",
      ],
    ];
    for (const [block, expected] of cases) {
      const reply = await h.send(block);
      assert.ok(
        reply.startsWith(expected),
        `${block}\n--- got:\n${reply}\n--- expected:\n${expected}`,
      );
      assert.deepEqual(names(), before, block);
    }
  });
});

Deno.test("a block is all or nothing: a failure after a mute and a register undoes both", async () => {
  await withServer(async (h) => {
    assert.match(await h.send("lead: sin 440 |> gain 0.5"), /^ok/);
    const reply = await h.send(
      'register("extra", sin(1000));\nmute("lead");\nthrow new RangeError("late")',
    );
    assert.match(reply, /^error: 3:7: RangeError: late/);
    const out = h.render(0.2).subarray(SR * 0.05);
    assert.ok(Math.abs(toneAmplitude(out, 440, SR) - 0.5) < 0.01, "lead still playing");
    assert.ok(toneAmplitude(out, 1000, SR) < 0.001, "extra never registered");
    // The same mute in a good block, after registering a signal in that block, applies.
    assert.match(
      await h.send('register("extra", gain(sin(1000), 0.2));\nmute("lead");'),
      /^ok new extra; muted lead · signals: lead, extra/,
    );
    const after = h.render(0.2).subarray(SR * 0.05);
    assert.ok(toneAmplitude(after, 440, SR) < 0.001, "lead muted");
    assert.ok(Math.abs(toneAmplitude(after, 1000, SR) - 0.2) < 0.01, "extra playing");
  });
});

Deno.test("refused: no header, no token, a wrong token, over 1 MiB, an endless header, an idle client", async () => {
  await withServer(async (h) => {
    assert.match(await h.send("keep: sin 100 |> gain 0.1"), /^ok/);
    const before = names();
    const evil = 'register("evil", sin(1000))';
    const big = "#".repeat(MAX_BLOCK_BYTES + 1);
    const started = performance.now();
    // Opened first and never finished: refused after the timeout, while the others go on.
    const idle = raw(h.info.port, text(`LEL/1 ${h.info.token}\n${evil}`), false);
    const cases: [string, Uint8Array, RegExp][] = [
      ["no header", text(evil), /^error: Request refused: missing header/],
      ["no token", text(`LEL/1\n${evil}`), /^error: Request refused: missing token/],
      ["wrong token", encodeRequest("0".repeat(64), evil), /^error: Request refused: wrong token/],
      ["short token", encodeRequest(h.info.token.slice(0, 63), evil), /wrong token/],
      [
        "oversized",
        encodeRequest(h.info.token, big),
        /^error: Request refused: the block is over 1048576 bytes/,
      ],
      [
        "endless header",
        text("LEL/1 " + "a".repeat(4000)),
        /^error: Request refused: header too long: the first line is over 256 bytes/,
      ],
      [
        "a 10 KB header line",
        text("LEL/1 " + "a".repeat(10 * 1024) + "\n" + evil),
        /^error: Request refused: header too long: the first line is over 256 bytes/,
      ],
      [
        "not UTF-8",
        new Uint8Array([...text(`LEL/1 ${h.info.token}\n`), 0xff, 0xfe]),
        /not valid UTF-8/,
      ],
    ];
    for (const [what, bytes, expected] of cases) {
      assert.match(await raw(h.info.port, bytes), expected, what);
    }
    // Exactly 1 MiB is accepted (a DSL comment).
    assert.match(await h.send("#".repeat(MAX_BLOCK_BYTES)), /^ok no change/);
    assert.match(await h.send("ok2: sin 200 |> gain 0.1"), /^ok new ok2/);
    const idleReply = await idle;
    const idleMs = performance.now() - started;
    assert.match(idleReply, /^error: Request refused: not complete within 0\.4 s/);
    assert.ok(idleMs >= 390 && idleMs < 2000, `idle refused after ${idleMs.toFixed(0)} ms`);
    assert.deepEqual(names(), [...before, "ok2:repl"].sort());
  }, { requestTimeoutMs: 400 });
});

Deno.test("many clients at once all get answers (and an idle one blocks none of them)", async () => {
  await withServer(async (h) => {
    const idle = raw(h.info.port, text(`LEL/1 ${h.info.token}\nhalf: sin`), false);
    const started = performance.now();
    const replies = await Promise.all(
      Array.from({ length: 16 }, (_, i) => h.send(`c${i}: sin ${200 + 50 * i} |> gain 0.02`)),
    );
    const ms = performance.now() - started;
    replies.forEach((r, i) => assert.match(r, new RegExp(`^ok new c${i} · `)));
    assert.equal(engine().signals().length, 16);
    assert.ok(ms < 1500, `16 blocks took ${ms.toFixed(0)} ms`);
    assert.match(await idle, /not complete/);
  }, { requestTimeoutMs: 1500 });
});

Deno.test("a TypeScript block that never finishes is abandoned and frees the engine", async () => {
  await withServer(async (h) => {
    const reply = await h.send('register("early", sin(3));\nawait new Promise(() => {});');
    assert.match(reply, /^error: The block did not finish within 200 ms/);
    assert.match(await h.send("next: sin 3"), /^ok new next · signals: next /);
  }, { evalTimeoutMs: 200 });
});

Deno.test("what a timed-out block does after its time limit is ignored, with a logged line", async () => {
  await withServer(async (h) => {
    const errors: string[] = [];
    setLogger({ info: () => {}, error: (m) => errors.push(m) });
    const block =
      'await new Promise((r) => setTimeout(r, 300));\nregister("late", sin(3));\nmute("x");';
    assert.match(await h.send(block), /^error: The block did not finish within 100 ms/);
    await new Promise((r) => setTimeout(r, 400));
    assert.deepEqual(names(), []);
    assert.deepEqual(errors, [
      "repl: block 1 called register() after it ended; ignored",
      "repl: block 1 called mute() after it ended; ignored",
    ]);
  }, { evalTimeoutMs: 100 });
});

Deno.test("REPL signals survive a save of the session; a session that calls clear() removes them", async () => {
  await withServer(async (h) => {
    const dir = await Deno.makeTempDir({ prefix: "lel-control-song-" });
    const file = join(dir, "song.lel.ts");
    const song = (hz: number, extra = "") =>
      `import { clear, register, sin } from "${MOD}";\n${extra}register("song", sin(${hz}));\n`;
    await Deno.writeTextFile(file, song(220));
    const session = new Session(file, engine());
    try {
      assert.equal((await session.load()).kind, "committed");
      assert.match(await h.send("riff: sin 660"), /^ok new riff · signals: song, riff/);
      await Deno.writeTextFile(file, song(330));
      const second = await session.load();
      assert.equal(second.kind, "committed");
      if (second.kind === "committed") assert.deepEqual(second.report.removed, []);
      assert.deepEqual(names(), [`riff:repl`, `song:${session.origin}`]);
      await Deno.writeTextFile(file, song(330, "clear();\n"));
      const third = await session.load();
      assert.equal(third.kind, "committed");
      if (third.kind === "committed") assert.deepEqual(third.report.removed, ["riff"]);
    } finally {
      await session.close();
      await Deno.remove(dir, { recursive: true });
    }
  });
});

Deno.test("needsMore: open brackets, templates, comments and a trailing |> continue a block", () => {
  const cases: [string, boolean][] = [
    ["bass: saw 55 |> lpf 300", false],
    ["bass: saw 55 |>", true],
    ["bass: saw 55 |>\n  lpf 300", false],
    ['register("x", sin(', true],
    ['register("x", sin(3))', false],
    ["lel`\n  a: sin 3", true],
    ["lel`\n  a: sin ${(s) => s.t}\n`", false],
    ["/* open", true],
    ["# a comment (", false],
    ["x: sin 3 # (", false],
    ["x: saw c#3 |> lpf (", true],
    ["class A { #x = 1; }", false],
    ['const s = "(";', false],
    ["const s = `${[1, 2].map((x) => x)}`", false],
    ["if (a) {\n  b();", true],
    // Regression: the hand-written check counted the bracket inside a regex as open.
    ["const r = /[(]/;", false],
    ['"a{b".split(/[{]/)', false],
    ["# it's a bass\nbass: saw 55", false],
  ];
  for (const [block, more] of cases) assert.equal(needsMore(block), more, block);
});

Deno.test("repl: multi-line blocks, dot commands and replies", async () => {
  await withServer(async (h) => {
    let out = "";
    const output = new Writable({
      write(chunk, _enc, done) {
        out += String(chunk);
        done();
      },
    });
    const input = Readable.from([
      "x: sin 3 |>\n",
      "  gain 0.5\n",
      'register("y",\n',
      "  sin(4))\n",
      ".mute y\n",
      ".solo x\n",
      ".solo\n",
      ".signals\n",
      ".mute\n",
      ".bogus\n",
      "broken(\n",
      "\n",
      ".exit\n",
      "never: sin 5\n",
    ]);
    assert.equal(await runRepl({ input, output, historyFile: false, send: h.send }), 0);
    const replies = out.split("\n").filter((l) => /^(ok|error)/.test(l));
    assert.deepEqual(replies, [
      "ok new x · signals: x · master -inf dBFS",
      "ok new y · signals: x, y · master -inf dBFS",
      "ok muted y · signals: x, y (muted) · master -inf dBFS",
      "ok soloed x · signals: x, y (muted) · master -inf dBFS",
      "ok ended solo · signals: x, y (muted) · master -inf dBFS",
      "ok no change · signals: x, y (muted) · master -inf dBFS",
      "error: .mute takes one signal name, e.g. .mute bass",
      "error: Unknown command '.bogus'; .help lists them",
      "error: 1:8: SyntaxError: Expression expected",
    ]);
    assert.deepEqual(names(), ["x:repl", "y:repl"]);
  }, { levels: () => ({ peak: 0, rms: 0 }) });
});
