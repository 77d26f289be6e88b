// A 440 Hz sine at gain 0.5 (peak 0.5 on the master bus, below the soft clip's knee).
import { register, sin } from "../../../mod.ts";

const tone = sin(440);
register("tone", (s) => 0.5 * (tone(s) as number));
