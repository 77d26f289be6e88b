/**
 * The live loop end to end: `deno task live` on a temporary session with the null sink and
 * `--record`, edited the ways a musician edits, checked from the recording.
 *
 * One run of about 60 s with 20 committed reloads plus two bad saves; it prints the
 * underruns, the save-to-swap latencies and the worst click ratio it measured.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { decodeWav } from "../../../runtime/core/wav/mod.ts";
import { maxStep, toneAmplitude } from "../../_utils.ts";
import { Child } from "../_child.ts";

const MOD = new URL("../../../mod.ts", import.meta.url).href;
const CLI = new URL("../../../runtime/cli/main.ts", import.meta.url).pathname;
const config = JSON.parse(await Deno.readTextFile(new URL("../../../deno.json", import.meta.url)));
const TASK_V8_FLAGS = /--v8-flags=\S+/.exec(config.tasks.live.command)![0];
const SR = 48000;
const TONE_GAIN = 0.45;
const LOW_GAIN = 0.2;
const HI_GAIN = 0.1;

function session(toneHz: number, extra = ""): string {
  return `import { gain, register, sin } from "${MOD}";
import { LOW_HZ } from "./low.ts";

register("tone", gain(sin(${toneHz}), ${TONE_GAIN}));
register("low", gain(sin(LOW_HZ), ${LOW_GAIN}));
${extra}`;
}

/** What should be heard after a committed reload. */
interface Expect {
  tone: number;
  low: number;
  hi?: number;
  /** The reload changed the tone's frequency (its phase must stay continuous). */
  glide?: boolean;
}

