/**
 * A rhythm at 120 bpm from oscillators, patterns and envelopes: `trig` patterns fire `perc`
 * envelopes that shape a pitch-dropping kick, an off-beat noise hat and a triangle blip whose
 * notes come from the same pattern through `seq`. One pattern cycle is one bar. For a whole
 * groove with a bass line and a lead, see sessions/groove.lel.ts.
 * @module
 */

import { lel } from "../mod.ts";

const BLIP = "~ e5 ~ [g5 e5] ~ b4 ~ <d5 a5>";

lel`
  tempo: 120bpm

  # the kick on every beat, its pitch falling from 135 Hz to 45 Hz
  kick:  sin (trig "x x x x" |> perc 60ms |> mul 90 |> add 45)
         |> mul (trig "x x x x" |> perc 300ms)
         |> gain -10db

  # hats on the off-beat eighths
  hat:   noise |> hpf 7khz |> mul (trig "[~ x]*4" |> perc 40ms) |> gain -22db |> pan -0.3

  # the blip's notes and onsets from one pattern; <d5 a5> alternates bar by bar
  blip:  tri (seq ${BLIP}) |> mul (trig ${BLIP} |> perc 150ms 2ms) |> gain -18db |> pan 0.4
`;
