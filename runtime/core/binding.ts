/**
 * A binding: one generation of one signal — its function, its helper nodes bound to their
 * pool blocks, its `s.state` slice — and the crossfade "ghost" that keeps the previous
 * generation playing on copies of the shared state while the new one fades in.
 * @module
 */

import { bindNodes, type HelperNode, unbindNodes } from "./node.ts";
import { helperInfo } from "./signal_tag.ts";
import { type BuildScope, currentBuildScope } from "./build_scope.ts";
import {
  claimBlock,
  type ClaimScope,
  currentClaimScope,
  helperMemory,
  openClaimScope,
  releaseBlock,
  releaseScope,
  setClaimScope,
  type StateBlock,
} from "./pool.ts";
import type { SourceLocation } from "./diagnostics/location.ts";
import { compileChain } from "./chain/mod.ts";
import { makeRunner, type Runner } from "./runner.ts";
import type { Signal } from "./signal.ts";
import type { SignalStateTable, StateSlice } from "./signal_state.ts";

/** One generation of one signal. */
export interface Binding {
  readonly name: string;
  /** The name its helper keys start with (the name, prefixed for a private engine). */
  readonly keyName: string;
  readonly fn: Signal;
  /** Its helpers: those its tree reaches, then those its hand-written code played first. */
  readonly nodes: HelperNode[];
  readonly scope: ClaimScope;
  readonly slice: StateSlice;
  /** Where `register` was called from, for fault reports. */
  readonly site: SourceLocation | undefined;
  /** Helper keys and sizes plus hand-written code: equal signatures swap without a crossfade. */
  readonly signature: string;
  /** This generation's own copy of the frame loop. */
  readonly runner: Runner;
}

/**
 * Binds the helpers `fn` owns (taken from the build scope) to `name` and claims its `s.state`.
 *
 * On failure (pool exhausted, duplicate key, a helper already playing elsewhere) everything
 * this call claimed is released and the error is rethrown, so a failed register leaves the
 * pool as it was.
 *
 * @param name Signal name.
 * @param keyName Name its helper keys start with (the name, prefixed for a private engine).
 * @param fn The signal.
 * @param sr Sample rate.
 * @param states The engine's `s.state` table.
 * @param site Where register was called.
 * @param build The build scope to take the helpers from. @default {the current one}
 * @returns The binding.
 */
export function bind(
  name: string,
  keyName: string,
  fn: Signal,
  sr: number,
  states: SignalStateTable,
  site: SourceLocation | undefined,
  build: BuildScope = currentBuildScope(),
): Binding {
  const nodes = build.take(fn, name);
  const previous = currentClaimScope();
  const scope = openClaimScope();
  try {
    bindNodes(nodes, keyName, sr);
  } catch (error) {
    releaseScope(scope);
    unbindNodes(nodes);
    throw error;
  } finally {
    setClaimScope(previous);
  }
  const slice = states.claim(name);
  const binding: Binding = {
    name,
    keyName,
    fn,
    nodes,
    scope,
    slice,
    site,
    signature: signatureOf(fn, scope),
    runner: compileChain(fn, nodes) ?? makeRunner(),
  };
  for (const node of nodes) node.owner = binding;
  return binding;
}

/**
 * Binds a helper the binding's hand-written code played for the first time (it joins this
 * signal, numbered after its helpers of that type). Call with the binding's claim scope
 * current, as the engine has it while it renders.
 *
 * @param binding The binding rendering.
 * @param node The helper's unbound node.
 * @param sr Sample rate.
 */
export function bindLate(binding: Binding, node: HelperNode, sr: number): void {
  if (node.key === undefined) {
    let index = 0;
    for (const n of binding.nodes) {
      if (n.type === node.type && n.key === undefined && n.index >= index) index = n.index + 1;
    }
    node.index = index;
  }
  bindNodes([node], binding.keyName, sr);
  binding.nodes.push(node);
  node.owner = binding;
}

/**
 * Lets go of everything a binding holds.
 *
 * @param binding The binding.
 * @param states The engine's `s.state` table.
 */
export function unbind(binding: Binding, states: SignalStateTable): void {
  releaseScope(binding.scope);
  states.release(binding.slice);
  unbindNodes(binding.nodes);
}

function signatureOf(fn: Signal, scope: ClaimScope): string {
  const parts = scope.blocks.map((b) => `${b.key}:${b.size}`);
  const seen = new Set<Signal>();
  const walk = (f: Signal): void => {
    if (seen.has(f)) return;
    seen.add(f);
    const info = helperInfo(f);
    if (info === undefined) {
      parts.push(f.toString());
      return;
    }
    for (const input of info.inputs) walk(input);
  };
  walk(fn);
  return parts.join("\n");
}

