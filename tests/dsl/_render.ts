/**
 * Shared helpers for the DSL tests: render what a setup function registers on a fresh process
 * engine (no fades, no soft clip), and compare renders bit for bit.
 * @module
 */

import assert from "node:assert/strict";
import { engine, resetEngine } from "../../mod.ts";

/** Sample rate of every DSL render test, in Hz. */
export const SR = 48000;

/**
 * Renders `frames` frames of whatever `setup` registers, on a fresh process engine with no
 * fades and no soft clip, in double precision.
 *
 * @param frames Frames to render.
 * @param setup Registers signals (with `lel` or by hand).
 * @returns The two output channels.
 */
export function renderFresh(frames: number, setup: () => void): Float64Array[] {
  resetEngine({ sampleRate: SR, fadeTime: 0, softClip: false, channels: 2 });
  try {
    setup();
    return renderMore(frames);
  } finally {
    resetEngine();
  }
}

/**
 * Renders `frames` more frames of the process engine as it is.
 *
 * @param frames Frames to render.
 * @returns The two output channels.
 */
export function renderMore(frames: number): Float64Array[] {
  const out = [new Float64Array(frames), new Float64Array(frames)];
  engine().process(out, frames);
  return out;
}

/**
 * Asserts two renders are identical to the bit (`Object.is` on every sample), naming the
 * first sample that differs.
 *
 * @param actual A render.
 * @param expected The reference.
 * @param what What is compared, for the message.
 */
export function assertBitIdentical(
  actual: readonly Float64Array[],
  expected: readonly Float64Array[],
  what: string,
): void {
  assert.equal(actual.length, expected.length, `${what}: channel count`);
  for (let c = 0; c < expected.length; c++) {
    assert.equal(actual[c].length, expected[c].length, `${what}: length of channel ${c}`);
    for (let i = 0; i < expected[c].length; i++) {
      if (!Object.is(actual[c][i], expected[c][i])) {
        assert.fail(
          `${what}: channel ${c} differs first at sample ${i}: ${actual[c][i]} vs ${
            expected[c][i]
          }`,
        );
      }
    }
  }
}

/**
 * Whether two renders differ anywhere (for the controls that show a comparison can fail).
 *
 * @param a A render.
 * @param b Another.
 * @returns True when some sample differs.
 */
export function differs(a: readonly Float64Array[], b: readonly Float64Array[]): boolean {
  return a.some((ch, c) => ch.some((v, i) => !Object.is(v, b[c][i])));
}

/**
 * Largest absolute sample over all channels.
 *
 * @param x A render.
 * @returns The peak.
 */
export function peakOf(x: readonly ArrayLike<number>[]): number {
  let p = 0;
  for (const ch of x) for (let i = 0; i < ch.length; i++) p = Math.max(p, Math.abs(ch[i]));
  return p;
}
