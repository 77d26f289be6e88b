/**
 * The helpers' persistent memory pool: one large Float64Array shared by every helper's state,
 * a key → block map, and a coalescing free list.
 *
 * Both live on `globalThis` (`LEL_HELPER_MEMORY`, `LEL_HELPER_SLOT_MAP`) so they survive every
 * dynamic re-import of a session. A block is reused only when its key and its size both match;
 * otherwise the claimant gets a fresh zeroed block and the old one is freed when its last owner
 * lets go. Blocks are zeroed on free, so a fresh claim always starts from silence.
 * @module
 */

import { type FreeRun, freeStats, returnRun, takeRun } from "./free_list.ts";

/**
 * Default pool size in doubles: 2²³ (64 MiB of address space; untouched pages cost no memory),
 * enough for 256 voices of the reference chain with a 0.5 s delay line each. Set the
 * environment variable `LEL_HELPER_MEMORY_SIZE` (doubles) before lel loads, or call
 * {@linkcode configurePool} before registering anything, to change it.
 */
export const HELPER_MEMORY_SIZE: number = 1 << 23;

const SIZE_VARIABLE = "LEL_HELPER_MEMORY_SIZE";

/** The configured default: the environment variable when set (and readable), else the constant. */
function defaultSize(): number {
  let text: string | undefined;
  try {
    const allowed =
      Deno.permissions.querySync({ name: "env", variable: SIZE_VARIABLE }).state === "granted";
    text = allowed ? Deno.env.get(SIZE_VARIABLE) : undefined;
  } catch {
    text = undefined;
  }
  if (text === undefined || text.trim() === "") return HELPER_MEMORY_SIZE;
  const size = Number(text);
  if (!Number.isInteger(size) || size <= 0) {
    throw new RangeError(
      `Cannot create the helper pool: ${SIZE_VARIABLE} must be a positive whole number of doubles, got '${text}'`,
    );
  }
  return size;
}

/** One helper's claimed region of the pool. */
export interface StateBlock {
  /** Identity key, e.g. `drone_lowpass_0`. */
  readonly key: string;
  /** Helper type that claimed it (for reports). */
  readonly type: string;
  /** First double in `LEL_HELPER_MEMORY`. */
  readonly offset: number;
  /** Length in doubles. */
  readonly size: number;
  /** How many bindings (generations of a signal) hold it. Freed at 0. */
  refs: number;
  /** False until the owning helper has written its initial parameters. */
  initialized: boolean;
  /** Claim scope that last claimed it, to catch two helpers claiming one key. */
  scope: ClaimScope | undefined;
}

/** The blocks one binding (one register call) claimed, in claim order. */
export interface ClaimScope {
  /** Every block claimed in this scope, new or shared with the previous binding. */
  readonly blocks: StateBlock[];
  /** Keys whose block was newly allocated (or zeroed) in this scope. */
  readonly fresh: Set<StateBlock>;
  /** Keys whose previous block had another size, so state was reset. */
  readonly resized: Set<StateBlock>;
}

/** Thrown when the pool cannot hold a claim; the message starts with `[FATAL]`. */
export class PoolExhaustedError extends RangeError {
  /** Key of the claim that failed. */
  readonly key: string;
  /** Doubles asked for. */
  readonly requested: number;
  /** Largest free run in doubles at the time. */
  readonly largestFree: number;

  /**
   * Creates the error for a failed claim, saying what to do.
   *
   * @param key Key of the claim that failed.
   * @param requested Doubles asked for.
   * @param freeTotal Free doubles in all at the time.
   * @param largestFree Largest free run in doubles at the time.
   */
  constructor(key: string, requested: number, freeTotal: number, largestFree: number) {
    super(
      `[FATAL] Helper memory exhausted: cannot claim ${requested} doubles for '${key}' ` +
        `(free ${freeTotal} of ${helperMemory().length}, largest free run ${largestFree}); ` +
        `unregister unused signals or raise the pool size with configurePool({ size })`,
    );
    this.name = "PoolExhaustedError";
    this.key = key;
    this.requested = requested;
    this.largestFree = largestFree;
  }
}

interface PoolState {
  free: FreeRun[];
  scope: ClaimScope | undefined;
}

const POOL_STATE = Symbol.for("lel.helperPoolState");

