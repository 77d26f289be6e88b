/**
 * The engine and everything around it: the signal registry, offline rendering and WAV files
 * (the core tier's public part, `runtime/core/mod.ts`). The app tier (`live/`, `control/`,
 * `cli/`) is the command line's and is not part of the public API.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Engine } from "@lel/lel";
 * const e = new Engine({ sampleRate: 48000 });
 * assert.equal(e.config.channels, 2);
 * ```
 * @module
 */

export * from "./core/mod.ts";
