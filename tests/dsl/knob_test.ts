/**
 * Knobs and the MIDI sources in the DSL: `knob NAME [default]` with named options, the same
 * signal as the TypeScript call, and located errors.
 * @module
 */

import assert from "node:assert/strict";
import {
  adsr,
  DslSyntaxError,
  getKnob,
  knob,
  lel,
  lpf,
  midigate,
  midinote,
  midiTrig,
  mul,
  register,
  saw,
  setKnob,
} from "../../mod.ts";
import { resetKnobs } from "../../runtime/core/knobs.ts";
import { assertBitIdentical, renderFresh } from "./_render.ts";

Deno.test('`knob cutoff 800 min:20 max:20000 curve:"exp" cc:74` defines the knob and reads it', () => {
  resetKnobs();
  const [out] = renderFresh(256, () => {
    lel`x: knob cutoff 800 min:20 max:20000 curve:"exp" cc:74`;
  });
  const k = getKnob("cutoff")!;
  assert.deepEqual(
    [k.value, k.default, k.min, k.max, k.curve, k.cc],
    [800, 800, 20, 20000, "exp", { channel: undefined, number: 74 }],
  );
  assert.equal(out[255], 800);
});

Deno.test("a knob name may be a bare word or a string; cc:1 alone gives the range 0..1; channel: and glide: are options too", () => {
  resetKnobs();
  renderFresh(8, () => {
    lel`
      a: knob "mod.depth" 0.5 cc:1 channel:2
      b: knob rate 3 glide:50ms
    `;
  });
  const depth = getKnob("mod.depth")!;
  assert.deepEqual([depth.min, depth.max, depth.value, depth.cc], [0, 1, 0.5, {
    channel: 2,
    number: 1,
  }]);
  assert.equal(getKnob("rate")!.value, 3);
});

Deno.test("a knob in a DSL chain renders bit-identically to the TypeScript call, and follows a set", () => {
  const frames = 4096;
  const moved = (setup: () => void) => {
    resetKnobs();
    setKnob("cut", 1500); // before the session: a value waiting for its knob
    return renderFresh(frames, setup);
  };
  const dsl = moved(() => {
    lel`x: saw 110 |> lpf (knob cut 800 min:20 max:20000 glide:10ms) 0.3`;
  });
  const ts = moved(() => {
    register("x", lpf(saw(110), knob("cut", 800, { min: 20, max: 20000, glide: 0.01 }), 0.3));
  });
  assertBitIdentical(dsl, ts, "knob in a chain");
  assert.equal(getKnob("cut")!.value, 1500);
});

Deno.test("a MIDI voice in the DSL renders bit-identically to the TypeScript call", () => {
  const play = (setup: () => void) => {
    resetKnobs();
    setKnob("midinote", 220);
    setKnob("midigate", 1);
    return renderFresh(2048, setup);
  };
  const dsl = play(() => {
    lel`v: saw (midinote) |> mul (midigate |> adsr 5ms 100ms 0.5 200ms retrigger:(midiTrig))`;
  });
  const ts = play(() => {
    register(
      "v",
      mul(saw(midinote()), adsr(midigate(), 0.005, 0.1, 0.5, 0.2, { retrigger: midiTrig() })),
    );
  });
  assertBitIdentical(dsl, ts, "MIDI voice");
  assert.ok(dsl[0].some((v) => Math.abs(v) > 0.3), "it plays");
});

/** The DslSyntaxError a template throws. */
function dslError(run: () => void): DslSyntaxError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof DslSyntaxError, `a DslSyntaxError, got ${error}`);
    return error;
  }
  assert.fail("expected an error");
}

Deno.test("knob mistakes in the DSL are located errors that say what to give", async () => {
  resetKnobs();
  const half = dslError(() => lel`x: knob cutoff 800 min:100 cc:74`);
  assert.equal(
    half.message,
    "Cannot define knob 'cutoff': a knob with a cc spreads the controller's 0..127 over min..max, so it needs a finite range; give both min and max (or neither, for 0..1), got min 100 and max undefined",
  );
  assert.ok(half.cause instanceof RangeError);
  const line = (await Deno.readTextFile(new URL(import.meta.url))).split("\n")[half.line - 1];
  assert.equal(half.column, line.indexOf("knob cutoff 800 min:100") + 1, "points at the knob");
  assert.equal(getKnob("cutoff"), undefined, "nothing defined");
  const messages: [() => void, string][] = [
    [() => lel`x: knob 800`, "knob name is a name: write a word, e.g. cutoff"],
    [
      () => lel`x: knob a 1 foo:2`,
      "knob has no parameter 'foo'; its parameters: name, default, min, max, curve, cc, channel, glide",
    ],
    [
      () => lel`x: knob a 1 curve:"wavy"`,
      "Cannot define knob 'a': curve must be 'linear' or 'exp', got 'wavy'",
    ],
    [
      () => lel`x: knob a 0 cc:200`,
      "Cannot define knob 'a': cc number must be a whole number in 0..127, got 200",
    ],
    [
      () => lel`x: knob a 0 channel:3`,
      "Cannot define knob 'a': channel 3 is the MIDI channel of a cc; give the cc too",
    ],
    [
      () => lel`x: knob a min:(saw 1)`,
      "knob min must be a number known when the chain is built, not a signal; write a number, e.g. '42'",
    ],
  ];
  for (const [run, message] of messages) assert.equal(dslError(run).message, message);
  assert.equal(getKnob("a"), undefined, "no mistake defined anything");
});
