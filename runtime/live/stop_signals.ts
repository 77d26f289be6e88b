/**
 * The signals that stop `live`: SIGINT (Ctrl-C), SIGTERM and SIGHUP (the terminal closed).
 *
 * The listeners stay installed until the shutdown is done, so no signal can kill the process
 * half-way through its fade-out and leave `control.json` behind. That matters because one
 * Ctrl-C often arrives more than once: the terminal sends SIGINT to the whole foreground
 * process group, and wrappers in that group (`npx`, `npm exec`, `deno task`) forward it to
 * their child again. Signals within {@linkcode DUPLICATE_WINDOW_MS} of the first are taken as
 * such echoes and ignored; a signal after that means "stop now" and cuts the fade short (the
 * cleanup still runs).
 * @module
 */

/** Signals closer than this to the first one are the same request, relayed, in ms. */
export const DUPLICATE_WINDOW_MS = 300;

const STOP_SIGNALS: Deno.Signal[] = Deno.build.os === "windows"
  ? ["SIGINT", "SIGBREAK"]
  : ["SIGINT", "SIGTERM", "SIGHUP"];

/** What {@linkcode listenForStop} returns. */
export interface StopListener extends Disposable {
  /** Resolves with the first stop signal's name. */
  readonly stopped: Promise<Deno.Signal>;
  /** Resolves when another signal arrives after the duplicate window: hurry up. */
  readonly hurry: Promise<Deno.Signal>;
  /** Removes the listeners (once the shutdown is complete). */
  dispose(): void;
}

/**
 * Listens for the signals that stop `live` until disposed.
 *
 * @param duplicateWindowMs Echoes of the first signal within this many ms are ignored (>= 0).
 * @returns The promises to wait on, and `dispose`.
 * @example
 * ```ts ignore
 * using stop = listenForStop();
 * await stop.stopped;
 * await Promise.race([fadeOut(), stop.hurry]);
 * ```
 */
export function listenForStop(duplicateWindowMs = DUPLICATE_WINDOW_MS): StopListener {
  const stopped = Promise.withResolvers<Deno.Signal>();
  const hurry = Promise.withResolvers<Deno.Signal>();
  let firstAt: number | undefined;
  const installed: [Deno.Signal, () => void][] = [];
  for (const signal of STOP_SIGNALS) {
    const handler = () => {
      const now = performance.now();
      if (firstAt === undefined) {
        firstAt = now;
        stopped.resolve(signal);
      } else if (now - firstAt >= duplicateWindowMs) {
        hurry.resolve(signal);
      }
    };
    try {
      Deno.addSignalListener(signal, handler);
      installed.push([signal, handler]);
    } catch {
      // Not available on this platform.
    }
  }
  let disposed = false;
  const dispose = () => {
    if (disposed) return;
    disposed = true;
    for (const [signal, handler] of installed) Deno.removeSignalListener(signal, handler);
  };
  return {
    stopped: stopped.promise,
    hurry: hurry.promise,
    dispose,
    [Symbol.dispose]: dispose,
  };
}
