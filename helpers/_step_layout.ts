/**
 * A definition's block layout (parameter slots, header slots, per-channel slots, the stride of
 * a buffered channel) and the names a step's calls may use, resolved once per definition.
 * @module
 */

import type { Arg, Call, HelperDefinition, Step } from "./helper_definition.ts";
import { STEP_WORDS } from "./helper_definition.ts";

/** Where everything of a definition lives in its block. */
export interface StepLayout {
  /** Header slots: one per parameter (declaration order), then `slots`, then `@stride`. */
  readonly header: number;
  /** Parameter name → header slot. */
  readonly paramSlot: ReadonlyMap<string, number>;
  /** Header slot name → slot (parameters included). */
  readonly slot: ReadonlyMap<string, number>;
  /** Per-channel slot name → offset from the channel's state index. */
  readonly perChannel: ReadonlyMap<string, number>;
  /** Named per-channel slots (the buffer follows them). */
  readonly perChannelSlots: number;
  /** Header slot holding the channel stride when the definition has a buffer, else -1. */
  readonly strideSlot: number;
}

/**
 * Lays a definition's block out.
 *
 * @param def The definition.
 * @returns Its layout.
 */
export function stepLayout(def: HelperDefinition): StepLayout {
  const slot = new Map<string, number>();
  const paramSlot = new Map<string, number>();
  for (const p of def.params ?? []) {
    paramSlot.set(p.name, slot.size);
    slot.set(p.name, slot.size);
  }
  let next = slot.size;
  for (const entry of def.slots ?? []) {
    const [name, count] = typeof entry === "string" ? [entry, 1] : entry;
    slot.set(name, next);
    next += count;
  }
  let strideSlot = -1;
  if (def.buffer !== undefined) {
    strideSlot = next;
    slot.set("stride", next++);
  }
  const perChannel = new Map<string, number>();
  for (const name of def.perChannel ?? []) perChannel.set(name, perChannel.size);
  return {
    header: next,
    paramSlot,
    slot,
    perChannel,
    perChannelSlots: perChannel.size,
    strideSlot,
  };
}

/** The calls of a step in evaluation order, with the part each belongs to. */
export function stepCalls(step: Step): { part: string; call: Call }[] {
  const calls: { part: string; call: Call }[] = [];
  for (const call of step.setup ?? []) calls.push({ part: "setup", call });
  for (const call of step.frame ?? []) calls.push({ part: "frame", call });
  if (step.channel !== undefined) calls.push({ part: "channel", call: step.channel });
  for (const call of step.after ?? []) calls.push({ part: "after", call });
  if (step.output !== undefined) calls.push({ part: "output", call: step.output });
  if (step.outputs !== undefined) calls.push({ part: "outputs", call: step.outputs.call });
  return calls;
}

/**
 * Checks that every argument of a step names something the definition has, in a part that may
 * use it, and that every call has a named function.
 *
 * @param def The definition.
 * @param step One of its variants.
 * @param layout Its layout.
 * @throws {TypeError} Naming the call and the argument.
 */
export function checkStep(def: HelperDefinition, step: Step, layout: StepLayout): void {
  const known = new Set<string>([
    ...(def.params ?? []).map((p) => p.name),
    ...(def.consts ?? []).map((c) => c.name),
    ...(def.params ?? []).filter((p) => p.lockable).map((p) => `${p.name}Beats`),
  ]);
  const perChannelWords = new Set(["x", "st", "ch"]);
  const parts = stepCalls(step);
  const kinds = [step.channel, step.output, step.outputs].filter((c) => c !== undefined);
  if (kinds.length !== 1) {
    throw new TypeError(
      `Cannot define helper '${def.name}': a step has exactly one of channel, output or outputs, got ${kinds.length}`,
    );
  }
  for (const { part, call } of parts) {
    const name = call.fn.name;
    if (typeof call.fn !== "function" || name === "") {
      throw new TypeError(
        `Cannot define helper '${def.name}': every call needs a named function (its ${part} call has none)`,
      );
    }
    if (call.fn.length > call.args.length) {
      throw new TypeError(
        `Cannot define helper '${def.name}': ${name} takes ${call.fn.length} arguments, the ${part} call gives ${call.args.length}`,
      );
    }
    for (const arg of call.args) checkArg(def, layout, known, perChannelWords, part, name, arg);
    if (call.out !== undefined) known.add(call.out);
  }
}

function checkArg(
  def: HelperDefinition,
  layout: StepLayout,
  known: ReadonlySet<string>,
  perChannelWords: ReadonlySet<string>,
  part: string,
  fn: string,
  arg: Arg,
): void {
  if (typeof arg === "number") return;
  const fail = (why: string) => {
    throw new TypeError(
      `Cannot define helper '${def.name}': argument '${arg}' of ${fn} (${part}) ${why}`,
    );
  };
  if (arg.startsWith("@")) {
    if (!layout.slot.has(arg.slice(1))) fail("is not a header slot");
    return;
  }
  if (perChannelWords.has(arg) && part !== "channel") fail("is only known per channel");
  if ((arg === "x0" || arg === "x1") && def.input === undefined) fail("needs an input");
  if (arg === "out" && part !== "outputs") fail("is only known to an outputs call");
  if (arg === "beat" && part === "setup") {
    fail("changes every frame: use it in frame calls, not setup");
  }
  if (!STEP_WORDS.has(arg) && !known.has(arg)) fail("names nothing the definition has");
}
