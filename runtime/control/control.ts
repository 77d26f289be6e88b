/**
 * The control server inside `deno task live`: a TCP port on the loopback address through which
 * `deno task repl` and `deno task send` (and editors) evaluate code blocks in the running engine.
 *
 * The protocol, one connection per block:
 *
 * 1. Read `port` and `token` from `~/.lel/control.json` (or `$LEL_HOME/control.json`) and
 *    connect to `127.0.0.1:<port>`.
 * 2. Send the line `LEL/1 <token>\n`, then the block as UTF-8 (at most 1 MiB), then half-close.
 * 3. Read until the server closes: `ok <summary>`, or `error: <line>:<col>: <message>` and a
 *    caret frame (line and column inside the block); then what the block printed, a `> ` line
 *    per line of `console.log` (`! ` for `console.error`), and its value as `= ` lines. A signal
 *    of the block that faults as soon as it plays makes the status `error:` (the block was
 *    applied). `parseReply` in `control_reply.ts` reads one.
 *
 * Security: only the user who started `live` can read the token (the folder is 0700, the file
 * 0600, both written before the port is announced), and a request is evaluated only when it
 * carries it (compared in constant time). A request without it, with a wrong one, with a header
 * line over 256 bytes, a block over 1 MiB, no header line within the header timeout (2 s) or
 * not complete within the request timeout (5 s) is refused with an `error:` reply before
 * anything is evaluated. Connections are served concurrently, at most 64 at once; past that the
 * oldest idle one (no header yet) is dropped to make room, so idle sockets never lock a client
 * out.
 * Evaluations take turns with file reloads through the engine lock.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const home = await Deno.makeTempDir();
 * const server = await ControlServer.start({ port: 0, home });
 * const { token } = JSON.parse(await Deno.readTextFile(server.controlFile));
 * const conn = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
 * await conn.write(new TextEncoder().encode(`LEL/1 ${token}\n# nothing to play`));
 * await conn.closeWrite();
 * assert.match(await new Response(conn.readable).text(), /^ok no change/);
 * await server.close();
 * await Deno.remove(home, { recursive: true });
 * ```
 * @module
 */

