/**
 * What a REPL block's reply says, through the control protocol: the value of its last
 * expression, what it printed through `console`, a DSL hint for a line missing its `:`, and a
 * failure for a signal that faults as soon as it plays.
 * @module
 */
import assert from "node:assert/strict";
import { Readable, Writable } from "node:stream";
import { presentReply, runRepl } from "../../../runtime/cli/commands/repl.ts";
import { parseReply } from "../../../runtime/control/control_reply.ts";
import { names, withServer } from "./_control.ts";

/** Replaces the global console's printing methods while `fn` runs; returns what they got. */
async function capturingConsole(fn: () => Promise<void>): Promise<string[]> {
  const printed: string[] = [];
  const saved = { ...console };
  for (const m of ["log", "info", "debug", "error", "warn"] as const) {
    console[m] = (...args: unknown[]) => printed.push(`${m}: ${args.join(" ")}`);
  }
  try {
    await fn();
  } finally {
    Object.assign(console, saved);
  }
  return printed;
}

Deno.test("an expression's value is echoed: numbers, values of several statements, signals, helpers", async () => {
  await withServer(async (h) => {
    const cases: [string, string | undefined][] = [
      ["db(-6)", "0.5011872336272722"],
      ["db(-6);", "0.5011872336272722"],
      ["const root = 55; root * 2", "110"],
      ["const root = 55;\nroot * 2", "110"],
      // The middle line continues the first: only the last line is the echoed expression.
      ["const v = [1, 2]\n  .map((x) => x * 3)\nv", "[ 3, 6 ]"],
      ['"a" + "b"', '"ab"'],
      ["({ hz: 440, q: 0.7 })", "{ hz: 440, q: 0.7 }"],
      ["saw(55)", "[signal saw]"],
      ["lpf(saw(55), 300)", "[signal lpf]"],
      ["lpf", "[helper lpf]"],
      ["register", "[function register]"],
      ['register("hum", sin(110))', undefined],
      ["const a: number = 1;", undefined],
      ["lel`\n  hum2: sin 220\n`", undefined],
    ];
    for (const [block, value] of cases) {
      const reply = parseReply(await h.send(block));
      assert.ok(reply.ok, `${block}: ${reply.status}`);
      assert.equal(reply.value, value, block);
    }
    assert.match(
      await h.send("db(-6)"),
      /^ok no change · signals: hum, hum2\n= 0\.5011872336272722$/,
    );
    assert.equal(
      presentReply(await h.send("db(-6)")),
      "0.5011872336272722\nok no change · signals: hum, hum2",
      "the value, then the status line every block gets",
    );
    assert.deepEqual(names(), ["hum2:repl", "hum:repl"]);
  }, { levels: () => undefined });
});

Deno.test("console.log, info and error in a block go to the reply, in order, not to live's console", async () => {
  await withServer(async (h) => {
    let reply = "";
    const printed = await capturingConsole(async () => {
      reply = await h.send(
        'console.log("hello", 1 + 1);\nconsole.info("multi\\nline");\nconsole.error("oops %d", 7);\nregister("c", sin(3));\n"done"',
      );
    });
    assert.deepEqual(printed, []);
    assert.deepEqual(reply.split("\n"), [
      "ok new c · signals: c",
      "> hello 2",
      "> multi",
      "> line",
      "! oops 7",
      '= "done"',
    ]);
    assert.equal(
      presentReply(reply),
      'hello 2\nmulti\nline\noops 7\n"done"\nok new c · signals: c',
    );
  }, { levels: () => undefined });
});

Deno.test("what a block prints before it fails is in the error reply; after it ended, it goes to live's console", async () => {
  await withServer(async (h) => {
    const reply = await h.send('console.log("before");\nthrow new RangeError("late")');
    assert.deepEqual(reply.split("\n"), [
      "error: 2:7: RangeError: late",
      '1 | console.log("before");',
      '2 | throw new RangeError("late")',
      "  |       ^",
      "> before",
    ]);
    const printed = await capturingConsole(async () => {
      assert.match(await h.send('setTimeout(() => console.log("later"), 20);'), /^ok no change/);
      await new Promise((r) => setTimeout(r, 100));
    });
    assert.deepEqual(printed, ["log: later"]);
  });
});

