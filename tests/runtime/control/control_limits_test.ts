/**
 * The control server's limits against idle and oversized requests, with real sockets: a
 * connection that sends nothing is dropped after the header timeout, idle connections never
 * lock a client out (the oldest idle one makes room), and a client is turned away only when
 * every slot holds one that sent the right token.
 * @module
 */
import assert from "node:assert/strict";
import { encodeRequest } from "../../../runtime/control/control_protocol.ts";
import { names, raw, readAll, text, withServer } from "./_control.ts";

/** Opens `count` connections that send nothing (or `first`) and stay open. */
async function openIdle(port: number, count: number, first?: Uint8Array): Promise<Deno.Conn[]> {
  const conns: Deno.Conn[] = [];
  for (let i = 0; i < count; i++) {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    if (first !== undefined) await conn.write(first);
    conns.push(conn);
  }
  return conns;
}

function closeAll(conns: Deno.Conn[]): void {
  for (const c of conns) {
    try {
      c.close();
    } catch {
      // Closed by the server.
    }
  }
}

Deno.test("a 10 KB header line is refused as too long, not as missing", async () => {
  await withServer(async (h) => {
    const reply = await raw(h.info.port, text(`LEL/1 ${"f".repeat(10 * 1024)}\nx: sin 3`));
    assert.match(
      reply,
      /^error: Request refused: header too long: the first line is over 256 bytes; it must be 'LEL\/1 <token>'/,
    );
    assert.deepEqual(names(), []);
  });
});

Deno.test("a connection that sends nothing is refused after the header timeout, before the request timeout", async () => {
  await withServer(async (h) => {
    const started = performance.now();
    const [silent] = await openIdle(h.info.port, 1);
    const [partial] = await openIdle(h.info.port, 1, text("LEL/1 "));
    try {
      const [a, b] = await Promise.all([readAll(silent), readAll(partial)]);
      const ms = performance.now() - started;
      for (const reply of [a, b]) {
        assert.match(
          reply,
          /^error: Request refused: no header line within 0\.3 s of connecting; send 'LEL\/1 <token>' first/,
        );
      }
      // Refused by the header timeout (0.3 s), long before the request timeout (30 s).
      assert.ok(ms < 20_000, `refused after ${ms.toFixed(0)} ms`);
    } finally {
      closeAll([silent, partial]);
    }
  }, { headerTimeoutMs: 300, requestTimeoutMs: 30_000 });
});

Deno.test("64 idle connections do not lock the REPL out: the oldest idle one makes room", async () => {
  await withServer(async (h) => {
    // Long timeouts: only the cap can free a slot while the test runs.
    const idle = await openIdle(h.info.port, 64);
    const firstReply = readAll(idle[0]).catch((e) => `read failed: ${e}`);
    try {
      const reply = await h.send("x: sin 220 |> gain 0.1");
      assert.match(reply, /^ok new x · signals: x/);
      assert.match(
        await firstReply,
        /^error: Request refused: dropped to make room: all 64 connection slots were taken and this one was the oldest without a header line/,
      );
      // The other 63 are still open: the REPL was served while they waited.
      const secondReply = readAll(idle[1]).catch((e) => `read failed: ${e}`);
      const second = await Promise.race([
        secondReply,
        new Promise<string>((r) => setTimeout(() => r("still open"), 200)),
      ]);
      assert.equal(second, "still open");
      // The dropped one's slot went to the first block; the next block fills it again and the
      // 63 idle ones are still waiting.
      assert.match(await h.send("y: sin 330 |> gain 0.1"), /^ok new y /);
      assert.equal(
        await Promise.race([
          secondReply,
          new Promise<string>((r) => setTimeout(() => r("still open"), 200)),
        ]),
        "still open",
      );
    } finally {
      closeAll(idle);
    }
    assert.deepEqual(names(), ["x:repl", "y:repl"]);
  }, { headerTimeoutMs: 60_000, requestTimeoutMs: 60_000 });
});

Deno.test("when every slot holds a client that sent the token, a new one is refused at once", async () => {
  await withServer(async (h) => {
    // Two clients that sent the header and part of a block, then wait.
    const busy = await openIdle(h.info.port, 2, encodeRequest(h.info.token, "# half"));
    try {
      // Let the server read their headers.
      await new Promise((r) => setTimeout(r, 200));
      assert.match(
        await h.send("z: sin 3"),
        /^error: Request refused: too many connections \(2 clients are being served\); try again/,
      );
    } finally {
      closeAll(busy);
    }
    assert.deepEqual(names(), []);
  }, { maxConnections: 2, headerTimeoutMs: 60_000, requestTimeoutMs: 60_000 });
});
