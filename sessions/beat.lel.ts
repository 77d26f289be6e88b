/**
 * A beat at 120 bpm from lel's own kit in `samples/` (rendered by `samples/make_kit.ts`): the
 * kick on every beat, the snare on 2 and 4, accented eighth-note hats that choke each other,
 * pitched-up ghost hats on the off-beat sixteenths, and a clap on the fourth beat, doubled
 * every other bar. One pattern cycle is one bar; sample paths are relative to this file.
 * Peaks below −6 dBFS (tests/dsl/sessions_test.ts renders it and measures).
 * @module
 */

import { lel } from "../mod.ts";

lel`
  tempo: 120bpm

  kick:  trig "x x x x" |> sample "samples/kick.wav" |> gain -10db

  snare: trig "~ x ~ x" |> sample "samples/snare.wav" |> gain -12db |> pan 0.15

  # each hat cuts the one before (choke); the pattern of gains accents the beats
  hat:   trig "x*8" |> sample "samples/hat.wav" 1 (seq "1 0.4 0.7 0.4") choke:1
         |> gain -19db |> pan -0.35

  # the same hat an octave up (rate 2), quieter, between the eighths
  ghost: trig "[~ x]*8" |> sample "samples/hat.wav" 2 0.4 |> gain -19db |> pan 0.4

  clap:  trig "<[~ ~ ~ x] [~ ~ ~ [x x]]>" |> sample "samples/clap.wav" voices:2
         |> gain -14db |> pan -0.1
`;
