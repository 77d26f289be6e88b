// Prints to stdout while loading: `render --json` must keep stdout for its JSON object.
import { register, sin } from "../../../mod.ts";

console.log("hello from the session");
register("tone", sin(440));
