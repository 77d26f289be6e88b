/**
 * A drone: three saws (A1, a slightly sharp A1 and A2) under one slow resonant lowpass sweep,
 * with a breath of band-passed noise drifting across the stereo field.
 * @module
 */

import { lel } from "../mod.ts";

lel`
  drone: mix (saw a1) (saw 55.4) (saw a2 |> gain 50%)
         |> lpf (sin 0.05hz |> range 180 1600) 0.45     # one sweep every 20 seconds
         |> gain -17db

  air:   noise |> bpf (tri 0.03hz |> range 700 2600) 0.6
         |> gain -30db
         |> pan (sin 0.07hz)
`;
