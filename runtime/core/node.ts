/**
 * How a helper instance gets its identity and its state block.
 *
 * Building a helper (`lowpass(x, 800)`) creates a {@linkcode HelperNode} in the current build
 * scope (build_scope.ts); `register(name, …)` takes the nodes its signal owns, numbers them per
 * type and binds each to the block keyed `${name}_${type}_${index}` (or `${name}_${type}@${key}`
 * with an explicit `key`), so inserting a helper of another type never moves a helper's state. Numeric parameters live in the block too: a reload that changes one
 * glides from the value that was playing to the new one instead of stepping.
 * @module
 */

import type { Param, Signal } from "./signal.ts";
import { type BuildScope, recordNode } from "./build_scope.ts";
import {
  claimBlock,
  type ClaimScope,
  currentClaimScope,
  helperMemory,
  releaseBlock,
  setClaimScope,
  type StateBlock,
} from "./pool.ts";

/** Time constant of a parameter glide after a reload, in seconds (≈ 99% after 25 ms). */
export const GLIDE_TAU_SECONDS = 0.005;

/** How a helper's block is laid out: header slots, then the same layout once per channel. */
export interface NodeLayout {
  /** Slots before the per-channel part: parameters, coefficients, shared state (an LFO phase). */
  readonly header: number;
  /** Slots per channel at a given sample rate (delay lines grow with it). */
  readonly perChannel: (sr: number) => number;
  /** Writes a fresh block's starting state, after the parameters are set. */
  readonly init?: (node: HelperNode, sr: number) => void;
}

/** A numeric parameter: its slot in the block, its target and, if modulated, its signal. */
export interface ParamSlot {
  /** Parameter name, for messages. */
  readonly name: string;
  /** Slot in the block header holding the current value. */
  readonly slot: number;
  /** Value to glide to when constant. */
  readonly target: number;
  /** The modulating signal, or `null` when constant. */
  readonly fn: Signal | null;
}

/** One helper instance: its identity, layout and where its state is bound. */
export interface HelperNode {
  /** Helper type, e.g. `"lowpass"`. */
  readonly type: string;
  /** Explicit identity key, when given. */
  readonly key: string | undefined;
  /** Index among helpers of the same type in this register call (-1 when keyed). */
  index: number;
  /** How its block is laid out (header, per-channel part, starting state). */
  readonly layout: NodeLayout;
  /** Its numeric parameters: their header slots, targets and modulating signals. */
  readonly params: readonly ParamSlot[];
  /** Channels the block is sized for. */
  channels: number;
  /** The pool memory (set when bound). */
  mem: Float64Array;
  /** First slot of the block in `mem` (-1 until bound). */
  base: number;
  /** Per-sample glide coefficient for constant parameters. */
  glide: number;
  /** Sample rate the block was sized for. */
  sr: number;
  /** Reused output frame for multichannel results. */
  out: Float64Array;
  /** The signal the node is bound into ("" until bound). */
  signal: string;
  /** The claim scope of the binding that claimed its block (undefined until bound). */
  scope: ClaimScope | undefined;
  /** Its claimed region of the pool (undefined until bound). */
  block: StateBlock | undefined;
  /** Build order (its place among the helpers of its signal). */
  seq: number;
  /** The binding it plays in (what {@linkcode RENDERING}'s owner is while that one renders). */
  owner: unknown;
  /** The build scope it was built (or adopted) in. */
  builtIn: BuildScope | undefined;
}

/** Options every helper accepts. */
export interface HelperOptions {
  /** Pins the helper's identity, so reordering a chain keeps its state. */
  key?: string;
}

/**
 * Creates a helper node in the current build scope.
 *
 * @param type Helper type name.
 * @param layout Block layout.
 * @param options The helper's options (`key`).
 * @param params Numeric parameters: name, header slot and value (number or signal).
 * @param channels Channels the block starts sized for.
 * @returns The unbound node.
 * @throws {TypeError} When called while a signal renders, or a parameter is not a finite
 *   number or a function.
 */
export function createNode(
  type: string,
  layout: NodeLayout,
  options: HelperOptions | undefined,
  params: readonly (readonly [name: string, slot: number, value: Param])[],
  channels: number,
): HelperNode {
  const key = options?.key;
  if (key !== undefined && (typeof key !== "string" || key === "")) {
    throw new TypeError(
      `Cannot create ${type}: key must be a non-empty string, got ${String(key)}`,
    );
  }
  const slots = params.map(([name, slot, value]) => liftParam(type, name, slot, value));
  const node: HelperNode = {
    type,
    key,
    index: -1,
    layout,
    params: slots,
    channels: Math.max(1, channels),
    mem: EMPTY,
    base: -1,
    glide: 1,
    sr: 0,
    out: new Float64Array(Math.max(1, channels)),
    signal: "",
    scope: undefined,
    block: undefined,
    seq: 0,
    builtIn: undefined,
    owner: undefined,
  };
  recordNode(node);
  return node;
}

const EMPTY = new Float64Array(0);

