/**
 * The control protocol shared by the server inside `live` and its clients (`repl`, `send`).
 *
 * One TCP connection per code block:
 *
 * 1. Read `port` and `token` from `~/.lel/control.json` (or `$LEL_HOME/control.json`) and
 *    connect to `127.0.0.1:<port>`.
 * 2. Send the line `LEL/1 <token>\n`, then the block as UTF-8 (at most 1 MiB), then half-close.
 * 3. Read until the server closes: `ok <summary>`, or `error: <line>:<col>: <message>` and a
 *    caret frame (line and column inside the block); then what the block printed, a `> ` line
 *    per line of `console.log` (`! ` for `console.error`), and its value as `= ` lines. A signal
 *    of the block that faults as soon as it plays makes the status `error:` (the block was
 *    applied). `parseReply` in `control_reply.ts` reads one.
 * @module
 */

import { createHash, timingSafeEqual } from "node:crypto";

/** The first word of a request's header line. */
export const PROTOCOL = "LEL/1";

/** The port `live` listens on unless told otherwise. */
export const DEFAULT_PORT = 41234;

/** The address `live` binds unless told otherwise (loopback: this machine only). */
export const DEFAULT_HOST = "127.0.0.1";

/** The largest block accepted, in bytes (1 MiB). */
export const MAX_BLOCK_BYTES = 1024 * 1024;

/** The longest header line accepted, in bytes (the token is 64 hex digits). */
export const MAX_HEADER_BYTES = 256;

/** Milliseconds a client has to deliver its whole request. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 5000;

/**
 * Milliseconds a client has, from connecting, to deliver its header line (a real client sends
 * it at once; a connection that sends nothing is dropped this soon).
 */
export const DEFAULT_HEADER_TIMEOUT_MS = 2000;

/** Why a request without a header line is refused. */
export const MISSING_HEADER = `missing header; the first line must be '${PROTOCOL} <token>' ` +
  `with the token from control.json`;

/** Why a header line over {@linkcode MAX_HEADER_BYTES} is refused. */
export const HEADER_TOO_LONG = `header too long: the first line is over ${MAX_HEADER_BYTES} ` +
  `bytes; it must be '${PROTOCOL} <token>' with the token from control.json`;

const ENCODER = new TextEncoder();

/**
 * The bytes a client sends for one block: the header line, then the block.
 *
 * @param token The token from `control.json`.
 * @param block The code (DSL lines or TypeScript).
 * @returns The request, to be followed by a half-close.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const bytes = encodeRequest("ab12", "bass: saw 55");
 * assert.equal(new TextDecoder().decode(bytes), "LEL/1 ab12\nbass: saw 55");
 * ```
 */
export function encodeRequest(token: string, block: string): Uint8Array {
  return ENCODER.encode(`${PROTOCOL} ${token}\n${block}`);
}

/**
 * The token a header line carries, or why it carries none.
 *
 * @param line The first line of a request, without its `\n` (a trailing `\r` is allowed).
 * @returns `{ token }`, or `{ problem }`: why the request is refused.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseHeader("LEL/1 ab12"), { token: "ab12" });
 * assert.match((parseHeader("bass: saw 55") as { problem: string }).problem, /missing/);
 * ```
 */
export function parseHeader(line: string): { token: string } | { problem: string } {
  const match = /^LEL\/1(?: +([^\s]*))? *\r?$/.exec(line);
  if (match === null) return { problem: MISSING_HEADER };
  if (match[1] === undefined || match[1] === "") {
    return {
      problem: "missing token after 'LEL/1'; use the token from control.json",
    };
  }
  return { token: match[1] };
}

/**
 * Whether a token someone sent is the expected one, in time that does not depend on where they
 * differ (both are hashed first, so their lengths do not leak either).
 *
 * @param given The token from the request.
 * @param expected The server's token.
 * @returns Whether they are equal.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(tokenMatches("c0ffee", "c0ffee"), true);
 * assert.equal(tokenMatches("c0ffef", "c0ffee"), false);
 * assert.equal(tokenMatches("", "c0ffee"), false);
 * ```
 */
export function tokenMatches(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b) && expected.length > 0;
}

/**
 * Whether a reply says the block was applied.
 *
 * @param reply The whole reply text.
 * @returns True for `ok …`.
 */
export function isOkReply(reply: string): boolean {
  return reply === "ok" || reply.startsWith("ok ");
}

/**
 * Whether binding `host` keeps the control port on this machine.
 *
 * @param host A hostname or IP address.
 * @returns True for `localhost`, 127.x.x.x and ::1.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(isLoopback("127.0.0.1"), true);
 * assert.equal(isLoopback("0.0.0.0"), false);
 * ```
 */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
