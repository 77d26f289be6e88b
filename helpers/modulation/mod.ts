/**
 * Modulation: tremolo, slew limiting and envelopes (`perc`, `adsr`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { perc, renderSignal } from "@lel/lel";
 * const [e] = renderSignal(perc(1, 0.1, { attack: 0 }), 2);
 * assert.equal(e[0], 1);
 * ```
 * @module
 */

export { tremolo } from "./tremolo.ts";
export { slew, type SlewOptions } from "./slew.ts";
export { perc, type PercOptions } from "./envelope.ts";
export { adsr, type AdsrOptions } from "./adsr.ts";