import type { Engine } from "../core/engine.ts";
import { engine } from "../core/process_engine.ts";
import type { LevelStats } from "../core/voice_table.ts";
import {
  controlFilePath,
  type ControlInfo,
  lelHome,
  removeControlFileSync,
  writeControlFile,
} from "./control_file.ts";
import { ConnectionTable } from "./control_connections.ts";
import { faultsAtOnce, type FaultWindow } from "./control_faults.ts";
import {
  DEFAULT_HEADER_TIMEOUT_MS,
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from "./control_protocol.ts";
import { describeForLog, formatReply } from "./control_reply.ts";
import { readRequest } from "./control_request.ts";
import { ReplEvaluator } from "./repl_eval.ts";

/** Options for {@linkcode ControlServer.start}; every field is optional. */
export interface ControlServerOptions {
  /** Address to bind. Anything but loopback makes the port reachable from other machines. @default {"127.0.0.1"} */
  host?: string;
  /** TCP port; 0 picks a free one. @default {41234} */
  port?: number;
  /** Folder for `control.json`. @default {`$LEL_HOME`, else `~/.lel`} */
  home?: string;
  /** Milliseconds a client has to deliver its whole request. @default {5000} */
  requestTimeoutMs?: number;
  /** Milliseconds a client has to deliver its header line. @default {2000} */
  headerTimeoutMs?: number;
  /** Milliseconds a TypeScript block may run (await). @default {10000} */
  evalTimeoutMs?: number;
  /**
   * The engine blocks are evaluated in (it is the active engine while a block runs, as a
   * session's is while it loads) and whose signals, faults and levels the replies report.
   * @default {the process engine, `engine()`, as it is when each block arrives}
   */
  engine?: Engine;
  /**
   * Connections open at once. A new one past the cap drops the oldest idle one (no header
   * yet); it is refused only when every slot holds a client that sent the right token.
   * @default {64}
   */
  maxConnections?: number;
  /**
   * After a commit, wait until the engine has rendered this much audio (or the timeout) and
   * report a signal of the block that faulted in it as a failed block; `false` replies at once.
   * Only useful while something renders the engine (live's output).
   * @default {false}
   */
  faultWindow?: FaultWindow | false;
  /**
   * The master level to report with each `ok` (the live status line's last window).
   * @default {the engine's levels since the previous call}
   */
  levels?: () => LevelStats | undefined;
  /** Receives one line per evaluated block. @default {nothing} */
  log?: (message: string) => void;
  /** Receives one line per refused request. @default {the `log` option} */
  warn?: (message: string) => void;
}

interface ResolvedOptions {
  host: string;
  port: number;
  home: string;
  requestTimeoutMs: number;
  headerTimeoutMs: number;
  evalTimeoutMs: number;
  engine: Engine | undefined;
  maxConnections: number;
  faultWindow: FaultWindow | false;
  levels: () => LevelStats | undefined;
  log: (message: string) => void;
  warn: (message: string) => void;
}

const ENCODER = new TextEncoder();

/** The running control server. */
export class ControlServer {
  readonly #options: ResolvedOptions;
  readonly #listener: Deno.TcpListener;
  readonly #token: string;
  readonly #evaluator: ReplEvaluator;
  readonly #connections: ConnectionTable;
  readonly #handlers = new Set<Promise<void>>();
  readonly #onUnload: () => void;
  #closed = false;
  #accepting: Promise<void> | undefined;

  private constructor(options: ResolvedOptions, listener: Deno.TcpListener, token: string) {
    this.#options = options;
    this.#listener = listener;
    this.#token = token;
    this.#evaluator = new ReplEvaluator({
      timeoutMs: options.evalTimeoutMs,
      engine: options.engine,
    });
    this.#connections = new ConnectionTable(options);
    this.#onUnload = () => removeControlFileSync(options.home, token);
  }

  /**
   * Binds the port, writes `control.json` (0600) and starts serving.
   *
   * @param options Address, port, home folder, limits and where to log.
   * @returns The server.
   * @throws {Deno.errors.AddrInUse} When the port is taken (another `live`?).
   */
  static async start(options: ControlServerOptions = {}): Promise<ControlServer> {
    const resolved = resolveOptions(options);
    const token = Array.from(
      crypto.getRandomValues(new Uint8Array(32)),
      (b) => b.toString(16).padStart(2, "0"),
    ).join("");
    const listener = Deno.listen({ hostname: resolved.host, port: resolved.port });
    const server = new ControlServer(resolved, listener, token);
    try {
      await writeControlFile(
        resolved.home,
        {
          version: 1,
          host: connectHost(resolved.host),
          port: listener.addr.port,
          token,
          pid: Deno.pid,
        } satisfies ControlInfo,
      );
    } catch (error) {
      listener.close();
      throw error;
    }
    globalThis.addEventListener("unload", server.#onUnload);
    server.#accepting = server.#accept();
    return server;
  }

  /** The port it listens on. */
  get port(): number {
    return this.#listener.addr.port;
  }

  /** The address it is bound to. */
  get host(): string {
    return this.#options.host;
  }

  /** Path of the `control.json` it wrote. */
  get controlFile(): string {
    return controlFilePath(this.#options.home);
  }

  /**
   * Stops listening, closes open connections (waiting up to a second for blocks being
   * evaluated), removes `control.json` and the temporary modules.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#listener.close();
    await this.#accepting;
    const pending = Promise.all([...this.#handlers]);
    await Promise.race([pending, new Promise((r) => setTimeout(r, 1000))]);
    for (const conn of this.#connections.sockets()) closeQuietly(conn);
    await pending;
    globalThis.removeEventListener("unload", this.#onUnload);
    removeControlFileSync(this.#options.home, this.#token);
    await this.#evaluator.close();
  }

  async #accept(): Promise<void> {
    while (!this.#closed) {
      let conn: Deno.Conn;
      try {
        conn = await this.#listener.accept();
      } catch {
        return; // The listener was closed.
      }
      const handler = this.#serve(conn).finally(() => this.#handlers.delete(handler));
      this.#handlers.add(handler);
    }
  }

  async #serve(conn: Deno.Conn): Promise<void> {
    const connection = this.#connections.open(conn);
    const from = describeAddr(conn.remoteAddr);
    const { headerTimeoutMs, requestTimeoutMs } = this.#options;
    const headerTimer = setTimeout(() => {
      if (connection.authenticated) return;
      this.#connections.refuse(
        connection,
        `no header line within ${headerTimeoutMs / 1000} s of connecting; send ` +
          `'LEL/1 <token>' first`,
      );
    }, headerTimeoutMs);
    const requestTimer = setTimeout(() => {
      this.#connections.refuse(
        connection,
        `not complete within ${requestTimeoutMs / 1000} s; send the header line and the ` +
          `block, then half-close the connection`,
      );
    }, requestTimeoutMs);
    const stopTimers = () => {
      clearTimeout(headerTimer);
      clearTimeout(requestTimer);
    };
    try {
      const result = await Promise.race([
        readRequest(conn, this.#token, () => this.#connections.authenticate(connection)),
        connection.refused.then((reason) => ({ kind: "timeout" as const, reason })),
      ]);
      stopTimers();
      if (result.kind === "gone") return;
      if (result.kind === "timeout") {
        // The read is still pending: reply and close without draining.
        this.#options.warn(`control: refused a request from ${from}: ${result.reason}`);
        await reply(conn, `error: Request refused: ${result.reason}`);
        return;
      }
      if (result.kind === "refused") {
        this.#options.warn(`control: refused a request from ${from}: ${result.reason}`);
        await reply(conn, `error: Request refused: ${result.reason}`);
        // Read what the client still sends before closing, so the reply is not lost to a reset.
        await Promise.race([drain(conn), new Promise((r) => setTimeout(r, requestTimeoutMs))]);
        return;
      }
      await reply(conn, await this.#evaluate(result.text));
    } catch {
      // The client went away mid-reply; nothing to tell anyone.
    } finally {
      stopTimers();
      this.#connections.close(connection);
      closeQuietly(conn);
    }
  }

  /** Evaluates a block and words the reply (faults in its first blocks of audio included). */
  async #evaluate(block: string): Promise<string> {
    try {
      const outcome = await this.#evaluator.evaluate(block);
      const e = this.#options.engine ?? engine();
      const window = this.#options.faultWindow;
      const faults = outcome.kind === "ok" && window !== false
        ? await faultsAtOnce(e, outcome, window)
        : [];
      this.#options.log(describeForLog(outcome, faults));
      return formatReply(outcome, {
        master: this.#options.levels(),
        signals: e.signals(),
        faults,
        block,
      });
    } catch (error) {
      // A bug of lel's, not the block's: say so rather than hang up without a word.
      const message = error instanceof Error ? error.message : String(error);
      this.#options.warn(`control: evaluating a block failed inside lel: ${message}`);
      return `error: lel failed while evaluating the block: ${message}`;
    }
  }
}

