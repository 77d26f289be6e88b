/**
 * Build scopes and who owns a helper.
 *
 * Building a helper (`lowpass(x, 800)`) records its node in the current build scope;
 * `register(name, signal)` takes the nodes its helper tree reaches (its audio inputs and
 * modulators, however deep) and numbers them per type in build order (`pad_saw_0`,
 * `pad_saw_1`), so what another signal does never moves them. A helper a hand-written function
 * captured and calls is not in any tree: it belongs to the first signal that plays it (it is
 * bound when first called, before the commit when the engine renders the new signals ahead).
 *
 * Whoever builds opens a scope and closes it: a session load, a REPL block; the process has a
 * root scope for plain scripts. A node already playing in another signal, or built in a scope
 * that has closed (an earlier load), is refused with a clear error instead of being shared.
 * @module
 */

import type { Signal } from "./signal.ts";
import { helperInfo } from "./signal_tag.ts";
import type { HelperNode } from "./node.ts";

/** A helper reused where it cannot be: already playing elsewhere, or from a closed build. */
export class HelperOwnershipError extends TypeError {
  /** The helper's type. */
  readonly helper: string;

  /**
   * Creates the error for one helper.
   *
   * @param helper The helper's type (`lowpass`).
   * @param message What was reused where, and what to do instead.
   */
  constructor(helper: string, message: string) {
    super(message);
    this.name = "HelperOwnershipError";
    this.helper = helper;
  }
}

/** The helpers built in one build (a session load, a REPL block, a DSL line, a script). */
export class BuildScope {
  /** The scope that was current when this one opened. */
  readonly parent: BuildScope | undefined;
  /** What builds in it, for messages: `root`, `session load 3`, `a REPL block`, `a DSL line`. */
  readonly label: string;
  #open = true;

  /**
   * Creates an open scope; it does not become current by itself ({@linkcode openBuildScope}
   * opens one and makes it current).
   *
   * @param label What builds in it, for messages.
   * @param parent The scope that was current when this one opened.
   */
  constructor(label: string, parent: BuildScope | undefined) {
    this.label = label;
    this.parent = parent;
  }

  /** Whether it is still building (a register from inside it may take its helpers). */
  get open(): boolean {
    return this.#open;
  }

  /**
   * Records a node just built here.
   *
   * @param node The node.
   */
  add(node: HelperNode): void {
    node.seq = nextSeq();
    node.builtIn = this;
  }

  /**
   * Takes unowned nodes built elsewhere into this scope, as if built now (the DSL adopts the
   * helpers passed in through `${…}` at the point of the line that uses them, so they are
   * numbered in the line's order).
   *
   * @param nodes The nodes (bound ones are left alone).
   */
  adopt(nodes: readonly HelperNode[]): void {
    for (const node of nodes) if (node.base < 0) this.add(node);
  }

  /**
   * The nodes a register of `fn` owns (every helper its tree reaches), numbered per type in
   * build order.
   *
   * @param fn The signal being registered.
   * @param signal Its name (for messages).
   * @returns Its nodes, in build order.
   * @throws {HelperOwnershipError} When a node it reaches already plays in another signal, or
   *   was built in a scope that has closed.
   */
  take(fn: Signal, signal: string): HelperNode[] {
    const list = reachable(fn).nodes;
    for (const node of list) this.#check(node, signal);
    list.sort((a, b) => a.seq - b.seq);
    const counters = new Map<string, number>();
    for (const node of list) {
      if (node.key !== undefined) continue;
      node.index = counters.get(node.type) ?? 0;
      counters.set(node.type, node.index + 1);
    }
    return list;
  }

  #check(node: HelperNode, signal: string): void {
    if (node.base >= 0) {
      const where = node.signal.replace(/^#\d+:/, "");
      throw new HelperOwnershipError(
        node.type,
        `Cannot register '${signal}': its ${node.type} helper already plays in '${where}'; one helper instance has one state, so build a new one for each signal (or register the shared part once and read it from both)`,
      );
    }
    const from = node.builtIn;
    if (from !== undefined && !from.#open && !this.#within(from)) {
      throw new HelperOwnershipError(
        node.type,
        `Cannot register '${signal}': its ${node.type} helper was built by an earlier build (${from.label}) that has ended; build it again where it is registered`,
      );
    }
  }

