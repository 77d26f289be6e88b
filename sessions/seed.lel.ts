/**
 * The seed session in plain TypeScript: the two signals lel was designed around, written with
 * the helper API instead of the DSL (compare sessions/live.lel.ts).
 *
 * Play it with `deno task live sessions/seed.lel.ts`, edit a number, save, and listen: the
 * oscillators keep their phase, the delay keeps ringing. Mixed to peak below −6 dBFS.
 */
import { clear, delay, gain, lowpass, osc, pan, pipe, register, tremolo } from "../mod.ts";

clear();

register(
  "lead",
  pipe(
    osc(440),
    (x) => lowpass(x, 800),
    (x) => tremolo(x, 5, 0.8),
    (x) => delay(x, 0.5, 0.25),
    (x) => gain(x, 0.25),
  ),
);

register(
  "pad",
  pipe(osc(220), (x) => pan(x, (s) => Math.sin(s.t * 0.3)), (x) => gain(x, 0.25)),
);