/** The previous generation of a signal, fading out on its own copy of the state. */
export interface Ghost {
  readonly binding: Binding;
  /** Its own copy of `s.state`. */
  readonly state: Float64Array;
  /** Scope holding the copies and the blocks only the old generation used. */
  readonly scope: ClaimScope;
}

/**
 * Detaches the old generation from the state it shares with the new one: shared blocks are
 * copied and the old helpers repointed at the copies, so both can run during a crossfade and
 * each continues exactly from the state at the swap.
 *
 * @param old The generation being replaced.
 * @param next The generation replacing it (already bound).
 * @returns The ghost, or `undefined` when the pool has no room for the copies (then the
 *   caller swaps without a crossfade).
 */
export function makeGhost(old: Binding, next: Binding): Ghost | undefined {
  const shared = new Set<StateBlock>(next.scope.blocks);
  const previous = currentClaimScope();
  const scope = openClaimScope();
  const copies = new Map<StateBlock, StateBlock>();
  try {
    for (const block of old.scope.blocks) {
      if (shared.has(block)) {
        copies.set(block, claimBlock(`${block.key}~ghost`, block.size, block.type));
      }
    }
  } catch {
    releaseScope(scope);
    return undefined;
  } finally {
    setClaimScope(previous);
  }
  const mem = helperMemory();
  for (const [from, to] of copies) {
    mem.copyWithin(to.offset, from.offset, from.offset + from.size);
    to.initialized = true;
  }
  for (const node of old.nodes) {
    const copy = node.block === undefined ? undefined : copies.get(node.block);
    if (copy === undefined) continue;
    node.block = copy;
    node.base = copy.offset;
    node.scope = scope;
  }
  for (const block of old.scope.blocks) {
    if (copies.has(block)) releaseBlock(block);
    else scope.blocks.push(block);
  }
  old.scope.blocks.length = 0;
  return { binding: old, state: old.slice.view.slice(), scope };
}

/**
 * Lets go of a ghost's state once its fade is over.
 *
 * @param ghost The ghost.
 * @param states The engine's `s.state` table.
 */
export function dropGhost(ghost: Ghost, states: SignalStateTable): void {
  releaseScope(ghost.scope);
  states.release(ghost.binding.slice);
  unbindNodes(ghost.binding.nodes);
}

/** What happened to one helper's state at a commit. */
export interface HelperChange {
  /** Key within the signal, e.g. `lpf_0` or `lpf@sweep`. */
  key: string;
  /** `kept` (state continues), `new` (starts from zero), `reset` (had state, lost it), `removed`. */
  change: "kept" | "new" | "reset" | "removed";
  /** Why a helper was reset: `size changed`, `type changed: lpf → hpf`, `after a fault`. */
  reason?: string;
}

/**
 * Compares a signal's helpers before and after a re-register, for the reload report.
 *
 * @param old The playing generation (undefined for a new signal).
 * @param next The new generation.
 * @param namespace The engine's key prefix.
 * @returns One entry per helper of either generation.
 */
export function helperChanges(
  old: Binding | undefined,
  next: Binding,
  namespace: string,
): HelperChange[] {
  const prefix = `${namespace}${next.name}_`;
  const short = (key: string) => (key.startsWith(prefix) ? key.slice(prefix.length) : key);
  const before = new Set(old?.scope.blocks ?? []);
  const after = new Set(next.scope.blocks);
  const dropped = (old?.scope.blocks ?? []).filter((b) => !after.has(b));
  const changes: HelperChange[] = [];
  const paired = new Set<StateBlock>();
  next.scope.blocks.forEach((block, position) => {
    const key = short(block.key);
    if (before.has(block) && !next.scope.fresh.has(block)) {
      changes.push({ key, change: "kept" });
    } else if (before.has(block)) {
      changes.push({ key, change: "reset", reason: "after a fault" });
    } else if (next.scope.resized.has(block)) {
      changes.push({ key, change: "reset", reason: "size changed" });
    } else {
      const replaced = old === undefined ? undefined : old.scope.blocks[position];
      if (replaced !== undefined && dropped.includes(replaced) && replaced.type !== block.type) {
        paired.add(replaced);
        changes.push({
          key,
          change: "reset",
          reason: `type changed: ${replaced.type} → ${block.type}`,
        });
      } else {
        changes.push({ key, change: "new" });
      }
    }
  });
  for (const block of dropped) {
    if (paired.has(block)) continue;
    if (!next.scope.blocks.some((b) => b.key === block.key)) {
      changes.push({ key: short(block.key), change: "removed" });
    }
  }
  return changes;
}
