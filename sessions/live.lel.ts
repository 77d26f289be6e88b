/**
 * The default session: the seed's two signals, written in the pipe DSL.
 *
 * `lead` is `pipe(osc(440), x => lowpass(x, 800), x => tremolo(x, 5, 0.8),
 * x => delay(x, 0.5, 0.25), x => gain(x, 0.25))`; `pad` is
 * `pipe(osc(220), x => pan(x, s => Math.sin(s.t * 0.3)), x => gain(x, 0.25))`, mixed to
 * peak below −6 dBFS. Edit a number and save: the oscillators keep their phase and the delay
 * keeps ringing.
 * @module
 */

import { lel } from "../mod.ts";

lel`
  # a 440 Hz sine, softened, pulsing five times a second, with a quarter-second echo
  lead:   sin 440 |> lowpass 800 |> tremolo 5hz 0.8 |> delay 250ms 500ms |> gain 0.25

  # a 220 Hz sine drifting slowly between the speakers
  pad:    sin 220 |> pan ${(s) => Math.sin(s.t * 0.3)} |> gain 0.25
`;
