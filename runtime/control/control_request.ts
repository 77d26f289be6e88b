/**
 * Reads one control request from a connection: the header line (checked as soon as it is
 * complete, so a wrong token is refused before the block is read), then the block up to the
 * client's half-close, within the protocol's limits.
 * @module
 */

import {
  HEADER_TOO_LONG,
  MAX_BLOCK_BYTES,
  MAX_HEADER_BYTES,
  MISSING_HEADER,
  parseHeader,
  tokenMatches,
} from "./control_protocol.ts";

/** What reading a request gave. */
export type RequestResult =
  | { kind: "block"; text: string }
  | { kind: "refused"; reason: string }
  | { kind: "gone" };

/**
 * Reads a request.
 *
 * @param conn The connection.
 * @param token The server's token.
 * @param onHeader Called once the header line has arrived and carries the right token.
 * @returns The block, why it was refused, or `gone` when the connection failed.
 */
export async function readRequest(
  conn: Deno.Conn,
  token: string,
  onHeader: () => void,
): Promise<RequestResult> {
  const buf = new Uint8Array(64 * 1024);
  const header: Uint8Array[] = [];
  let headerBytes = 0;
  let headerDone = false;
  const body: Uint8Array[] = [];
  let bodyBytes = 0;
  const checkHeader = (): RequestResult | undefined => {
    const parsed = parseHeader(new TextDecoder().decode(concat(header, headerBytes)));
    if ("problem" in parsed) return { kind: "refused", reason: parsed.problem };
    if (!tokenMatches(parsed.token, token)) {
      return {
        kind: "refused",
        reason: "wrong token; read the token from control.json again " +
          "(each start of live writes a new one)",
      };
    }
    onHeader();
    return undefined;
  };
  while (true) {
    let n: number | null;
    try {
      n = await conn.read(buf);
    } catch {
      return { kind: "gone" };
    }
    if (n === null) break;
    let data = buf.subarray(0, n);
    if (!headerDone) {
      const newline = data.indexOf(10);
      const part = newline === -1 ? data : data.subarray(0, newline);
      if (headerBytes + part.length > MAX_HEADER_BYTES) {
        return { kind: "refused", reason: HEADER_TOO_LONG };
      }
      header.push(part.slice());
      headerBytes += part.length;
      if (newline === -1) continue;
      headerDone = true;
      const refused = checkHeader();
      if (refused !== undefined) return refused;
      data = data.subarray(newline + 1);
    }
    bodyBytes += data.length;
    if (bodyBytes > MAX_BLOCK_BYTES) {
      return {
        kind: "refused",
        reason: `the block is over ${MAX_BLOCK_BYTES} bytes (1 MiB); send a smaller one`,
      };
    }
    if (data.length > 0) body.push(data.slice());
  }
  if (!headerDone) {
    if (headerBytes === 0) return { kind: "refused", reason: MISSING_HEADER };
    const refused = checkHeader();
    if (refused !== undefined) return refused;
  }
  try {
    return {
      kind: "block",
      text: new TextDecoder("utf-8", { fatal: true }).decode(concat(body, bodyBytes)),
    };
  } catch {
    return { kind: "refused", reason: "the block is not valid UTF-8" };
  }
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
