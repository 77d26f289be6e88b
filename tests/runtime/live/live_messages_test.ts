/**
 * What `live` says, run as a child on the null sink: a session broken at start does not claim a
 * previous version plays; once one played, a broken save says it keeps playing; a signal that
 * stalls the main thread past the buffer's slack prints the `late buffer` line the README
 * promises. About 6 s.
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { Child } from "../_child.ts";

const MOD = new URL("../../../mod.ts", import.meta.url).href;
const CLI = new URL("../../../runtime/cli/main.ts", import.meta.url).pathname;

const GOOD = `import { gain, register, sin } from "${MOD}";
register("tone", gain(sin(220), 0.1));
`;
const BROKEN = `import { register, sin } from "${MOD}";
register("tone", sin(220)) +;
`;
/** Blocks the main thread once for 400 ms (4096-frame buffers leave ~83 ms of slack). */
const STALLS = `import { gain, register, sin } from "${MOD}";
register("tone", gain(sin(220), 0.1));
const loadedAt = performance.now();
let stalled = false;
register("stall", () => {
  if (!stalled && performance.now() - loadedAt > 300) {
    stalled = true;
    const until = performance.now() + 400;
    while (performance.now() < until) { /* busy */ }
  }
  return 0;
});
`;

Deno.test({
  name: "live: 'nothing is playing yet' for a session broken at start; late buffers are printed",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "lel-live-messages-" });
    const file = join(dir, "set.lel.ts");
    await Deno.writeTextFile(file, BROKEN);
    const child = new Child(
      ["run", "-A", CLI, "live", file, "--sink", "none", "--no-control"],
      { LEL_HOME: join(dir, "home"), NO_COLOR: "1" },
    );
    let status: Deno.CommandStatus;
    try {
      await child.waitFor(/^error: .*set\.lel\.ts:2:\d+: /m);
      await child.waitFor(
        /^ {2}\(nothing from this session is playing yet; fix the error and save\)$/m,
      );
      assert.doesNotMatch(child.text, /previous version keeps playing/);
      await Deno.writeTextFile(file, GOOD);
      await child.waitFor(/^reload #1 |^loaded /m);
      await Deno.writeTextFile(file, BROKEN);
      await child.waitFor(/^ {2}\(the previous version keeps playing\)$/m);
      await Deno.writeTextFile(file, STALLS);
      await child.waitFor(/^ {2}stall {2}new$/m);
      await child.waitFor(/^lel: \d+ late buffers?, the latest [\d.]+ ms late at [\d.]+ s \(/m);
    } finally {
      status = await child.stop();
      await Deno.remove(dir, { recursive: true });
    }
    assert.equal(status.code, 0, child.text);
    assert.equal(child.text.match(/nothing from this session is playing yet/g)?.length, 1);
  },
});