/** `globalThis` with the pool's names, which survive every re-import of a session. */
type PoolGlobal = typeof globalThis & {
  LEL_HELPER_MEMORY?: Float64Array;
  LEL_HELPER_SLOT_MAP?: Map<string, StateBlock>;
  [POOL_STATE]?: PoolState;
};

const g = globalThis as PoolGlobal;

function poolState(): PoolState {
  let state = g[POOL_STATE];
  if (
    state === undefined || g.LEL_HELPER_MEMORY === undefined || g.LEL_HELPER_SLOT_MAP === undefined
  ) {
    const memory = new Float64Array(defaultSize());
    g.LEL_HELPER_MEMORY = memory;
    g.LEL_HELPER_SLOT_MAP = new Map();
    state = { free: [{ offset: 0, size: memory.length }], scope: undefined };
    g[POOL_STATE] = state;
  }
  return state;
}

/**
 * The pool's memory (created when lel loads, with `HELPER_MEMORY_SIZE` doubles unless
 * configured otherwise).
 *
 * @returns `globalThis.LEL_HELPER_MEMORY`.
 */
export function helperMemory(): Float64Array {
  poolState();
  return g.LEL_HELPER_MEMORY!;
}

function slotMap(): Map<string, StateBlock> {
  poolState();
  return g.LEL_HELPER_SLOT_MAP!;
}

/** Options for {@linkcode configurePool}. */
export interface PoolOptions {
  /** Pool size in doubles. @default {HELPER_MEMORY_SIZE, or LEL_HELPER_MEMORY_SIZE when set} */
  size?: number;
}

/**
 * Replaces the pool with an empty one of the given size.
 *
 * Only allowed while no block is claimed (before anything is registered, or after `clear()`
 * has finished fading), since every live helper points into the old memory.
 *
 * @param options The new size in doubles.
 * @throws {RangeError} If the size is not a positive integer or blocks are still claimed.
 */
export function configurePool(options: PoolOptions = {}): void {
  const size = options.size ?? defaultSize();
  if (!Number.isInteger(size) || size <= 0) {
    throw new RangeError(
      `Cannot configure the helper pool: size must be a positive integer, got ${size}`,
    );
  }
  const state = poolState();
  if (slotMap().size > 0) {
    throw new RangeError(
      `Cannot configure the helper pool: ${slotMap().size} blocks are still claimed; call it before registering signals`,
    );
  }
  g.LEL_HELPER_MEMORY = new Float64Array(size);
  state.free = [{ offset: 0, size }];
}

/** A snapshot of how the pool is used, in doubles. */
export interface PoolUsage {
  /** Total size. */
  size: number;
  /** Doubles held by claimed blocks. */
  used: number;
  /** Number of claimed blocks. */
  blocks: number;
  /** Number of separate free runs (1 means fully coalesced). */
  freeRuns: number;
  /** Largest free run. */
  largestFree: number;
}

/**
 * Reports how much of the pool is claimed.
 *
 * @returns Sizes in doubles.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const usage = poolUsage();
 * assert.ok(usage.used <= usage.size);
 * ```
 */
export function poolUsage(): PoolUsage {
  const state = poolState();
  const { total, largest } = freeStats(state.free);
  const size = helperMemory().length;
  return {
    size,
    used: size - total,
    blocks: slotMapBlockCount(),
    freeRuns: state.free.length,
    largestFree: largest,
  };
}

function slotMapBlockCount(): number {
  return slotMap().size;
}

function allocate(key: string, size: number): number {
  const free = poolState().free;
  const offset = takeRun(free, size);
  if (offset >= 0) return offset;
  const { total, largest } = freeStats(free);
  throw new PoolExhaustedError(key, size, total, largest);
}

function deallocate(offset: number, size: number): void {
  helperMemory().fill(0, offset, offset + size);
  returnRun(poolState().free, offset, size);
}

/**
 * Starts collecting the blocks claimed from now on (one register call's binding).
 *
 * @returns The new scope, which is also made current.
 */
export function openClaimScope(): ClaimScope {
  const scope: ClaimScope = { blocks: [], fresh: new Set(), resized: new Set() };
  poolState().scope = scope;
  return scope;
}

/**
 * Makes `scope` the one later claims go to (or none).
 *
 * @param scope The scope, or `undefined` to refuse claims.
 */