  #within(scope: BuildScope): boolean {
    if (scope === this) return true;
    for (let s = this.parent; s !== undefined; s = s.parent) if (s === scope) return true;
    return false;
  }

  /**
   * Ends the scope: its helpers that no register took can no longer be registered from
   * outside it (a failed save's leftovers never reach a later build).
   */
  close(): void {
    this.#open = false;
    if (current() === this) setCurrent(this.parent ?? root());
  }
}

/** Every function a signal's helper tree reaches, and whether any of them is hand-written. */
function reachable(fn: Signal): { nodes: HelperNode[]; handWritten: boolean } {
  const nodes: HelperNode[] = [];
  const seen = new Set<Signal>();
  let handWritten = false;
  const walk = (f: Signal): void => {
    if (seen.has(f)) return;
    seen.add(f);
    const info = helperInfo(f);
    if (info === undefined) {
      handWritten = true;
      return;
    }
    for (const input of info.inputs) walk(input);
    if (info.node !== undefined && !nodes.includes(info.node)) nodes.push(info.node);
  };
  walk(fn);
  return { nodes, handWritten };
}

/**
 * The unbound helper nodes a signal's tree reaches (hand-written functions hide theirs).
 *
 * @param fn A signal.
 * @returns Its nodes, inputs first.
 */
export function nodesOf(fn: Signal): HelperNode[] {
  return reachable(fn).nodes.filter((n) => n.base < 0);
}

interface ScopeState {
  root: BuildScope;
  current: BuildScope;
  seq: number;
  locked: boolean;
}

const STATE = Symbol.for("lel.buildScopes");

function state(): ScopeState {
  const g = globalThis as typeof globalThis & { [STATE]?: ScopeState };
  if (g[STATE] === undefined) {
    const root = new BuildScope("root", undefined);
    g[STATE] = { root, current: root, seq: 0, locked: false };
  }
  return g[STATE];
}

function root(): BuildScope {
  return state().root;
}

function current(): BuildScope {
  return state().current;
}

function setCurrent(scope: BuildScope): void {
  state().current = scope;
}

function nextSeq(): number {
  return ++state().seq;
}

/**
 * The scope helpers built now go to.
 *
 * @returns The innermost open scope (the process's root scope when nobody opened one).
 */
export function currentBuildScope(): BuildScope {
  return current();
}

/**
 * Opens a scope inside the current one and makes it current; close it with `close()`.
 *
 * @param label What builds in it, for messages.
 * @returns The scope.
 */
export function openBuildScope(label: string): BuildScope {
  const scope = new BuildScope(label, current());
  setCurrent(scope);
  return scope;
}

/**
 * Runs `fn` with `scope` current (to build into a scope that is not the innermost).
 *
 * @param scope The scope.
 * @param fn The work.
 * @returns What `fn` returns.
 */
export function withBuildScope<T>(scope: BuildScope, fn: () => T): T {
  const previous = current();
  setCurrent(scope);
  try {
    return fn();
  } finally {
    setCurrent(previous);
  }
}

/**
 * Records a node in the current scope, unless building is locked (while a signal renders).
 *
 * @param node A node just created.
 * @throws {TypeError} When called while a signal renders.
 */
export function recordNode(node: HelperNode): void {
  if (state().locked) {
    throw new TypeError(
      `Cannot build '${node.type}' while a signal is rendering: build helpers once, outside the sample function (const x = ${node.type}(…); register("name", (s) => x(s)))`,
    );
  }
  current().add(node);
}

/**
 * Refuses (or allows again) building helpers; the engine locks it while signals render, so a
 * helper built inside a sample function is an error instead of a per-sample leak.
 *
 * @param locked Whether building is refused.
 */
export function setBuildLocked(locked: boolean): void {
  state().locked = locked;
}

/**
 * Kept from the seed design, where helper indices were counted per type since the last
 * `register` and code that built several chains first had to reset them. Indices are now
 * counted per signal when it is registered (and per signal when a hand-written function first
 * plays a helper it captured), so every chain numbers its helpers from 0 by itself and this
 * call has nothing left to do.
 */
export function resetHelperCounter(): void {
  // Nothing to reset: see above.
}
