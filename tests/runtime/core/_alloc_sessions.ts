/**
 * Sessions the allocation tests and the bench render: the reference chain over many voices,
 * and a mixed session with many chain shapes (every helper at least once, stereo chains,
 * modulated parameters, hand-written leaves).
 * @module
 */

import {
  bpf,
  clear,
  delay,
  feedback,
  gain,
  gainDb,
  highpass,
  hpf,
  lowpass,
  lpf,
  mix,
  noise,
  notch,
  osc,
  pan,
  perc,
  phasor,
  pipe,
  pulse,
  register,
  reverb,
  saw,
  sin,
  slew,
  square,
  tremolo,
  tri,
} from "../../../mod.ts";
import type { Context, Signal } from "../../../runtime/core/signal.ts";
import { Engine } from "../../../runtime/core/engine.ts";
import { setChainCompiler } from "../../../runtime/core/chain/mod.ts";
import { allDefinitions, typicalInstance } from "../../../helpers/typical.ts";

/**
 * The reference chain `osc(f) |> lowpass 800 |> tremolo 5 0.8 |> delay 0.5 0.25 |> gain 0.4`
 * of voice `k` (frequencies a semitone apart from 110 Hz, folded into two octaves).
 *
 * @param k Voice index.
 * @returns The chain.
 */
export function referenceVoice(k: number) {
  return pipe(
    osc(110 * 2 ** ((k % 24) / 12) * (1 + k * 1e-4)),
    (x) => lowpass(x, 800),
    (x) => tremolo(x, 5, 0.8),
    (x) => delay(x, 0.5, 0.25),
    (x) => gain(x, 0.4),
  );
}

/**
 * Registers `voices` voices of the reference chain, each at a quiet gain share.
 *
 * @param voices How many.
 */
export function referenceSession(voices: number): void {
  clear();
  for (let k = 0; k < voices; k++) register(`v${k}`, referenceVoice(k));
}

/** Curated chains of the mixed session (every declared helper then joins on its own). */
const CURATED = 17;

/**
 * How many signals (and chain shapes) the mixed session registers: the curated chains and
 * one typical instance of every declared helper, modulated by a sine.
 *
 * @returns The count.
 */
export function mixedSessionSize(): number {
  return CURATED + allDefinitions().length;
}

/** Every declared helper with its parameters modulated, on a mono input. */
function everyHelper(): [string, Signal][] {
  return allDefinitions().map((def) => [
    `def_${def.name}`,
    gain(
      typicalInstance(def, {
        params: "helper",
        optional: true,
        input: def.input === "trigger" ? pulse(3) : saw(97),
      }),
      0.01,
    ),
  ]);
}

/**
 * How many signals the moving session registers: one per declared helper.
 *
 * @returns The count.
 */
export function movingSessionSize(): number {
  return allDefinitions().length;
}

/**
 * Registers every declared helper once with every parameter moving every frame (hand-written
 * leaves), on a mono input: memoised coefficients are recomputed on each frame, so their
 * rarely taken paths run hot.
 */
export function movingSession(): void {
  clear();
  for (const def of allDefinitions()) {
    const input = def.input === "trigger" ? pulse(3) : saw(97);
    register(
      `moving_${def.name}`,
      gain(typicalInstance(def, { params: "leaf", optional: true, input }), 0.01),
    );
  }
}