export function setClaimScope(scope: ClaimScope | undefined): void {
  poolState().scope = scope;
}

/** @returns The scope claims currently go to, if any. */
export function currentClaimScope(): ClaimScope | undefined {
  return poolState().scope;
}

/**
 * Claims the block for `key` in the current scope: the existing block when key and size
 * match, otherwise a fresh zeroed one.
 *
 * @param key Identity key, built once by the caller.
 * @param size Doubles needed.
 * @param type Helper type (for reports).
 * @returns The block; `scope.fresh` tells whether it starts from zero.
 * @throws {PoolExhaustedError} When the pool cannot hold it.
 * @throws {TypeError} When two helpers in one scope claim the same key.
 */
export function claimBlock(key: string, size: number, type: string): StateBlock {
  const scope = poolState().scope;
  if (scope === undefined) {
    throw new TypeError(
      `Cannot claim helper state '${key}' outside of register(): build helpers before registering the signal`,
    );
  }
  if (!Number.isInteger(size) || size < 0) {
    throw new RangeError(
      `Cannot claim helper state '${key}': size must be a whole number >= 0, got ${size}`,
    );
  }
  const map = slotMap();
  const existing = map.get(key);
  if (existing !== undefined && existing.scope === scope) {
    throw new TypeError(
      `Cannot claim helper state '${key}' twice in one signal: give one of the helpers another { key }`,
    );
  }
  let block: StateBlock;
  if (existing !== undefined && existing.size === size) {
    block = existing;
    if (!block.initialized) scope.fresh.add(block);
  } else {
    const offset = allocate(key, size);
    block = { key, type, offset, size, refs: 0, initialized: false, scope: undefined };
    map.set(key, block);
    scope.fresh.add(block);
    if (existing !== undefined) scope.resized.add(block);
  }
  block.refs++;
  block.scope = scope;
  scope.blocks.push(block);
  return block;
}

/**
 * Drops one owner's hold on a block; at zero it is zeroed and returned to the free list.
 *
 * @param block A block from {@linkcode claimBlock}.
 */
export function releaseBlock(block: StateBlock): void {
  if (block.refs <= 0) return;
  block.refs--;
  if (block.refs > 0) return;
  const map = slotMap();
  if (map.get(block.key) === block) map.delete(block.key);
  block.scope = undefined;
  deallocate(block.offset, block.size);
}

/**
 * Drops every block of a scope (a binding that is being replaced or was abandoned).
 *
 * @param scope The scope whose blocks to release.
 */
export function releaseScope(scope: ClaimScope): void {
  for (const block of scope.blocks) releaseBlock(block);
  scope.blocks.length = 0;
}

/**
 * Zeroes a block in place and marks it uninitialised, so its helper starts over.
 *
 * @param block The block to reset.
 */
export function zeroBlock(block: StateBlock): void {
  helperMemory().fill(0, block.offset, block.offset + block.size);
  block.initialized = false;
}

/**
 * Claims (or finds) a helper's state block for the signal being registered or rendered.
 *
 * This is the seed design's primitive, for hand-written helpers: the key is
 * `${s.name}_${helperName}_${helperIndex}`. Call it once when the helper is bound, not per
 * sample, since the key string is built on every call.
 *
 * @param s The engine context; only `s.name` is read.
 * @param helperName Helper type, e.g. `"tremolo"`.
 * @param helperIndex Index among helpers of the same type in this signal.
 * @param totalBlockSize Doubles needed.
 * @returns The block's first index in `globalThis.LEL_HELPER_MEMORY`.
 * @throws {PoolExhaustedError} When the pool cannot hold it.
 */
export function claimStateBlock(
  s: { readonly name: string },
  helperName: string,
  helperIndex: number,
  totalBlockSize: number,
): number {
  const key = `${s.name}_${helperName}_${helperIndex}`;
  const scope = poolState().scope;
  const existing = slotMap().get(key);
  if (existing !== undefined && existing.size === totalBlockSize && existing.scope === scope) {
    return existing.offset;
  }
  return claimBlock(key, totalBlockSize, helperName).offset;
}

// Created as soon as lel loads, so `globalThis.LEL_HELPER_MEMORY` is there for anyone who looks.
poolState();
