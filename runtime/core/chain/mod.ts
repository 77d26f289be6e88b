/**
 * The chain compiler: a signal built from helpers becomes one generated kernel per chain
 * shape, run over each voice's state, instead of one closure call per helper per sample.
 *
 * `bind()` (runtime/core/binding.ts) asks {@linkcode compileChain} for a runner and falls back to
 * the closure runner when it declines; both read and write the same pool blocks, so a chain
 * may switch between them on any reload and its state continues.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lowpass, renderSignal, saw } from "@lel/lel";
 * import { compileStats } from "./mod.ts";
 * const before = compileStats().compiled;
 * const [y] = renderSignal(lowpass(saw(110), 800), 256);
 * assert.equal(compileStats().compiled, before + 1);
 * assert.equal(y.length, 256);
 * ```
 * @module
 */

export { compileChain, compileStats, setChainCompiler } from "./chain_runner.ts";
export { type Kernel, kernelCount } from "./kernel.ts";
export { analyze, type Chain, NotCompilable } from "./shape.ts";
