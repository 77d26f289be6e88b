// Prints to stdout while loading: `render --json` must keep stdout for its JSON object.
import { register, sin } from "../../../mod.ts";

console.log("hello from the session");
console.info("and info too");
register("tone", sin(440));