/** Registers the mixed session: curated signals of different shapes, then every helper. */
export function mixedSession(): void {
  clear();
  const drift = (s: Context) => Math.sin(s.t * 0.3);
  const sweep = (s: Context) => 700 + 400 * Math.sin(s.t * 0.7);
  register("sine", pipe(sin(220), (x) => lowpass(x, sweep), (x) => gain(x, 0.1)));
  register(
    "bass",
    pipe(saw(55), (x) => lpf(x, mix(gain(osc(0.1), 300), 800), 0.4), (x) => gainDb(x, -18)),
  );
  register("hiss", pipe(noise({ seed: 1 }), (x) => highpass(x, 2000), (x) => gainDb(x, -30)));
  register(
    "bands",
    pipe(pulse(110, 0.3), (x) => bpf(x, 900, 0.5), (x) => pan(x, tri(0.1)), (x) => gain(x, 0.1)),
  );
  register(
    "room",
    pipe(
      square(220),
      (x) => notch(x, 1000, 0.3),
      (x) => pan(x, -0.5),
      (x) => hpf(x, 100),
      (x) => reverb(x, 1.5, 0.5, 0.3),
      (x) => gain(x, 0.05),
    ),
  );
  register(
    "echo",
    pipe(
      tri(330),
      (x) => feedback(x, 0.4, 0.3, 0.5),
      (x) => pan(x, drift),
      (x) => delay(x, 0.5, 0.25),
      (x) => gain(x, 0.05),
    ),
  );
  register("kick", gain(sin(55), perc(pulse(2), 0.2, { attack: 0.002 })));
  register(
    "glide",
    pipe(
      osc(slew(mix(gain(square(0.5), 100), 300), 0.05, { fall: 0.1 })),
      (x) => tremolo(x, mix(gain(phasor(0.5), 4), 1), 0.5),
      (x) => gain(x, 0.05),
    ),
  );
  register("wide", gain(mix(osc(100), pan(osc(150), 0.2), 0.01), 0.1));
  register(
    "stereo",
    pipe(
      saw(82.5),
      (x) => pan(x, 0.4),
      (x) => lowpass(x, 1200),
      (x) => lpf(x, 3000, 0.2),
      (x) => tremolo(x, 3, 0.3),
      (x) => slew(x, 0.001),
      (x) => feedback(x, 0.05, 0.031, 0.3),
      (x) => gainDb(x, -24),
    ),
  );
  register("gate", gain(tri(440), perc(pan(pulse(3, 0.1), 0.1), 0.05)));
  register("pluck", gain(perc(square(4), 0.1), 0.02));
  register("dry", pipe(osc(660, "saw"), (x) => reverb(x, 0.8, 0.2, 0.5), (x) => gain(x, 0.03)));
  register(
    "air",
    pipe(noise(), (x) => bpf(x, sweep, 0.6), (x) => pan(x, drift), (x) => gain(x, 0.02)),
  );
  register("sub", pipe(osc(40, "tri"), (x) => delay(x, 0.1, (s) => 0.05 + 0.01 * Math.sin(s.t))));
  register("lfo", pipe(phasor(0.25), (x) => gain(x, 0.01)));
  register(
    "balance",
    pipe(tri(110), (x) => pan(x, -0.3), (x) => pan(x, drift), (x) => gain(x, 0.02)),
  );
  for (const [name, signal] of everyHelper()) register(name, signal);
}

/**
 * Makes V8 optimise every step function on its own first, as happens when they run hot
 * outside a kernel (the closure runner, a kernel's first tiers): every declared helper's
 * typical instances run as closures for a while. V8 then weighs each one with what its own
 * optimised code inlined when a kernel considers inlining it: the worst case for the
 * compiler's budget arithmetic.
 */
export function preheatStepFunctions(): void {
  const previous = setChainCompiler(false);
  try {
    for (const def of allDefinitions()) {
      for (const stereo of [false, true]) {
        const e = new Engine({ channels: 2, fadeTime: 0, softClip: false });
        const input: Signal = stereo ? pan(saw(90), 0.3) : saw(90);
        e.register(
          "heat",
          typicalInstance(def, { input: def.input === "trigger" ? pulse(7) : input }),
        );
        const out = [new Float64Array(4096), new Float64Array(4096)];
        for (let k = 0; k < 12; k++) e.process(out, 4096);
        e.dispose();
      }
    }
  } finally {
    setChainCompiler(previous);
  }
}

/**
 * Loads a session by name: `reference:<voices>`, `mixed`, `mixed-preheated` (step functions
 * optimised on their own first), `moving-preheated` (then every helper with moving
 * parameters), or a session file.
 *
 * @param session The name or path (relative to the working directory).
 */
export async function loadSession(session: string): Promise<void> {
  const reference = /^reference:(\d+)$/.exec(session);
  if (reference !== null) referenceSession(Number(reference[1]));
  else if (session === "mixed") mixedSession();
  else if (session === "mixed-preheated") {
    preheatStepFunctions();
    mixedSession();
  } else if (session === "moving-preheated") {
    preheatStepFunctions();
    movingSession();
  } else await import(new URL(session, `file://${Deno.cwd()}/`).href);
}