function liftParam(type: string, name: string, slot: number, value: Param): ParamSlot {
  if (typeof value === "function") return { name, slot, target: 0, fn: value };
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new TypeError(
      `Cannot create ${type}: ${name} must be a finite number or a signal function, got ${
        describe(value)
      }`,
    );
  }
  return { name, slot, target: value, fn: null };
}

function describe(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  return String(value);
}

/**
 * Identity key of a node within a signal.
 *
 * @param signal The signal's name.
 * @param node The node.
 * @returns `${signal}_${type}_${index}` or `${signal}_${type}@${key}`.
 */
export function nodeKey(signal: string, node: HelperNode): string {
  return node.key === undefined
    ? `${signal}_${node.type}_${node.index}`
    : `${signal}_${node.type}@${node.key}`;
}

function nodeSize(node: HelperNode, sr: number): number {
  return node.layout.header + node.channels * node.layout.perChannel(sr);
}

/** Which binding is rendering, and how a helper it plays but does not own yet joins it. */
export interface RenderOwner {
  /** The binding being rendered (set by the engine around each signal's block). */
  owner: unknown;
  /** Binds a helper the signal's hand-written code played for the first time. */
  claim: ((node: HelperNode) => void) | undefined;
  /** The signal's name, for messages. */
  signal: string;
}

/** Set by the engine while it renders; read by every helper's closure form. */
export const RENDERING: RenderOwner = { owner: undefined, claim: undefined, signal: "" };

/**
 * Called by a helper's closure when the binding rendering it is not the one it belongs to: a
 * helper a hand-written function captured joins the first signal that plays it; one that
 * already plays in another signal is an error (one state cannot advance twice per frame).
 *
 * @param node The helper's node.
 * @throws {TypeError} When it plays in another signal, or is called outside any signal.
 */
export function claimLate(node: HelperNode): void {
  if (node.base >= 0) {
    throw new TypeError(
      `A hand-written function in '${RENDERING.signal}' plays a ${node.type} helper that already plays in '${
        node.signal.replace(/^#\d+:/, "")
      }'; one helper instance has one state, so build one for each signal`,
    );
  }
  if (RENDERING.claim === undefined) {
    throw new TypeError(
      `A ${node.type} helper was played outside a registered signal: register the signal that uses it`,
    );
  }
  RENDERING.claim(node);
}

/**
 * Returns nodes to the unbound state (their binding was dropped or never committed), so they
 * can be registered again.
 *
 * @param nodes Nodes of a binding that is gone.
 */
export function unbindNodes(nodes: readonly HelperNode[]): void {
  for (const node of nodes) {
    node.base = -1;
    node.mem = EMPTY;
    node.signal = "";
    node.scope = undefined;
    node.block = undefined;
    node.owner = undefined;
  }
}

/**
 * Binds nodes to their blocks in the current claim scope; fresh blocks get their parameters.
 *
 * @param nodes The nodes a build scope gave the register (`BuildScope.take`).
 * @param signal The signal they belong to.
 * @param sr Sample rate (sizes delay lines, sets the glide speed).
 */
export function bindNodes(nodes: readonly HelperNode[], signal: string, sr: number): void {
  for (const node of nodes) bindNode(node, signal, sr);
}

function bindNode(node: HelperNode, signal: string, sr: number): void {
  const scope = currentClaimScope();
  const block = claimBlock(nodeKey(signal, node), nodeSize(node, sr), node.type);
  node.signal = signal;
  node.scope = scope;
  node.block = block;
  node.mem = helperMemory();
  node.base = block.offset;
  node.sr = sr;
  node.glide = 1 - Math.exp(-1 / (GLIDE_TAU_SECONDS * sr));
  if (!block.initialized) initBlock(node);
}

/** Re-initialises a node whose block was zeroed (after a fault), so params start at target. */
export function initBlock(node: HelperNode): void {
  const block = node.block;
  if (block === undefined) return;
  for (const p of node.params) node.mem[node.base + p.slot] = p.target;
  node.layout.init?.(node, node.sr);
  block.initialized = true;
}

/**
 * Grows a node's block when its input turns out to carry more channels than it was built
 * for (a hand-written signal returning an array). Happens once, on the first such frame.
 *
 * @param node The node.
 * @param channels Channels now seen.
 */
export function ensureChannels(node: HelperNode, channels: number): void {
  if (channels <= node.channels && node.out.length === channels) return;
  if (node.out.length !== channels) node.out = new Float64Array(channels);
  if (channels <= node.channels || node.scope === undefined) return;
  const previous = currentClaimScope();
  const old = node.block;
  node.channels = channels;
  setClaimScope(node.scope);
  try {
    if (old !== undefined) {
      const at = node.scope.blocks.indexOf(old);
      if (at >= 0) node.scope.blocks.splice(at, 1);
      old.scope = undefined;
    }
    bindNode(node, node.signal, node.sr);
    if (old !== undefined) releaseBlock(old);
  } finally {
    setClaimScope(previous);
  }
}
