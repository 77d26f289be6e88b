/**
 * Composition: `pipe` threads a source through stage functions (the code form of the DSL's
 * `|>`), and `mix` sums signals with channel broadcasting.
 * @module
 */

import type { Param, Signal } from "../../runtime/core/signal.ts";
import { asSignal, channelsOf, tagSignal } from "../../runtime/core/signal_tag.ts";
import type { KernelSpec } from "../../runtime/core/kernel_spec.ts";

/** One stage of a {@linkcode pipe}: takes the chain so far, returns the next signal. */
export type Stage = (input: Signal) => Param;

/**
 * Threads a source through stages left to right: `pipe(a, f, g)` is `g(f(a))`, the code form
 * of `a |> f |> g`. It only builds the chain; nothing extra runs per sample.
 *
 * @param source The first signal (or a constant).
 * @param stages Functions from a signal to the next signal, e.g. `(x) => lowpass(x, 800)`.
 * @returns The last stage's signal.
 * @throws {TypeError} When the source is not a number or signal, a stage is not a function,
 *   or a stage returns something other than a signal.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gain, lowpass, pipe, renderSignal, saw } from "@lel/lel";
 * const chain = pipe(saw(110), (x) => lowpass(x, 800), (x) => gain(x, 0));
 * const [y] = renderSignal(chain, 480);
 * assert.ok(y.every((v) => v === 0));
 * ```
 */
export function pipe(source: Param, ...stages: Stage[]): Signal {
  if (typeof source !== "function" && typeof source !== "number") {
    throw new TypeError(
      `Cannot pipe: the source must be a signal function or a number, got ${typeof source}`,
    );
  }
  let signal = asSignal(source);
  for (let i = 0; i < stages.length; i++) {
    const stage = stages[i];
    if (typeof stage !== "function") {
      throw new TypeError(
        `Cannot pipe: stage ${i + 1} must be a function (x) => signal, got ${typeof stage}`,
      );
    }
    const next = stage(signal);
    if (typeof next !== "function" && typeof next !== "number") {
      throw new TypeError(
        `Cannot pipe: stage ${i + 1} must return a signal function or a number, got ${typeof next}`,
      );
    }
    signal = asSignal(next);
  }
  return signal;
}

/**
 * Sums signals, broadcasting channels: a mono signal (or a number) is added to every channel,
 * a multichannel one channel by channel, so mono + stereo gives stereo. The output is mono
 * when every input is, otherwise as wide as the widest input. No gain is applied: n loud
 * signals can sum past ±1 (the master bus soft-clips; lower them with `gain`). A signal given
 * twice is rendered once per frame and counted twice.
 *
 * @param signals Signals (or constants) to add.
 * @returns Their sum (silence when none are given).
 * @throws {TypeError} When an argument is not a number or signal.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mix, renderSignal } from "@lel/lel";
 * const stereo = () => [0.25, -0.25];
 * const [l, r] = renderSignal(mix(0.5, stereo), 2, { channels: 2 });
 * assert.deepEqual([l[1], r[1]], [0.75, 0.25]);
 * ```
 */
export function mix(...signals: Param[]): Signal {
  let constant = 0;
  const fns: Signal[] = [];
  const counts: number[] = [];
  let channels = 1;
  for (let i = 0; i < signals.length; i++) {
    const v = signals[i];
    if (typeof v === "number") {
      constant += v;
      continue;
    }
    if (typeof v !== "function") {
      throw new TypeError(
        `Cannot mix: argument ${i + 1} must be a signal function or a number, got ${typeof v}`,
      );
    }
    const at = fns.indexOf(v);
    if (at >= 0) counts[at]++;
    else {
      fns.push(v);
      counts.push(1);
    }
    channels = Math.max(channels, channelsOf(v));
  }
  const fn = compileSum(fns, Float64Array.from(counts), constant, channels);
  return tagSignal(fn, undefined, fns, channels, mixKernel(fns, counts, constant, channels));
}

/**
 * The chain compiler's form, step for step the generated sum's: mono inputs into one
 * accumulator in order, wide ones channel by channel into another (zeroed at the first),
 * then the mono sum added to every channel. No calls, so nothing to inline.
 */
function mixKernel(
  fns: readonly Signal[],
  counts: readonly number[],
  constant: number,
  channels: number,
): KernelSpec {
  return {
    kind: "mix",
    inputs: fns,
    values: [constant, ...counts],
    refs: {},
    width: channels,
    cost: { setup: 0, frame: 0, channel: 0, largest: 0 },
    emit: (e) => {
      const mono = e.local("mono");
      const acc = Array.from({ length: channels }, () => e.local("acc"));
      let code = `let ${mono} = ${e.values[0]};\n`;
      let wide = false;
      fns.forEach((_, i) => {
        const w = e.values[i + 1];
        const width = e.width(i);
        if (width === 1) {
          code += `${mono} += ${w} * ${e.input(i, 0)};\n`;
          return;
        }
        if (!wide) code += `let ${acc.join(" = 0, ")} = 0;\n`;
        wide = true;
        for (let c = 0; c < width; c++) code += `${acc[c]} += ${w} * ${e.input(i, c)};\n`;
      });
      if (!wide) code += `${e.output(0)} = ${mono};`;
      else for (let c = 0; c < channels; c++) code += `${e.output(c)} = ${acc[c]} + ${mono};\n`;
      return { setup: [], frame: code };
    },
  };
}

let compiledSums = 0;

/** The multichannel accumulator of one mix, shared by its generated loop and `addWide`. */
interface SumState {
  acc: Float64Array;
  wide: boolean;
}

/**
 * Builds the per-frame sum as fresh code per mix, one call site per input. V8 keeps call
 * feedback per function: a shared loop `for (f of fns) f(s)` sees every input and stops
 * inlining them, and each of their returned doubles is then boxed (garbage on every sample).
 */
function compileSum(
  fns: readonly Signal[],
  weights: Float64Array,
  constant: number,
  channels: number,
): Signal {
  const state: SumState = { acc: new Float64Array(channels), wide: false };
  let body = "";
  for (let i = 0; i < fns.length; i++) {
    body += `
    v = f${i}(s);
    if (typeof v === "number") mono += w${i} * v;
    else if (v.length === 1) mono += w${i} * v[0];
    else addWide(state, v, w${i});`;
  }
  const bind = fns.map((_, i) => `const f${i} = fns[${i}], w${i} = weights[${i}];`).join("\n");
  // A unique first line: V8 caches `new Function` by source text, and a cache hit would share
  // one feedback vector (and so one polymorphic call site) between mixes of the same arity.
  const source = `// mix #${++compiledSums}
  ${bind}
  return function mix(s) {
    let mono = constant;
    let v;
    state.wide = false;${body}
    if (!state.wide) return mono;
    const acc = state.acc;
    for (let c = 0; c < acc.length; c++) acc[c] += mono;
    return acc;
  };`;
  const make = new Function("fns", "weights", "constant", "state", "addWide", source);
  return make(fns, weights, constant, state, addWide) as Signal;
}

/** Adds a multichannel frame into the accumulator, zeroing it first and widening it once. */
function addWide(state: SumState, v: ArrayLike<number>, w: number): void {
  const len = v.length;
  if (len > state.acc.length) {
    const next = new Float64Array(len);
    if (state.wide) next.set(state.acc);
    state.acc = next;
  }
  const acc = state.acc;
  if (!state.wide) {
    acc.fill(0);
    state.wide = true;
  }
  for (let c = 0; c < len; c++) acc[c] += w * v[c];
}