Deno.test({
  name:
    "live: 60 s with 20 reloads, bad saves and every save style — no gap, no click, no underrun",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "lel-live-test-" });
    const file = join(dir, "song.lel.ts");
    const wav = join(dir, "take.wav");
    await Deno.writeTextFile(join(dir, "low.ts"), "export const LOW_HZ = 110;\n");
    await Deno.writeTextFile(file, session(440));
    const child = new Child([
      "run",
      "-A",
      TASK_V8_FLAGS,
      CLI,
      "live",
      file,
      "--sink",
      "none",
      "--no-control",
      "--record",
      wav,
    ]);
    const expects: Expect[] = [{ tone: 440, low: 110 }];
    let reloads = 0;
    let status: Deno.CommandStatus;
    const committed = async (expect: Expect) => {
      reloads++;
      await child.waitFor(/^reload #\d+ /m, reloads);
      expects.push(expect);
      await new Promise((r) => setTimeout(r, 2750));
    };
    try {
      await child.waitFor(/^loaded /m, 1, 20000);
      await new Promise((r) => setTimeout(r, 2400));
      // (1) A frequency edit, saved in place.
      await Deno.writeTextFile(file, session(660));
      await committed({ tone: 660, low: 110, glide: true });
      // (2) A syntax error, and (3) an exception while the session runs: nothing changes.
      await Deno.writeTextFile(file, session(880, "const broken = ;\n"));
      await child.waitFor(/^error: .*song\.lel\.ts:6:16: Expression expected/m, 1);
      await new Promise((r) => setTimeout(r, 900));
      await Deno.writeTextFile(file, session(880, 'throw new RangeError("not yet");\n'));
      await child.waitFor(/^error: .*song\.lel\.ts:6:7: RangeError: not yet/m, 1);
      await new Promise((r) => setTimeout(r, 900));
      // (4) Fixed.
      await Deno.writeTextFile(file, session(550));
      await committed({ tone: 550, low: 110, glide: true });
      // (5) A signal added, then removed.
      await Deno.writeTextFile(
        file,
        session(550, `register("hi", gain(sin(1320), ${HI_GAIN}));\n`),
      );
      await committed({ tone: 550, low: 110, hi: 1320 });
      await Deno.writeTextFile(file, session(550));
      await committed({ tone: 550, low: 110 });
      // (6) Saved the way many editors do: write a temporary file, rename it over the session.
      await Deno.writeTextFile(join(dir, ".song.lel.ts.tmp"), session(770));
      await Deno.rename(join(dir, ".song.lel.ts.tmp"), file);
      await committed({ tone: 770, low: 110, glide: true });
      // (7) A local module the session imports.
      await Deno.writeTextFile(join(dir, "low.ts"), "export const LOW_HZ = 165;\n");
      await committed({ tone: 770, low: 165 });
      // More edits, to 20 reloads in all.
      const tones = [440, 495, 528, 594, 660, 704, 792, 880, 660, 550, 495, 440, 396, 352];
      for (const hz of tones) {
        await Deno.writeTextFile(file, session(hz));
        await committed({ tone: hz, low: 165, glide: true });
      }
    } finally {
      status = await child.stop();
    }
    const out = child.text;
    assert.equal(status.code, 0, out);
    assert.equal(reloads, 20);

    const underruns = Number(/stopped after .*; underruns (\d+) /.exec(out)?.[1]);
    const latencies = [...out.matchAll(/save-to-swap ([\d.]+) ms/g)].map((m) => Number(m[1])).sort((
      a,
      b,
    ) => a - b);
    const swaps = [...out.matchAll(/^(?:loaded|reload #\d+) .* at ([\d.]+) s$/gm)].map((m) =>
      Number(m[1])
    );
    assert.equal(swaps.length, 21, out);

    const { channels, sampleRate } = decodeWav(await Deno.readFile(wav));
    assert.equal(sampleRate, SR);
    const left = channels[0];
    const seconds = left.length / SR;
    assert.ok(seconds >= 59, `recorded ${seconds.toFixed(1)} s`);

    // Every segment between two swaps plays exactly what the last good save asked for.
    let worstClick = 0;
    for (let k = 0; k < expects.length; k++) {
      const e = expects[k];
      const from = Math.round((swaps[k] + 0.15) * SR);
      const to = Math.round((k + 1 < swaps.length ? swaps[k + 1] - 0.02 : seconds - 0.5) * SR);
      for (let w = from; w + 4800 <= to; w += 4800) {
        const win = left.subarray(w, w + 4800);
        const tone = toneAmplitude(win, e.tone, SR);
        const low = toneAmplitude(win, e.low, SR);
        const at = `segment ${k} (${JSON.stringify(e)}) at ${(w / SR).toFixed(2)} s`;
        assert.ok(Math.abs(tone - TONE_GAIN) < 0.02, `${at}: tone ${tone}`);
        assert.ok(Math.abs(low - LOW_GAIN) < 0.02, `${at}: low ${low}`);
        const hi = toneAmplitude(win, 1320, SR);
        assert.ok(
          e.hi === undefined ? hi < 0.005 : Math.abs(hi - HI_GAIN) < 0.01,
          `${at}: hi ${hi}`,
        );
        const previous = expects[k - 1]?.tone;
        if (previous !== undefined && previous !== e.tone) {
          assert.ok(
            toneAmplitude(win, previous, SR) < 0.02,
            `${at}: the old ${previous} Hz still sounds`,
          );
        }
      }
      // No click at the swap: the largest step stays within the steady-state bound of the sum
      // of sines before or after (2π·f·A/sr each), with 5% tolerance; a phase jump would be a
      // step of up to 2·A.
      if (k === 0) continue;
      const before = expects[k - 1];
      const bound = Math.max(steadyStep(before), steadyStep(e)) * 1.05;
      const t = Math.round(swaps[k] * SR);
      const step = maxStep(left, t - 2400, t + 4800);
      worstClick = Math.max(worstClick, step / bound);
      assert.ok(step <= bound, `reload ${k} at ${swaps[k]} s: step ${step} > ${bound}`);
    }

    // No gap: from the end of the first fade-in to the shutdown fade, never 8 near-silent samples in a row.
    let run = 0;
    let longest = 0;
    const end = Math.round((seconds - 0.3) * SR);
    for (let i = Math.round((swaps[0] + 0.05) * SR); i < end; i++) {
      run = Math.abs(left[i]) < 1e-3 ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    console.log(
      `live: ${seconds.toFixed(1)} s recorded, ${reloads} reloads, underruns ${underruns}; ` +
        `save-to-swap median ${latencies[latencies.length >> 1]} ms, max ${
          latencies[latencies.length - 1]
        } ms; ` +
        `worst click ratio ${
          worstClick.toFixed(3)
        } (1 = steady-state step); longest near-silent run ${longest} samples`,
    );
    assert.ok(longest < 8, `a gap of ${longest} samples`);
    const late = out.split("\n").filter((line) => line.includes("late buffer")).join("\n");
    assert.equal(underruns, 0, late);
    await Deno.remove(dir, { recursive: true });
  },
});

/** The largest sample-to-sample step a sum of sines can make. */
function steadyStep(e: Expect): number {
  const parts: [number, number][] = [[e.tone, TONE_GAIN], [e.low, LOW_GAIN]];
  if (e.hi !== undefined) parts.push([e.hi, HI_GAIN]);
  return parts.reduce((sum, [hz, a]) => sum + 2 * Math.sin((Math.PI * hz) / SR) * a, 0);
}
