/**
 * The control tier of the app: the local control socket that `repl` and `send` (and
 * editors) talk to, its protocol and client, the REPL's evaluator (DSL lines or TypeScript,
 * committed whole or not at all, in the engine it is given) and the outside inputs (OSC,
 * MIDI) that move knobs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(looksLikeDsl("bass: saw 55 |> lpf 300"), true);
 * assert.equal(isLoopback("127.0.0.1"), true);
 * ```
 * @module
 */

export { ControlServer, type ControlServerOptions } from "./control.ts";
export { sendBlock, type SendOptions } from "./control_client.ts";
export {
  controlFilePath,
  type ControlInfo,
  ControlUnavailableError,
  lelHome,
  readControlFile,
} from "./control_file.ts";
export { DEFAULT_HOST, DEFAULT_PORT, isLoopback, PROTOCOL } from "./control_protocol.ts";
export { formatReply, parseReply, type Reply, type ReplyContext } from "./control_reply.ts";
export { faultsAtOnce, type FaultWindow } from "./control_faults.ts";
export {
  DEFAULT_EVAL_TIMEOUT_MS,
  type EvalOutcome,
  looksLikeDsl,
  type OutputLine,
  REPL_FILE,
  REPL_ORIGIN,
  ReplError,
  ReplEvaluator,
  type ReplEvaluatorOptions,
} from "./repl_eval.ts";
export { applySetLine, type SetLine, type SetLineError, takeSetLines } from "./repl_set.ts";
export * from "./inputs/mod.ts";
