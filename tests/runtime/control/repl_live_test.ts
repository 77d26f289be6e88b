/**
 * The control port end to end: a real `deno task live` on the null sink with `--record` and
 * `LEL_HOME` in a temporary folder, driven over the control port and by `deno task send`, and
 * checked from the recording: what was sent is heard, a redefinition keeps the phase, bad
 * blocks and refused requests change nothing, and a later save of the session keeps the REPL's
 * signal. About 15 s.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { sendBlock } from "../../../runtime/control/control_client.ts";
import { readControlFile } from "../../../runtime/control/control_file.ts";
import { encodeRequest, MAX_BLOCK_BYTES } from "../../../runtime/control/control_protocol.ts";
import { decodeWav } from "../../../runtime/core/wav/mod.ts";
import { maxStep, toneAmplitude } from "../../_utils.ts";
import { Child } from "../_child.ts";

const MOD = new URL("../../../mod.ts", import.meta.url).href;
const CLI = new URL("../../../runtime/cli/main.ts", import.meta.url).pathname;
const config = JSON.parse(await Deno.readTextFile(new URL("../../../deno.json", import.meta.url)));
const TASK_V8_FLAGS = /--v8-flags=\S+/.exec(config.tasks.live.command)![0];
const SR = 48000;
const BASE_GAIN = 0.3;
const LEAD_GAIN = 0.25;

const session = (hz: number) =>
  `import { gain, register, sin } from "${MOD}";\nregister("base", gain(sin(${hz}), ${BASE_GAIN}));\n`;

/** Runs `deno task send -` with `block` on stdin. */
async function sendCommand(block: string, home: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, "send", "-"],
    env: { LEL_HOME: home },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(block));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  const decoder = new TextDecoder();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}

/** Sends raw bytes, half-closing unless told not to; returns the reply. */
async function raw(port: number, bytes: Uint8Array, halfClose = true): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  let written = 0;
  while (written < bytes.length) written += await conn.write(bytes.subarray(written));
  if (halfClose) await conn.closeWrite();
  return await new Response(conn.readable).text();
}

