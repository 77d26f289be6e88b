/**
 * The client side of the control protocol, shared by `deno task repl`, `deno task send` and the
 * tests: one connection per block, the reply read until the server closes.
 * @module
 */

import { type ControlInfo, ControlUnavailableError, readControlFile } from "./control_file.ts";
import { encodeRequest } from "./control_protocol.ts";

/** Options for {@linkcode sendBlock}; every field is optional. */
export interface SendOptions {
  /** Milliseconds to wait for the reply. @default {30000} */
  timeoutMs?: number;
}

/**
 * Sends one block to a running `live` and returns its reply.
 *
 * @param block DSL lines or TypeScript statements.
 * @param info Where to connect and the token (from `control.json`); read from lel's home
 *   folder when omitted.
 * @param options Reply timeout.
 * @returns The reply text without its final newline: `ok …` or `error: …`.
 * @throws {ControlUnavailableError} When no `live` is running (no file, or nothing listening).
 */
export async function sendBlock(
  block: string,
  info?: ControlInfo,
  options: SendOptions = {},
): Promise<string> {
  const target = info ?? await readControlFile();
  let conn: Deno.TcpConn;
  try {
    conn = await Deno.connect({ hostname: target.host, port: target.port });
  } catch (error) {
    if (error instanceof Deno.errors.ConnectionRefused) {
      throw new ControlUnavailableError(
        `No live engine answers on ${target.host}:${target.port} (control.json is left from ` +
          `one that stopped); start \`deno task live\` first`,
        { cause: error },
      );
    }
    throw error;
  }
  const timeoutMs = options.timeoutMs ?? 30_000;
  const timer = setTimeout(() => conn.close(), timeoutMs);
  try {
    const request = encodeRequest(target.token, block);
    let written = 0;
    while (written < request.length) written += await conn.write(request.subarray(written));
    await conn.closeWrite();
    const decoder = new TextDecoder();
    const buf = new Uint8Array(16 * 1024);
    let text = "";
    while (true) {
      const n = await conn.read(buf);
      if (n === null) break;
      text += decoder.decode(buf.subarray(0, n), { stream: true });
    }
    return (text + decoder.decode()).replace(/\n$/, "");
  } catch (error) {
    if (error instanceof Deno.errors.BadResource || error instanceof Deno.errors.Interrupted) {
      throw new ControlUnavailableError(
        `No reply from the live engine on ${target.host}:${target.port} within ${timeoutMs} ms`,
        { cause: error },
      );
    }
    throw error;
  } finally {
    clearTimeout(timer);
    try {
      conn.close();
    } catch {
      // Closed by the timer.
    }
  }
}
