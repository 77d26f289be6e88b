/**
 * The commands of the `lel` command line, one file each (`main.ts` loads them on demand by
 * name, so `render` never loads the audio device code).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual([live, render, repl, send].map((c) => c.name), ["live", "render", "repl", "send"]);
 * ```
 * @module
 */

export { command as live } from "./live.ts";
export { command as render } from "./render.ts";
export { command as repl, needsMore } from "./repl.ts";
export { command as send } from "./send.ts";
