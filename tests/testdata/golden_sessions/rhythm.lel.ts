/**
 * A rhythm from oscillators and envelopes: `pulse` and `phasor` trigger `perc` envelopes that
 * shape a pitch-dropping kick, a noise hat and a triangle blip.
 * @module
 */

import { lel } from "../../../mod.ts";

lel`
  # 120 bpm: the kick on every beat, its pitch falling from 135 Hz to 45 Hz
  kick:  sin (pulse 2hz |> perc 60ms |> mul 90 |> add 45)
         |> mul (pulse 2hz |> perc 300ms)
         |> gain -6db

  # eighth-note hats, a short pulse for each
  hat:   noise |> hpf 7khz |> mul (pulse 4hz 20% |> perc 40ms) |> gain -20db |> pan -0.3

  # a phasor fires halfway through each period: the blip lands on the off-beat
  blip:  tri e5 |> mul (phasor 1hz |> perc 150ms 2ms) |> gain -16db |> pan 0.4
`;
