/**
 * The control server's open connections and its cap on them. A connection is *idle* until its
 * header line has arrived with the right token; idle ones are what a stuck or hostile client
 * leaves behind, so when the cap is reached the oldest idle one is dropped to make room: a new
 * client (the REPL) is never turned away because of idle sockets, only when every slot holds
 * a client that proved it has the token.
 * @module
 */

/** One open connection. */
export interface Connection {
  /** The socket. */
  readonly conn: Deno.Conn;
  /** When it was accepted (`performance.now()`, ms). */
  readonly openedAt: number;
  /** Whether its header line arrived with the right token. */
  readonly authenticated: boolean;
  /** Resolves with the reason once the server refuses it from outside its own read. */
  readonly refused: Promise<string>;
}

/** Limits for {@linkcode ConnectionTable}. */
export interface ConnectionLimits {
  /** Connections open at once (idle or not). */
  maxConnections: number;
}

interface Entry extends Connection {
  authenticated: boolean;
  refuse: (reason: string) => void;
  out: boolean;
}

/** The open connections, oldest first. */
export class ConnectionTable {
  readonly #limits: ConnectionLimits;
  readonly #entries = new Set<Entry>();

  /**
   * An empty table.
   *
   * @param limits The cap.
   */
  constructor(limits: ConnectionLimits) {
    this.#limits = limits;
  }

  /**
   * Adds a new connection, making room by dropping the oldest idle one when the cap is reached.
   *
   * @param conn The accepted socket.
   * @returns The entry; when every slot holds an authenticated client, it is already refused.
   */
  open(conn: Deno.Conn): Connection {
    let refuse: (reason: string) => void = () => {};
    const refused = new Promise<string>((resolve) => (refuse = resolve));
    const entry: Entry = {
      conn,
      openedAt: performance.now(),
      authenticated: false,
      refused,
      out: false,
      refuse: (reason) => {
        if (entry.out) return;
        entry.out = true;
        refuse(reason);
      },
    };
    const open = [...this.#entries].filter((e) => !e.out);
    if (open.length >= this.#limits.maxConnections) {
      const oldest = open.find((e) => !e.authenticated);
      if (oldest === undefined) {
        entry.refuse(
          `too many connections (${this.#limits.maxConnections} clients are being served); ` +
            `try again`,
        );
      } else {
        const age = ((performance.now() - oldest.openedAt) / 1000).toFixed(1);
        oldest.refuse(
          `dropped to make room: all ${this.#limits.maxConnections} connection slots were ` +
            `taken and this one was the oldest without a header line (open ${age} s); send ` +
            `the header line at once`,
        );
      }
    }
    this.#entries.add(entry);
    return entry;
  }

  /**
   * Marks a connection as holding a client with the right token (no longer idle).
   *
   * @param connection The entry from {@linkcode open}.
   */
  authenticate(connection: Connection): void {
    (connection as Entry).authenticated = true;
  }

  /**
   * Refuses a connection from outside its read (a timeout); its handler replies and closes.
   *
   * @param connection The entry.
   * @param reason What the reply says after `Request refused: `.
   */
  refuse(connection: Connection, reason: string): void {
    (connection as Entry).refuse(reason);
  }

  /**
   * Forgets a connection (its handler has closed it).
   *
   * @param connection The entry.
   */
  close(connection: Connection): void {
    this.#entries.delete(connection as Entry);
  }

  /** Every open socket, for closing them all. */
  sockets(): Deno.Conn[] {
    return [...this.#entries].map((e) => e.conn);
  }
}
