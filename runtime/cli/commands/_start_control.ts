/**
 * The `live` command's control server: started beside the music, and left out (with a word)
 * when it cannot start.
 * @module
 */

import { ControlServer } from "../../control/control.ts";
import { isLoopback } from "../../control/control_protocol.ts";
import type { Engine } from "../../core/engine.ts";
import type { LevelStats } from "../../core/voice_table.ts";

/** After a commit, how much audio to wait for before replying (a fault in it fails the block). */
const FAULT_WINDOW = { seconds: 0.05, timeoutMs: 1000 };

/**
 * Starts the control server for `repl` and `send`; when it cannot (a port already taken, an
 * unwritable ~/.lel), says so and goes on without it (the music matters more).
 *
 * @param address Where to listen.
 * @param engine The engine blocks are evaluated in.
 * @param levels The master level to report with each reply.
 * @param say Prints a line.
 * @param shout Prints a line that must be seen.
 * @returns The server, or undefined when there is none.
 */
export async function startControl(
  address: { host: string; port: number },
  engine: Engine,
  levels: () => LevelStats | undefined,
  say: (message: string) => void,
  shout: (message: string) => void,
): Promise<ControlServer | undefined> {
  let server: ControlServer;
  try {
    server = await ControlServer.start({
      ...address,
      engine,
      levels,
      log: say,
      warn: shout,
      faultWindow: FAULT_WINDOW,
    });
  } catch (error) {
    shout(
      error instanceof Deno.errors.AddrInUse
        ? `lel: control port ${address.port} is in use (another live?); repl and send are off ` +
          `for this one (pick another with --port)`
        : `lel: no control port (repl and send are off): ${(error as Error).message}`,
    );
    return undefined;
  }
  if (!isLoopback(address.host)) {
    shout(
      `lel: warning: the control port listens on ${address.host}:${server.port}, reachable ` +
        `from other machines; anyone with the token can run code as you, and it travels in clear text`,
    );
  }
  say(
    `lel: control on ${address.host}:${server.port} for deno task repl / send ` +
      `(token in ${server.controlFile})`,
  );
  return server;
}
