/**
 * Runs gc_child.ts for a form and counts the collections in its steady state.
 * @module
 */

/** GCs and heap growth over a 10 s steady-state render. */
export interface GcCount {
  scavenges: number;
  markCompacts: number;
  /** Bytes `used_heap_size` grew during the render. */
  heapDelta: number;
}

/**
 * Renders 10 s of a form in a `--trace-gc` child after a warm-up and counts its GCs.
 *
 * @param form `lel`, `lel-closures`, `fused` or `native`.
 * @param voices Voices of the reference chain.
 * @param flags Extra V8 flags for the child ("" for V8's defaults).
 * @returns The counts.
 */
export async function gcCount(form: string, voices: number, flags = ""): Promise<GcCount> {
  const v8 = ["--trace-gc", "--expose-gc", ...(flags === "" ? [] : [flags])].join(",");
  // Per-voice code (fades, the voice mix) is called once per voice per block: at one voice it
  // reaches V8's optimising compiler only after ~90 s of audio, allocating ~47 KB/s (boxed
  // doubles in Maglev code) until then. The warm-up scales so every count is a steady state.
  const warm = form === "native" ? "3" : String(Math.max(30, Math.ceil(120 / voices)));
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      `--v8-flags=${v8}`,
      new URL("gc_child.ts", import.meta.url).pathname,
      form,
      String(voices),
      warm,
    ],
    stdout: "piped",
    stderr: "piped",
  });
  const { code, stdout, stderr } = await child.output();
  const errors = new TextDecoder().decode(stderr);
  if (code !== 0) throw new Error(`gc_child ${form} ${voices} failed:\n${errors}`);
  const lines = new TextDecoder().decode(stdout).split("\n");
  // Each forced GC prints one full "Mark-Compact … testing" line (an incremental marking in
  // progress finishes first, as "Incremental Mark-Compact … testing").
  const forced = lines.flatMap((line, i) => (/ms: Mark-Compact .*testing/.test(line) ? [i] : []));
  if (forced.length !== 2) throw new Error(`gc_child ${form} ${voices}: no steady-state markers`);
  const steady = lines.slice(forced[0] + 1, forced[1]).filter((l) => !l.includes("testing"));
  const { heapDelta } = JSON.parse(errors.split("\n").find((l) => l.startsWith("{"))!);
  return {
    scavenges: steady.filter((l) => l.includes("Scavenge")).length,
    markCompacts: steady.filter((l) => /Mark-Compact|Mark-sweep|Minor Mark/.test(l)).length,
    heapDelta,
  };
}
