/**
 * Test helper: runs a command as its child and relays SIGINT/SIGTERM/SIGHUP to it after a
 * delay, as `npx`/`npm exec` and `deno task` do, so a Ctrl-C sent to the whole process group
 * reaches the grandchild twice. Exits with the child's code.
 *
 * Usage: deno run -A _relay_child.ts <delayMs> <command> [args…]
 * @module
 */

const [delay, command, ...args] = Deno.args;
const child = new Deno.Command(command, { args, stdin: "null" }).spawn();
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  Deno.addSignalListener(signal, () => {
    setTimeout(() => {
      try {
        child.kill(signal);
      } catch {
        // Already gone.
      }
    }, Number(delay));
  });
}
Deno.exit((await child.status).code);
