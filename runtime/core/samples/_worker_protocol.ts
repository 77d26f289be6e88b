/**
 * The messages between `preloadSamples` and its decode worker, and the worker's side
 * of the work: one request per file, one reply per request, sample buffers transferred.
 * @module
 */

import { readSample, type SampleData } from "./read_sample.ts";
import { SampleError } from "./sample_error.ts";
import { statSample } from "./sample_path.ts";

/** Decode one file for one target rate. */
export interface DecodeRequest {
  /** Index of the request in its batch, echoed in the reply. */
  readonly id: number;
  /** The path as the session wrote it (for messages). */
  readonly requested: string;
  /** The real absolute path. */
  readonly path: string;
  /** Target rate in hertz. */
  readonly sampleRate: number;
}

/** The decoded sample with the file state it was read from, or the load's error. */
export type DecodeReply =
  | { readonly id: number; readonly ok: true; data: SampleData; size: number; mtimeMs: number }
  | {
    readonly id: number;
    readonly ok: false;
    readonly message: string;
    readonly requested: string;
    readonly path: string;
  };

/** Where a reply goes: the worker's global scope, or a `MessagePort` in tests. */
export interface ReplyTarget {
  postMessage(message: unknown, transfer: Transferable[]): void;
}

/**
 * Does one request: stat, read, decode and resample (the stat comes first, so a file that
 * changes while it is read is decoded again on its next load).
 *
 * @param request What to decode.
 * @returns The reply to post.
 */
export function decodeRequest(request: DecodeRequest): DecodeReply {
  const { id, requested, path, sampleRate } = request;
  try {
    const stat = statSample(requested, path);
    const data = readSample(requested, stat, sampleRate);
    return { id, ok: true, data, size: stat.size, mtimeMs: stat.mtimeMs };
  } catch (error) {
    if (error instanceof SampleError) {
      return { id, ok: false, message: error.message, requested, path: error.path };
    }
    const detail = error instanceof Error ? error.message : String(error);
    return {
      id,
      ok: false,
      message:
        `Cannot load sample '${requested}': the decode worker failed (${detail}); this is a bug in lel, please report it`,
      requested,
      path,
    };
  }
}

/**
 * Posts a reply, transferring the sample's channel buffers instead of copying them (they are
 * detached on this side afterwards).
 *
 * @param target The worker scope or a port.
 * @param reply The reply.
 */
export function postReply(target: ReplyTarget, reply: DecodeReply): void {
  const transfer = reply.ok ? [...new Set(reply.data.channels.map((c) => c.buffer))] : [];
  target.postMessage(reply, transfer as ArrayBuffer[]);
}