/** What refused requests carry: evaluated, it would be heard (990 Hz). */
const EVIL = 'register("lead", sin(990))';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test({
  name: "repl + live: sent code is heard, keeps phase, bad and refused requests change nothing",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "lel-repl-live-test-" });
    const home = join(dir, "home");
    const file = join(dir, "song.lel.ts");
    const wav = join(dir, "take.wav");
    await Deno.writeTextFile(file, session(220));
    const child = new Child(
      [
        "run",
        "-A",
        TASK_V8_FLAGS,
        CLI,
        "live",
        file,
        "--sink",
        "none",
        "--record",
        wav,
        "--port",
        "0",
      ],
      { LEL_HOME: home },
    );
    const latencies: number[] = [];
    const timed = async (block: string, info: Parameters<typeof sendBlock>[1]) => {
      const t = performance.now();
      const reply = await sendBlock(block, info);
      latencies.push(performance.now() - t);
      return reply;
    };
    let status: Deno.CommandStatus;
    const swaps: number[] = [];
    const swap = /^repl: (?:new|kept) lead \((?:dsl|ts)\) at ([\d.]+) s$/m;
    const refusals: string[] = [];
    let refusalMs = 0;
    let sendCodes: number[] = [];
    try {
      swaps.push(Number((await child.waitFor(/^loaded .* at ([\d.]+) s$/m, 1, 20000))[1]));
      await child.waitFor(/^lel: control on 127\.0\.0\.1:(\d+) /m);
      const info = await readControlFile(home);
      assert.equal((await Deno.stat(join(home, "control.json"))).mode! & 0o777, 0o600);
      await sleep(1000);

      // A DSL line is heard; redefining it glides with the phase kept.
      assert.match(
        await timed("lead: sin 660 |> gain 0.25", info),
        /^ok new lead · signals: base, lead · master /,
      );
      swaps.push(Number((await child.waitFor(swap, 1))[1]));
      await sleep(1000);
      assert.match(await timed("lead: sin 880 |> gain 0.25", info), /^ok kept lead · /);
      swaps.push(Number((await child.waitFor(swap, 2))[1]));
      await sleep(600);

      // Syntax errors: located inside the block; nothing changes.
      assert.match(
        await timed("lead: sin 990 |> gain 0.25\nbad: saw 55 |> lpf (300", info),
        /^error: 2:24: Expected '\)', found end of template[^\n]*\n1 \| lead: sin 990 \|> gain 0\.25\n2 \| bad: saw 55 \|> lpf \(300\n {2}\| {24}\^$/,
      );
      assert.match(
        await timed('register("lead", sin(990));\nconst = 3;', info),
        /^error: 2:7: SyntaxError: Unexpected token `=`/,
      );

      // Refused requests: the engine never sees them; two honest clients are answered meanwhile.
      const started = performance.now();
      const idle = raw(info.port, encodeRequest(info.token, EVIL), false).then((r) => {
        refusalMs = performance.now() - started;
        return r;
      });
      refusals.push(await raw(info.port, new TextEncoder().encode(EVIL)));
      refusals.push(await raw(info.port, encodeRequest("f".repeat(64), EVIL)));
      refusals.push(
        await raw(info.port, encodeRequest(info.token, EVIL + "#".repeat(MAX_BLOCK_BYTES))),
      );
      const both = await Promise.all([timed("signals()", info), timed("# just a comment", info)]);
      both.forEach((r) => assert.match(r, /^ok no change · signals: base, lead · master /));
      // `deno task send` exit codes while the idle client is still pending.
      const [bad, none] = await Promise.all([
        sendCommand("lead: sin 990 |> lfp 300", home),
        sendCommand("lead: sin 990", join(dir, "nowhere")),
      ]);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /^error: 1:18: Unknown helper 'lfp'; did you mean 'lpf'\?\n/m);
      assert.equal(none.code, 1);
      assert.match(none.stderr, /^error: No running live engine .*start `deno task live` first$/m);
      refusals.push(await idle);
      assert.match(refusals[0], /^error: Request refused: missing header/);
      assert.match(refusals[1], /^error: Request refused: wrong token/);
      assert.match(refusals[2], /^error: Request refused: the block is over 1048576 bytes/);
      assert.match(refusals[3], /^error: Request refused: not complete within 5 s/);
      assert.ok(refusalMs >= 4900 && refusalMs < 6500, `idle refused after ${refusalMs} ms`);
      await child.waitFor(
        /^control: refused a request from 127\.0\.0\.1:\d+: not complete within 5 s/m,
      );

      // Later requests still work: `deno task send` with a good block exits 0.
      const good = await sendCommand("lead: sin 990 |> gain 0.25", home);
      sendCodes = [good.code, bad.code, none.code];
      assert.equal(good.code, 0, good.stderr);
      assert.match(good.stdout, /^ok kept lead · signals: base, lead · master /);
      swaps.push(Number((await child.waitFor(swap, 3))[1]));
      await sleep(800);

      // A save of the session reloads it and keeps the REPL's signal (another origin).
      await Deno.writeTextFile(file, session(330));
      const reload = Number((await child.waitFor(/^reload #1 .* at ([\d.]+) s$/m))[1]);
      assert.match(child.text, /^ {2}base {2}kept/m);
      assert.doesNotMatch(child.text, /^ {2}lead +removed/m);
      swaps.push(reload);
      await sleep(1000);
    } finally {
      status = await child.stop();
    }
    const out = child.text;
    assert.equal(status.code, 0, out);
    await assert.rejects(Deno.stat(join(home, "control.json")), Deno.errors.NotFound);
    assert.equal(swaps.length, 5, out);

    const { channels, sampleRate } = decodeWav(await Deno.readFile(wav));
    assert.equal(sampleRate, SR);
    const left = channels[0];
    const seconds = left.length / SR;
    // What each segment between two swaps should hold: [base Hz, lead Hz or 0].
    const expects: [number, number][] = [[220, 0], [220, 660], [220, 880], [220, 990], [330, 990]];
    const leads = [660, 880, 990];
    // REPL swap times are exact (engine time at the commit); live logs a reload's time after
    // cleaning up its mirror, when the engine may have rendered on, so a segment stops 0.2 s
    // before the next logged swap and each step check starts 0.2 s before its own.
    for (let k = 0; k < expects.length; k++) {
      const [base, lead] = expects[k];
      const from = Math.round((swaps[k] + 0.15) * SR);
      const to = Math.round((k + 1 < swaps.length ? swaps[k + 1] - 0.2 : seconds - 0.5) * SR);
      assert.ok(to - from >= 4800, `segment ${k} is ${(to - from) / SR} s long`);
      for (let w = from; w + 4800 <= to; w += 4800) {
        const win = left.subarray(w, w + 4800);
        const at = `segment ${k} (${base} + ${lead}) at ${(w / SR).toFixed(2)} s`;
        // Amplitudes read within 0.02 of the gains (Hann window, 100 ms, exact bins).
        assert.ok(Math.abs(toneAmplitude(win, base, SR) - BASE_GAIN) < 0.02, `${at}: base`);
        for (const hz of leads) {
          const a = toneAmplitude(win, hz, SR);
          assert.ok(
            hz === lead ? Math.abs(a - LEAD_GAIN) < 0.02 : a < 0.01,
            `${at}: ${hz} Hz ${a}`,
          );
        }
      }
      // No click anywhere in the segment, nor at the swap that starts it: the largest step
      // stays within the steady-state step of the sines before or after (5% tolerance); a
      // phase jump would step by up to 2·A. Together the checks cover the whole recording.
      const bound = Math.max(steadyStep(expects[k]), k > 0 ? steadyStep(expects[k - 1]) : 0) * 1.05;
      const start = Math.round((swaps[k] - 0.2) * SR);
      const step = maxStep(left, Math.max(1, start), to);
      assert.ok(step <= bound, `segment ${k}: step ${step} > ${bound}`);
    }
    latencies.sort((a, b) => a - b);
    console.log(
      `repl+live: ${seconds.toFixed(1)} s recorded; send→reply median ${
        latencies[latencies.length >> 1].toFixed(1)
      } ms, max ${
        latencies[latencies.length - 1].toFixed(1)
      } ms over ${latencies.length} blocks; ` +
        `4 refusals (no header, wrong token, 1 MiB + ${EVIL.length} B, idle after ${
          (refusalMs / 1000).toFixed(2)
        } s); ` +
        `send exit codes ok/error/none = ${sendCodes.join("/")}`,
    );
    await Deno.remove(dir, { recursive: true });
  },
});

/** The largest sample-to-sample step of a sum of sines [base at BASE_GAIN, lead at LEAD_GAIN]. */
function steadyStep([base, lead]: [number, number]): number {
  const step = (hz: number, a: number) => 2 * Math.sin((Math.PI * hz) / SR) * a;
  return step(base, BASE_GAIN) + (lead > 0 ? step(lead, LEAD_GAIN) : 0);
}
