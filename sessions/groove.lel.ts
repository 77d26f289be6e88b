/**
 * A groove at 104 bpm, everything from synthesis: a kick whose pitch falls from 150 Hz to
 * 48 Hz, a noise-and-tone snare, accented sixteenth hats, a filtered saw bass line and a square
 * lead with rests, an echo on the beat grid and a little room. One pattern cycle is one bar;
 * `<…>` takes one step per bar in turn, so the bass and the lead change every bar over four.
 * Each line is written once as a constant and used for both `seq` (the pitch) and `gate` (the
 * envelope). Mixed to peak below −6 dBFS (tests/dsl/sessions_test.ts renders and measures it).
 * @module
 */

import { lel } from "../mod.ts";

const KICK = "x ~ ~ ~ x ~ ~ x ~ ~ x ~ x ~ ~ ~";
const BASS =
  "<[a1 ~ a1 a2 ~ a1 g1 ~] [f1 ~ f1 f2 ~ f1 e1 ~] [c2 ~ c2 c3 ~ c2 b1 ~] [g1 ~ g1 g2 ~ b1 d2 ~]>";
const LEAD = "<[e4 ~ ~ a4 ~ c5 b4 ~] [a4 ~ ~ ~ c5@2 e5 ~] [g4 ~ e4 ~ g4 a4 ~ ~] [b4@3 ~ d5 ~ ~ ~]>";

lel`
  tempo: 104bpm

  kick:  sin (trig ${KICK} |> perc 45ms |> mul 102 |> add 48)
         |> mul (trig ${KICK} |> perc 320ms)
         |> drive 0.2 |> gain -9db

  # the snare on 2 and 4: band-passed noise over a 185 Hz body
  snare: noise |> bpf 1.8khz 0.2 |> mix (tri 185 |> gain 60%)
         |> mul (trig "~ x ~ x" |> perc 150ms)
         |> gain -15db |> pan 0.1

  # sixteenth hats, accented on the beat
  hat:   noise |> hpf 8khz
         |> mul (trig "x*16" |> perc 35ms) |> mul (seq "[1 0.35 0.6 0.35]*4")
         |> gain -24db |> pan -0.3

  bass:  saw (seq ${BASS})
         |> lpf (gate ${BASS} |> adsr 2ms 180ms 0.2 60ms |> range 220 1400) 0.55
         |> mul (gate ${BASS} |> adsr 3ms 100ms 0.7 50ms)
         |> gain -21db

  lead:  square (seq ${LEAD}) |> lpf 2.4khz
         |> mul (gate ${LEAD} |> adsr 8ms 200ms 0.5 150ms)
         |> feedback 0.75b 0.35 |> reverb 1.8s 0.5 20%
         |> gain -21db |> pan 0.25
`;
