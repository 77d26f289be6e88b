/**
 * A `deno` child process for the tests that run `live` (or another command) end to end: its
 * stdout and stderr are collected as they come, and a test waits for lines to appear.
 * @module
 */

/** A child process whose output is collected as it comes. */
export class Child {
  /** Everything it printed so far, stdout and stderr interleaved as they arrived. */
  text = "";
  /** The process. */
  readonly process: Deno.ChildProcess;
  readonly #done: Promise<void>;

  /**
   * Starts `deno <args>` (stdin closed).
   *
   * @param args The arguments after `deno`.
   * @param env Extra environment variables.
   */
  constructor(args: string[], env: Record<string, string> = {}) {
    this.process = new Deno.Command(Deno.execPath(), {
      args,
      env,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const decoder = new TextDecoder();
    const pump = async (stream: ReadableStream<Uint8Array>) => {
      for await (const chunk of stream) this.text += decoder.decode(chunk, { stream: true });
    };
    this.#done = Promise.all([pump(this.process.stdout), pump(this.process.stderr)]).then(() => {});
  }

  /**
   * Waits until `pattern` has matched `count` times in the output. The timeout is a hang
   * guard, not a speed check: a cold `live` on a loaded 2-core machine took over 8 s.
   *
   * @param pattern What to wait for (its flags are kept; `g` is added).
   * @param count Which match to wait for (1 = the first).
   * @param timeoutMs How long to wait before failing with the output so far, in ms.
   * @returns The `count`-th match.
   */
  async waitFor(pattern: RegExp, count = 1, timeoutMs = 30_000): Promise<RegExpMatchArray> {
    const started = performance.now();
    while (true) {
      const matches = [...this.text.matchAll(new RegExp(pattern.source, pattern.flags + "g"))];
      if (matches.length >= count) return matches[count - 1];
      if (performance.now() - started > timeoutMs) {
        throw new Error(`Timed out waiting for ${pattern} ×${count}; output so far:\n${this.text}`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /**
   * Sends SIGINT (lel fades out and exits) and waits for the process and its output to end.
   *
   * @returns Its exit status.
   */
  async stop(): Promise<Deno.CommandStatus> {
    this.process.kill("SIGINT");
    const status = await this.process.status;
    await this.#done;
    return status;
  }
}
