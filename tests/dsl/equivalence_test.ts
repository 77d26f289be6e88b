/**
 * A DSL line and the same chain written by hand with `pipe(...)` render bit-identical audio:
 * the lowering calls the same helpers with the same arguments in the same order (so the same
 * identity keys, the same noise seeds and the same state).
 * @module
 */

import assert from "node:assert/strict";
import {
  add,
  dbToGain,
  delay,
  feedback,
  gain,
  hpf,
  lel,
  lowpass,
  lpf,
  mix,
  mul,
  noise,
  osc,
  pan,
  perc,
  phasor,
  pipe,
  pulse,
  range,
  register,
  reverb,
  saw,
  sin,
  tremolo,
  tri,
} from "../../mod.ts";
import type { Context } from "../../mod.ts";
import { assertBitIdentical, differs, peakOf, renderFresh } from "./_render.ts";

const FRAMES = 48000; // one second: long enough for every delay and envelope to come round
const wander = (s: Context) => Math.sin(s.t * 0.3);

Deno.test("a DSL drone renders bit-identical to pipe(saw, lpf, gain)", () => {
  const dsl = renderFresh(FRAMES, () => lel`drone: saw 55 |> lpf 400 0.3 |> gain -12db`);
  const hand = renderFresh(FRAMES, () =>
    register(
      "drone",
      pipe(saw(55), (x) => lpf(x, 400, 0.3), (x) => gain(x, dbToGain(-12))),
    ));
  assert.ok(peakOf(hand) > 0.05, "the reference is not silent");
  assertBitIdentical(dsl, hand, "drone");
});

Deno.test("a DSL bell with a note, units, a continuation line and a function renders bit-identical", () => {
  const dsl = renderFresh(FRAMES, () =>
    lel`
      bell: sin a5 |> tremolo 6hz 0.5 |> delay 250ms
            |> pan ${wander}
    `);
  const hand = renderFresh(FRAMES, () =>
    register(
      "bell",
      pipe(
        sin(880),
        (x) => tremolo(x, 6, 0.5),
        (x) => delay(x, 2, 0.25),
        (x) => pan(x, wander),
      ),
    ));
  assert.ok(peakOf(hand) > 0.05);
  assertBitIdentical(dsl, hand, "bell");
});

Deno.test("a DSL sub-chain modulating a filter renders bit-identical to nested calls", () => {
  const dsl = renderFresh(
    FRAMES,
    () => lel`wobble: saw 110 |> lpf (sin 0.25hz |> range 300 3000) 0.7`,
  );
  const hand = renderFresh(
    FRAMES,
    () => register("wobble", pipe(saw(110), (x) => lpf(x, range(sin(0.25), 300, 3000), 0.7))),
  );
  assertBitIdentical(dsl, hand, "wobble");
});

Deno.test("the default session's lead renders bit-identical to the seed's hand-written chain", () => {
  const dsl = renderFresh(FRAMES, () =>
    lel`
      lead: sin 440 |> lowpass 800 |> tremolo 5hz 0.8 |> delay 250ms 500ms |> gain 0.4
      pad:  sin 220 |> pan ${(s) => Math.sin(s.t * 0.3)}
    `);
  const hand = renderFresh(FRAMES, () => {
    register(
      "lead",
      pipe(
        osc(440),
        (x) => lowpass(x, 800),
        (x) => tremolo(x, 5, 0.8),
        (x) => delay(x, 0.5, 0.25),
        (x) => gain(x, 0.4),
      ),
    );
    register("pad", pipe(osc(220), (x) => pan(x, (s) => Math.sin(s.t * 0.3))));
  });
  assert.ok(peakOf(hand) > 0.5);
  assertBitIdentical(dsl, hand, "seed session");
});

Deno.test("a DSL rhythm with pulse, phasor, perc, noise and mul/add renders bit-identical", () => {
  const dsl = renderFresh(FRAMES, () =>
    lel`
      kick: sin (pulse 2hz |> perc 60ms |> mul 90 |> add 45)
            |> mul (pulse 2hz |> perc 300ms) |> gain -6db
      hat:  noise |> hpf 7khz |> mul (pulse 4hz 20% |> perc 40ms 2ms) |> pan -0.3
      blip: tri e5 |> mul (phasor 1hz |> perc 150ms)
    `);
  const hand = renderFresh(FRAMES, () => {
    register(
      "kick",
      pipe(
        sin(add(mul(perc(pulse(2), 0.06), 90), 45)),
        (x) => mul(x, perc(pulse(2), 0.3)),
        (x) => gain(x, dbToGain(-6)),
      ),
    );
    register(
      "hat",
      pipe(
        noise(),
        (x) => hpf(x, 7000),
        (x) => mul(x, perc(pulse(4, 0.2), 0.04, { attack: 0.002 })),
        (x) => pan(x, -0.3),
      ),
    );
    register("blip", mul(tri(440 * Math.pow(2, 7 / 12)), perc(phasor(1), 0.15))); // E5: 7 semitones above A4
  });
  assert.ok(peakOf(hand) > 0.1);
  assertBitIdentical(dsl, hand, "rhythm");
});

Deno.test("a DSL stereo texture with mix, feedback, reverb and keys renders bit-identical", () => {
  const dsl = renderFresh(FRAMES, () =>
    lel`
      tex: saw 110 |> mix (sin 220) (tri 330 |> gain 50%)
           |> pan ${wander} |> lpf@tone 2khz
           |> feedback 375ms 0.5 |> reverb 2s 0.4 50%
    `);
  const hand = renderFresh(FRAMES, () =>
    register(
      "tex",
      pipe(
        mix(saw(110), sin(220), gain(tri(330), 0.5)),
        (x) => pan(x, wander),
        (x) => lpf(x, 2000, undefined, { key: "tone" }),
        (x) => feedback(x, 2, 0.375, 0.5),
        (x) => reverb(x, 2, 0.4, 0.5),
      ),
    ));
  assert.ok(differs([hand[0]], [hand[1]]), "the texture is stereo");
  assertBitIdentical(dsl, hand, "texture");
});

Deno.test("a helper interpolated mid-chain renders bit-identical to building it in place", () => {
  const dsl = renderFresh(FRAMES, () => lel`x: sin 110 |> mul ${sin(3)}`);
  const hand = renderFresh(FRAMES, () => register("x", pipe(sin(110), (x) => mul(x, sin(3)))));
  assertBitIdentical(dsl, hand, "interpolated helper");
});

Deno.test("the comparison is sensitive: a parameter off by 1% renders differently", () => {
  const dsl = renderFresh(4800, () => lel`drone: saw 55 |> lpf 400 0.3`);
  const hand = renderFresh(4800, () => register("drone", lpf(saw(55), 400, 0.303)));
  assert.ok(differs(dsl, hand));
});
