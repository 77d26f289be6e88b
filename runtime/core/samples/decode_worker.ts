/**
 * The decode worker `preloadSamples` starts: reads, decodes and resamples sample
 * files off the main thread (where the live engine renders) and transfers the result back.
 * @module
 */

import {
  type DecodeRequest,
  decodeRequest,
  postReply,
  type ReplyTarget,
} from "./_worker_protocol.ts";

/** The parts of a worker's global scope this file uses (typed here, not with the worker lib). */
interface WorkerScope extends ReplyTarget {
  onmessage: ((event: MessageEvent<DecodeRequest>) => void) | null;
}

const scope = globalThis as unknown as WorkerScope;
scope.onmessage = (event) => postReply(scope, decodeRequest(event.data));