function resolveOptions(options: ControlServerOptions): ResolvedOptions {
  const port = options.port ?? DEFAULT_PORT;
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new RangeError(`Cannot start the control server: port must be 0..65535, got ${port}`);
  }
  const log = options.log ?? (() => {});
  return {
    host: options.host ?? DEFAULT_HOST,
    port,
    home: options.home ?? lelHome(),
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    headerTimeoutMs: options.headerTimeoutMs ?? DEFAULT_HEADER_TIMEOUT_MS,
    evalTimeoutMs: options.evalTimeoutMs ?? 10_000,
    engine: options.engine,
    maxConnections: options.maxConnections ?? 64,
    faultWindow: options.faultWindow ?? false,
    levels: options.levels ?? (() => (options.engine ?? engine()).takeLevels().master),
    log,
    warn: options.warn ?? log,
  };
}

/** The address a client should dial for a bound address. */
function connectHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::" || host === "[::]") return "::1";
  return host;
}

function describeAddr(addr: Deno.Addr): string {
  return addr.transport === "tcp" ? `${addr.hostname}:${addr.port}` : addr.transport;
}

async function reply(conn: Deno.Conn, text: string): Promise<void> {
  const bytes = ENCODER.encode(text + "\n");
  let written = 0;
  while (written < bytes.length) written += await conn.write(bytes.subarray(written));
  try {
    await conn.closeWrite();
  } catch {
    // Already closed by the client.
  }
}

async function drain(conn: Deno.Conn): Promise<void> {
  const buf = new Uint8Array(64 * 1024);
  try {
    while ((await conn.read(buf)) !== null) {
      // Discard.
    }
  } catch {
    // Closed.
  }
}

function closeQuietly(conn: Deno.Conn): void {
  try {
    conn.close();
  } catch {
    // Already closed.
  }
}
