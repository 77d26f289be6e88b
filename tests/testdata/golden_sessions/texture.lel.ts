/**
 * A stereo texture: slow bell-like tones panned across the field, smeared by a feedback echo
 * and a long reverb.
 * @module
 */

import { lel } from "../../../mod.ts";

lel`
  shimmer: sin a5 |> mul (pulse 0.5hz 10% |> perc 1.5s 20ms)
           |> tremolo 0.3hz 0.5
           |> pan ${(s) => Math.sin(s.t * 0.7)}
           |> feedback 375ms 0.55
           |> reverb 4s 0.4 50%
           |> gain -10db

  glass:   tri e6 |> mul (phasor 0.25hz |> perc 800ms)
           |> pan 0.6
           |> delay 500ms
           |> reverb 6s 0.6 70%
           |> gain -14db
`;
