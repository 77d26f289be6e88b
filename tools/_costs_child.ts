/**
 * Run by `tools/costs.ts` under `--print-bytecode`: builds typical instances of every declared
 * helper (mono and stereo inputs, constant, helper-modulated and hand-modulated parameters,
 * with and without their optional arguments, constants at their defaults and at the top of
 * their ranges), renders each compiled and as closures, and writes the names of the step
 * functions their kernel specs refer to into the file named by its argument.
 * @module
 */

import { Engine, pan, setLogger, SILENT_LOGGER, sin } from "../mod.ts";
import { setChainCompiler } from "../runtime/core/chain/mod.ts";
import { helperInfo } from "../runtime/core/signal_tag.ts";
import { allDefinitions, typicalInstance } from "../helpers/typical.ts";
import type { Signal } from "../runtime/core/signal.ts";
import { setMeasuringBytecode } from "../helpers/bytecode_cost.ts";

setLogger(SILENT_LOGGER);
setMeasuringBytecode(true);
const names = new Set<string>();
for (const def of allDefinitions()) {
  for (const params of ["constant", "helper", "leaf"] as const) {
    for (const optional of [false, true]) {
      for (const stereo of [false, true]) {
        for (
          const [compiled, constants] of [[true, "default"], [false, "default"], [
            true,
            "top",
          ]] as const
        ) {
          const previous = setChainCompiler(compiled);
          const e = new Engine({ sampleRate: 48000, channels: 2, fadeTime: 0, softClip: false });
          try {
            const input: Signal = stereo ? pan(sin(110), 0.3) : sin(110);
            const fn = typicalInstance(def, { params, optional, input, constants });
            for (const ref of Object.values(helperInfo(fn)?.kernel?.refs ?? {})) {
              if (typeof ref === "function") names.add(ref.name);
            }
            e.register("x", fn);
            const out = [new Float64Array(512), new Float64Array(512)];
            e.process(out, 512);
          } catch {
            // A combination the helper refuses (a stereo trigger, say) has nothing to measure.
          } finally {
            e.dispose();
            setChainCompiler(previous);
          }
        }
      }
    }
  }
}
// V8 writes its bytecode to stdout in pieces of its own: the names go to a file.
await Deno.writeTextFile(Deno.args[0], JSON.stringify([...names].sort()));
