/**
 * lel: a live-coding audio runtime for Deno.
 *
 * A signal is a function of the context `s` called once per frame; helpers build signals and
 * keep their state in a pool that survives every reload, so a saved edit is heard at once
 * without restarting a single oscillator.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lowpass, register, render, saw, unregister } from "@lel/lel";
 * register("drone", lowpass(saw(55), 400));
 * const { channels } = render(0.05);
 * assert.ok(channels[0].some((v: number) => v !== 0));
 * unregister("drone");
 * ```
 * @module
 */

export * from "./runtime/mod.ts";
export * from "./helpers/mod.ts";
export * from "./dsl/mod.ts";
