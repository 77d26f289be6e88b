// Registers one signal, then throws while the module is being imported (line 6, column 7).
import { register, sin } from "../../../mod.ts";

register("tone", sin(440));

throw new Error("the session broke on purpose");
