/**
 * Shared harness for the control server's tests: a server on an ephemeral port in a temporary
 * home, the process engine (mono, rendered by hand or by a timer), and raw sockets.
 * @module
 */

import { ControlServer, type ControlServerOptions } from "../../../runtime/control/control.ts";
import { sendBlock } from "../../../runtime/control/control_client.ts";
import { type ControlInfo, readControlFile } from "../../../runtime/control/control_file.ts";
import { engine, resetEngine } from "../../../runtime/core/process_engine.ts";
import { setLogger, SILENT_LOGGER } from "../../../runtime/core/log.ts";

/** The engine's sample rate in these tests. */
export const SR = 48000;

/** A running server and ways to talk to it. */
export interface Harness {
  server: ControlServer;
  info: ControlInfo;
  home: string;
  logs: string[];
  send(block: string): Promise<string>;
  /** Renders `seconds` of the engine's (mono) output. */
  render(seconds: number): Float32Array;
  /** Renders the engine in real time (128 frames every ~2.7 ms) until the test ends. */
  play(): void;
}

/**
 * Runs `fn` against a fresh engine and server; everything is torn down after.
 *
 * @param fn The test.
 * @param options Server options.
 */
export async function withServer(
  fn: (h: Harness) => Promise<void>,
  options: ControlServerOptions = {},
): Promise<void> {
  const previousLogger = setLogger(SILENT_LOGGER);
  const e = resetEngine({ sampleRate: SR, channels: 1 });
  const home = await Deno.makeTempDir({ prefix: "lel-control-test-" });
  const logs: string[] = [];
  const server = await ControlServer.start({
    port: 0,
    home,
    log: (m) => logs.push(m),
    ...options,
  });
  let ticking: ReturnType<typeof setInterval> | undefined;
  try {
    const info = await readControlFile(home);
    await fn({
      server,
      info,
      home,
      logs,
      send: (block) => sendBlock(block, info),
      render(seconds) {
        const out = new Float32Array(Math.round(seconds * SR));
        e.process([out], out.length);
        return out;
      },
      play() {
        const out = new Float32Array(1024);
        let last = performance.now();
        ticking = setInterval(() => {
          const now = performance.now();
          const frames = Math.min(out.length, Math.round(((now - last) / 1000) * SR));
          last = now;
          if (frames > 0) e.process([out], frames);
        }, 3);
      },
    });
  } finally {
    clearInterval(ticking);
    await server.close();
    e.dispose();
    setLogger(previousLogger);
    await Deno.remove(home, { recursive: true });
  }
}

/**
 * Sends raw bytes; half-closes unless told not to; returns everything the server sent.
 *
 * @param port The server's port.
 * @param bytes What to send.
 * @param halfClose Whether to half-close after writing.
 * @returns The reply text.
 */
export async function raw(port: number, bytes: Uint8Array, halfClose = true): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    let written = 0;
    while (written < bytes.length) written += await conn.write(bytes.subarray(written));
    if (halfClose) await conn.closeWrite();
    return await readAll(conn);
  } finally {
    conn.close();
  }
}

/**
 * Reads a connection until the server closes it.
 *
 * @param conn The connection.
 * @returns Everything it sent, as text.
 */
export async function readAll(conn: Deno.Conn): Promise<string> {
  let out = "";
  const buf = new Uint8Array(4096);
  const decoder = new TextDecoder();
  while (true) {
    const n = await conn.read(buf);
    if (n === null) break;
    out += decoder.decode(buf.subarray(0, n), { stream: true });
  }
  return out + decoder.decode();
}

/** UTF-8 bytes of a string. */
export const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The engine's signals as `name:origin`, sorted. */
export const names = (): string[] => engine().signals().map((s) => `${s.name}:${s.origin}`).sort();
