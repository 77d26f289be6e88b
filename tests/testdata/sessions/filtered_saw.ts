// Two signals: a 220 Hz sine at gain 0.25 and a quiet low-passed 50 Hz saw (no harmonic at 220).
import { lowpass, register, saw, sin } from "../../../mod.ts";

const tone = sin(220);
register("tone", (s) => 0.25 * (tone(s) as number));
const bass = lowpass(saw(50), 300);
register("bass", (s) => 0.1 * (bass(s) as number));
