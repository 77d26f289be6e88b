/**
 * The one error a sample load throws, and the messages it carries (shared by the main thread
 * and the decode worker, so both say the same thing).
 * @module
 */

/**
 * A sample that cannot be loaded: missing, a folder, unreadable, empty, or not a WAV file lel
 * can read. The message names the sample as written and the absolute path looked at, and says
 * what to do.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const e = new SampleError("Cannot load sample 'kick.wav': file not found", "kick.wav", "/s/kick.wav");
 * assert.ok(e instanceof Error);
 * assert.equal(e.name, "SampleError");
 * assert.equal(e.path, "/s/kick.wav");
 * ```
 */
export class SampleError extends Error {
  /** The path as the session wrote it. */
  readonly requested: string;
  /** The absolute path that was looked at. */
  readonly path: string;

  /**
   * Creates the error.
   *
   * @param message What went wrong and what to do.
   * @param requested The path as the session wrote it.
   * @param path The absolute path looked at.
   * @param options The underlying error as `cause`.
   */
  constructor(message: string, requested: string, path: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "SampleError";
    this.requested = requested;
    this.path = path;
  }
}

/** How a load failed, so a worker can say it in a message and the main thread rebuild it. */
export type SampleProblem =
  | { kind: "missing" }
  | { kind: "folder" }
  | { kind: "denied" }
  | { kind: "io"; detail: string }
  | { kind: "empty" }
  | { kind: "silent" }
  | { kind: "wav"; detail: string };

/**
 * The message for a failed load: sentence case, values quoted, says what to do.
 *
 * @param requested The path as written.
 * @param path The absolute path looked at.
 * @param problem What went wrong.
 * @returns The message.
 */
export function sampleMessage(requested: string, path: string, problem: SampleProblem): string {
  const head = `Cannot load sample '${requested}'`;
  switch (problem.kind) {
    case "missing":
      return `${head}: file not found (looked in '${path}'); check the name and that the path is relative to the session file`;
    case "folder":
      return `${head}: '${path}' is a folder; give the path of a .wav file`;
    case "denied":
      return `${head}: permission denied reading '${path}'; make the file readable (and run lel with --allow-read)`;
    case "io":
      return `${head}: cannot read '${path}' (${problem.detail}); check the file and try again`;
    case "empty":
      return `${head}: '${path}' is empty (0 bytes); export or render the sample again`;
    case "silent":
      return `${head}: '${path}' holds no audio (0 frames); export or render the sample again`;
    case "wav":
      return `${head}: '${path}' is not a WAV file lel can read: ${problem.detail}; export it as WAV (PCM 8/16/24/32-bit or float 32/64-bit)`;
  }
}

/**
 * The problem behind an error thrown by a file-system call.
 *
 * @param error What `Deno.realPathSync`, `statSync` or `readFileSync` threw.
 * @returns The matching problem.
 */
export function fileProblem(error: unknown): SampleProblem {
  if (error instanceof Deno.errors.NotFound) return { kind: "missing" };
  if (error instanceof Deno.errors.IsADirectory) return { kind: "folder" };
  if (error instanceof Deno.errors.PermissionDenied || error instanceof Deno.errors.NotCapable) {
    return { kind: "denied" };
  }
  return { kind: "io", detail: error instanceof Error ? error.message : String(error) };
}