Deno.test("a block runs once: a form that fails to parse never ran, a runtime SyntaxError is the block's", async () => {
  await withServer(async (h) => {
    // Not an expression (a declaration last): tried as statements after the other forms fail
    // to parse; "ran" is printed once.
    assert.deepEqual((await h.send('console.log("ran"); const k = 1')).split("\n"), [
      "ok no change · signals: none",
      "> ran",
    ]);
    // JSON.parse throws a SyntaxError while the block runs: reported, not retried.
    const reply = await h.send('console.log("once"), JSON.parse("{")');
    assert.match(reply, /^error: 1:\d+: SyntaxError: /);
    assert.deepEqual(parseReply(reply).output, [{ stream: "out", text: "once" }]);
  }, { levels: () => undefined });
});

Deno.test("a DSL line missing its ':' gets the DSL's hint, not TypeScript's parse error", async () => {
  await withServer(async (h) => {
    assert.equal(
      await h.send("bass saw 55 |> lpf 300"),
      "error: 1:6: Expected ':', found name 'saw'; a DSL line is 'name: chain': did you mean " +
        "'bass: saw 55 |> lpf 300'?\n1 | bass saw 55 |> lpf 300\n  |      ^^^",
    );
    assert.match(
      await h.send("lead: sin 440\nbass saw 55"),
      /^error: 2:6: Expected ':', found name 'saw'; a DSL line is 'name: chain': did you mean 'bass: saw 55'\?/,
    );
    // TypeScript with a typo keeps TypeScript's error.
    assert.match(await h.send('register("x", sin(3)'), /^error: 1:\d+: SyntaxError: /);
    assert.deepEqual(names(), []);
  });
});

Deno.test("a block whose signal goes wrong at once is refused by the shadow render: a located error, nothing applied", async () => {
  await withServer(async (h) => {
    h.play();
    assert.match(await h.send("good: sin 220 |> gain 0.1"), /^ok new good · /);
    const ts = await h.send('const hz = 3;\nregister("bad", (s) => (s.t >= 0 ? NaN : hz));');
    assert.equal(
      ts.split("\n")[0],
      "error: 2:1: Signal 'bad' produced NaN within 50 ms of starting; not applied: what played " +
        "before plays on",
    );
    assert.equal(
      ts.split("\n").slice(1).join("\n"),
      [
        "1 | const hz = 3;",
        '2 | register("bad", (s) => (s.t >= 0 ? NaN : hz));',
        "  | ^",
      ].join("\n"),
    );
    assert.equal(parseReply(ts).ok, false);
    const dsl = await h.send("loud: sin 440 |> gain 1e7");
    assert.match(
      dsl,
      /^error: 1:1: Signal 'loud' produced a runaway value [\d.e+]+ \(beyond ±1e\+6\) within 50 ms of starting; not applied: what played before plays on/,
    );
    // A good block after them is ok again, and says what is muted.
    assert.match(
      await h.send("good: sin 330 |> gain 0.1"),
      /^ok kept good · signals: good$/m,
    );
  }, {
    faultWindow: { seconds: 0.05, timeoutMs: 5000 },
    levels: () => undefined,
  });
});

Deno.test("the REPL prompt shows values and output, then the status line every block gets", async () => {
  await withServer(async (h) => {
    let out = "";
    const output = new Writable({
      write(chunk, _enc, done) {
        out += String(chunk);
        done();
      },
    });
    const input = Readable.from(["db(-6)\n", 'console.log("hi")\n', ".signals\n", ".exit\n"]);
    assert.equal(await runRepl({ input, output, historyFile: false, send: h.send }), 0);
    assert.deepEqual(out.split("\n").slice(1, -1), [
      "0.5011872336272722",
      "ok no change · signals: none",
      "hi",
      "ok no change · signals: none",
      "ok no change · signals: none",
    ]);
  }, { levels: () => undefined });
});
