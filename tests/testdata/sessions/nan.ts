// A good tone and a signal that turns to NaN after 0.1 s: the bad one is muted, the tone plays.
import { register, sin } from "../../../mod.ts";

const tone = sin(330);
register("tone", (s) => 0.5 * (tone(s) as number));
register("broken", (s) => (s.t < 0.1 ? 0 : NaN));
