/**
 * The logger: the one place outside the CLI that writes to the console.
 *
 * The engine reports faults and reloads through it; the CLI and tests replace it.
 * @module
 */

/** Where lel's messages go. */
export interface Logger {
  /** Progress and reports (reloads, state). */
  info(message: string): void;
  /** Something the user should fix, while the music goes on (a fault, a failed save). */
  error(message: string): void;
}

const LOGGER = Symbol.for("lel.logger");
type LoggerGlobal = typeof globalThis & { [LOGGER]?: Logger };

const CONSOLE_LOGGER: Logger = {
  info: (message) => console.log(message),
  error: (message) => console.error(message),
};

/** A logger that drops everything (for tests and embedding). */
export const SILENT_LOGGER: Logger = { info: () => {}, error: () => {} };

/**
 * The current logger (the console unless replaced).
 *
 * @returns The logger.
 */
export function logger(): Logger {
  return (globalThis as LoggerGlobal)[LOGGER] ?? CONSOLE_LOGGER;
}

/**
 * Replaces the logger.
 *
 * @param next The new logger, or `undefined` for the console.
 * @returns The previous logger.
 */
export function setLogger(next: Logger | undefined): Logger {
  const g = globalThis as LoggerGlobal;
  const previous = logger();
  g[LOGGER] = next;
  return previous;
}
