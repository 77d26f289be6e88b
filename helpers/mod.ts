/**
 * The helper library: oscillators, filters, delays, modulation, level and space, composition,
 * and the persistent memory pool they keep their state in.
 *
 * Every helper takes its input first and its main parameter second, so it fits a pipe, and
 * every numeric parameter also accepts a signal.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lowpass, renderSignal, saw } from "@lel/lel";
 * const [x] = renderSignal(lowpass(saw(110), 800), 480);
 * assert.equal(x.length, 480);
 * ```
 * @module
 */

export * from "./units.ts";
export * from "./fast_math.ts";
export {
  type ClaimScope,
  claimStateBlock,
  configurePool,
  HELPER_MEMORY_SIZE,
  PoolExhaustedError,
  type PoolOptions,
  type PoolUsage,
  poolUsage,
  type StateBlock,
} from "../runtime/core/pool.ts";
export {
  type HelperNode,
  type HelperOptions,
  type NodeLayout,
  type ParamSlot,
} from "../runtime/core/node.ts";
export {
  BuildScope,
  currentBuildScope,
  HelperOwnershipError,
  openBuildScope,
  resetHelperCounter,
} from "../runtime/core/build_scope.ts";
export * from "./sources/mod.ts";
export * from "./filters/mod.ts";
export * from "./time/mod.ts";
export * from "./modulation/mod.ts";
export * from "./mix/mod.ts";
export * from "./effects/mod.ts";
export * from "./control/mod.ts";
export * from "./rhythm/mod.ts";
export * from "./sampler/mod.ts";
export { declareHelper } from "./declare_helper.ts";
export type {
  Arg,
  ArgValues,
  Call,
  ConstDef,
  DefinedFactory,
  HelperDefinition,
  InitContext,
  LocalForm,
  LocalNames,
  ParamDef,
  ParamUnit,
  PrepareContext,
  Step,
  StepContext,
  StepFunction,
  TextDef,
  TextUnit,
} from "./helper_definition.ts";
export type { KernelEmit, KernelSetup, KernelStep } from "../runtime/core/kernel_spec.ts";
