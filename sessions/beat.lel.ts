/**
 * A beat at 120 bpm from lel's own kit in `samples/` (rendered by `samples/make_kit.ts`): the
 * kick on every beat, the snare on 2 and 4, choked eighth-note hats with pitched-up ghost notes
 * between them, and a clap on the fourth beat of every bar. Peaks below −6 dBFS
 * (tests/dsl/sessions_test.ts renders it and measures).
 *
 * The triggers are oscillators for now, each rising once per period: `pulse(f, 0.1, { phase })`
 * rises when its phase wraps (a start phase of p delays that by (1 − p)/f), a `phasor` rises
 * through 0.5 halfway through its period. When `trig` patterns land, this reads better as
 * `trig "x ~ x ~"` lines.
 * @module
 */

import { gainDb, pan, phasor, pulse, register, sample } from "../mod.ts";

/** Beats per second at 120 bpm: one bar of four beats every 2 s. */
const BEAT_HZ = 2;

// Every beat.
register("kick", gainDb(sample(pulse(BEAT_HZ, 0.1), "samples/kick.wav"), -10));

// Beats 2 and 4: once per two beats, half a period late.
const twoAndFour = pulse(BEAT_HZ / 2, 0.1, { phase: 0.5 });
register("snare", pan(gainDb(sample(twoAndFour, "samples/snare.wav"), -12), 0.15));

// Eighth notes, each hat cutting the last (choke), then the off-beat sixteenths an octave up.
register(
  "hat",
  pan(gainDb(sample(pulse(2 * BEAT_HZ, 0.1), "samples/hat.wav", { choke: true }), -19), -0.35),
);
const ghost = sample(phasor(2 * BEAT_HZ), "samples/hat.wav", { rate: 2, gain: 0.4 });
register("ghost", pan(gainDb(ghost, -19), 0.4));

// Beat 4 of every bar: a quarter of the way into a two-second period, 1.5 s late.
const four = pulse(BEAT_HZ / 4, 0.1, { phase: 0.25 });
register("clap", pan(gainDb(sample(four, "samples/clap.wav", { voices: 2 }), -14), -0.1));
