/**
 * `runtime/cli/main.ts render`, run as a child process on the fixture sessions in
 * tests/testdata/sessions/: the WAV's content, the JSON report, and one-line errors.
 * @module
 */

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { decodeWav } from "../../../runtime/core/wav/mod.ts";
import { peakFrequency, toneAmplitude } from "../../_utils.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const SESSIONS = fileURLToPath(new URL("../../testdata/sessions/", import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `deno run -A runtime/cli/main.ts <args>` from the repo root. `INIT_CWD` is set (to the
 * root unless given) so paths in messages do not depend on where the tests were started.
 */
async function cli(args: string[], initCwd = ROOT): Promise<Run> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "runtime/cli/main.ts", ...args],
    cwd: ROOT,
    env: { INIT_CWD: initCwd, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1", LEL_DEBUG: "0" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: out.code,
    stdout: decoder.decode(out.stdout),
    stderr: decoder.decode(out.stderr),
  };
}

/** The report `render --json` prints. */
interface Report {
  seconds: number;
  sampleRate: number;
  frames: number;
  channels: number;
  out: string;
  format: string;
  master: Levels;
  signals: Record<string, Levels>;
  faults: {
    signal: string;
    reason: string;
    location: string | null;
    time: number;
    message: string;
  }[];
}

interface Levels {
  peak: number;
  rms: number;
  peakDb: number | null;
  rmsDb: number | null;
}

/** The single JSON object on stdout (and nothing else there). */
function report(run: Run): Report {
  const lines = run.stdout.trimEnd().split("\n");
  assert.equal(lines.length, 1, `one line on stdout, got:\n${run.stdout}`);
  return JSON.parse(lines[0]);
}

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "lel_cli_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function near(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual}, expected ${expected} ± ${tolerance}`,
  );
}

Deno.test("render writes a float WAV of a 440 Hz sine at the requested rate and reports its levels in JSON", async () => {
  await withTempDir(async (dir) => {
    const out = `${dir}/sine.wav`;
    const run = await cli([
      "render",
      `${SESSIONS}sine_a4.ts`,
      "--seconds",
      "1",
      "--out",
      out,
      "--sample-rate",
      "44100",
      "--json",
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, "");
    const r = report(run);
    assert.equal(r.seconds, 1);
    assert.equal(r.sampleRate, 44100);
    assert.equal(r.frames, 44100);
    assert.equal(r.channels, 2);
    assert.equal(r.out, out);
    assert.equal(r.format, "f32");
    // The session registers a sine at gain 0.5: peak 0.5 (-6.02 dBFS); RMS 0.5/√2 less the
    // 10 ms fade-in (about 0.3 % over 1 s).
    near(r.master.peak, 0.5, 1e-4, "master peak");
    near(r.master.peakDb as number, -6.0206, 0.01, "master peak dB");
    near(r.master.rms, 0.5 / Math.SQRT2, 0.003, "master rms");
    near(r.master.rmsDb as number, 20 * Math.log10(r.master.rms), 1e-9, "master rms dB");
    assert.deepEqual(Object.keys(r.signals), ["tone"]);
    near(r.signals.tone.peak, 0.5, 1e-4, "tone peak");
    assert.deepEqual(r.faults, []);

    const wav = decodeWav(await Deno.readFile(out));
    assert.equal(wav.sampleRate, 44100);
    assert.equal(wav.format, "f32");
    assert.equal(wav.channels.length, 2);
    assert.equal(wav.channels[0].length, 44100);
    assert.deepEqual(wav.channels[1], wav.channels[0], "a mono signal reaches both channels");
    // 32768 samples after the fade-in: FFT bins are 44100 / 32768 ≈ 1.35 Hz wide. A render at
    // the wrong rate would put the tone at 440 · 48000 / 44100 ≈ 479 Hz.
    const body = wav.channels[0].subarray(4410, 4410 + 32768);
    near(peakFrequency(body, 44100), 440, 44100 / 32768, "peak frequency");
    near(toneAmplitude(body, 440, 44100), 0.5, 0.005, "440 Hz amplitude");
  });
});

Deno.test("render --pcm16 writes 16-bit PCM at 48 kHz, resolving paths against INIT_CWD, with a one-line summary", async () => {
  await withTempDir(async (dir) => {
    const run = await cli(
      ["render", `${SESSIONS}filtered_saw.ts`, "-s", "0.5", "-o", "take.wav", "--pcm16"],
      dir,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, "");
    assert.match(
      run.stdout,
      /^rendered 0\.5 s of \S+filtered_saw\.ts to take\.wav \(24000 frames, 48000 Hz, 2 ch, s16\): peak -\d+\.\d dBFS, rms -\d+\.\d dBFS\n$/,
    );
    assert.throws(() => Deno.statSync(`${ROOT}take.wav`), Deno.errors.NotFound);
    const bytes = await Deno.readFile(`${dir}/take.wav`);
    const header = new DataView(bytes.buffer);
    assert.equal(header.getUint16(20, true), 1, "format tag: PCM");
    assert.equal(header.getUint16(34, true), 16, "bits per sample");
    assert.equal(bytes.length, 44 + 24000 * 2 * 2);
    const wav = decodeWav(bytes);
    assert.equal(wav.sampleRate, 48000);
    assert.equal(wav.format, "s16");
    const body = wav.channels[0].subarray(4800, 4800 + 16384);
    near(peakFrequency(body, 48000, 1000), 220, 48000 / 16384, "peak frequency");
    near(toneAmplitude(body, 220, 48000), 0.25, 0.005, "220 Hz amplitude");
  });
});

Deno.test("render lists a NaN signal's fault in JSON and the other signal keeps playing", async () => {
  await withTempDir(async (dir) => {
    const out = `${dir}/nan.wav`;
    const run = await cli([
      "render",
      `${SESSIONS}nan.ts`,
      "--seconds",
      "0.5",
      "--out",
      out,
      "--json",
    ]);
    assert.equal(run.code, 0, run.stderr);
    const r = report(run);
    assert.equal(r.faults.length, 1);
    const [fault] = r.faults;
    assert.equal(fault.signal, "broken");
    assert.equal(fault.reason, "produced NaN");
    assert.equal(fault.location, "tests/testdata/sessions/nan.ts:6:1");
    // Reported at the start of the 128-frame block in which s.t reached 0.1.
    assert.ok(fault.time <= 0.1 && fault.time > 0.1 - 128 / 48000, `fault time ${fault.time}`);
    assert.match(
      fault.message,
      /^signal 'broken' produced NaN \(tests\/testdata\/sessions\/nan\.ts:6:1\)/,
    );
    // The session's fault goes to stderr through the logger, once.
    assert.equal(run.stderr.trimEnd(), fault.message);
    assert.equal(r.signals.broken.peak, 0);
    assert.equal(r.signals.broken.peakDb, null, "silence has no finite level in dB");
    near(r.signals.tone.peak, 0.5, 1e-4, "tone peak");

    const wav = decodeWav(await Deno.readFile(out));
    assert.equal(wav.channels[0].length, 24000);
    const after = wav.channels[0].subarray(9600, 9600 + 8192); // from 0.2 s, after the fault
    near(toneAmplitude(after, 330, 48000), 0.5, 0.005, "330 Hz amplitude after the fault");
  });
});

Deno.test("render --json keeps stdout for the JSON object when the session prints", async () => {
  await withTempDir(async (dir) => {
    const out = `${dir}/chatty.wav`;
    const run = await cli(["render", `${SESSIONS}chatty.ts`, "-s", "0.1", "-o", out, "--json"]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(report(run).frames, 4800);
    assert.equal(run.stderr, "hello from the session\nand info too\n");
  });
});

Deno.test("render --help and the command list print usage and exit 0", async () => {
  const [help, list] = await Promise.all([cli(["render", "--help"]), cli(["--help"])]);
  assert.equal(help.code, 0);
  for (const flag of ["--seconds", "--out", "--sample-rate", "--pcm16", "--json", "--dither"]) {
    assert.ok(help.stdout.includes(flag), `help mentions ${flag}`);
  }
  assert.match(help.stdout, /^Usage: deno task render <session\.ts> --seconds N --out file\.wav/m);
  assert.equal(list.code, 0);
  assert.match(list.stdout, /^Commands:\n {2}live {4}Play a session/m);
  assert.match(list.stdout, /^ {2}render {2}Render a session offline to a WAV file$/m);
});

Deno.test("render fails with one 'error:' line and exit 1 for bad input, writing nothing", async () => {
  await withTempDir(async (dir) => {
    const sine = `${SESSIONS}sine_a4.ts`;
    const out = `${dir}/x.wav`;
    const cases: [string, string[], RegExp][] = [
      [
        "missing session file",
        ["render", `${dir}/nope.ts`, "-s", "1", "-o", out],
        /^error: Cannot render: session file '.*\/nope\.ts' not found/,
      ],
      [
        "no session",
        ["render", "-s", "1", "-o", out],
        /^error: Missing the session file: deno task render <session\.ts>/,
      ],
      [
        "no --seconds",
        ["render", sine, "-o", out],
        /^error: Missing --seconds: give the length to render, e\.g\. --seconds 10$/,
      ],
      [
        "--seconds 0",
        ["render", sine, "--seconds", "0", "-o", out],
        /^error: Invalid --seconds '0': expected a number of seconds > 0/,
      ],
      [
        "--seconds -1",
        ["render", sine, "--seconds", "-1", "-o", out],
        /^error: Invalid --seconds '-1': expected a number of seconds > 0/,
      ],
      [
        "--seconds abc",
        ["render", sine, "--seconds", "abc", "-o", out],
        /^error: Invalid --seconds 'abc'/,
      ],
      [
        "--seconds without a value",
        ["render", sine, "-o", out, "--seconds"],
        /^error: Flag '--seconds' needs a value/,
      ],
      [
        "no --out",
        ["render", sine, "-s", "1"],
        /^error: Missing --out: give the WAV file to write/,
      ],
      [
        "--out in a missing folder",
        ["render", sine, "-s", "1", "-o", `${dir}/no/x.wav`],
        /^error: Cannot write --out '.*\/no\/x\.wav': folder .* does not exist/,
      ],
      [
        "bad --sample-rate",
        ["render", sine, "-s", "1", "-o", out, "--sample-rate", "44.1"],
        /^error: Invalid --sample-rate '44\.1': expected a whole number of hertz 1000\.\.768000/,
      ],
      [
        "unknown flag",
        ["render", sine, "-s", "1", "-o", out, "--loud"],
        /^error: Unknown flag '--loud' for render; run 'deno task render --help'/,
      ],
      [
        "unknown command",
        ["rendr", sine],
        /^error: Unknown command 'rendr'; expected one of live, render, repl, send/,
      ],
      [
        "session that throws at import",
        ["render", `${SESSIONS}throws.ts`, "-s", "1", "-o", out],
        /^error: the session broke on purpose \(tests\/testdata\/sessions\/throws\.ts:6:7\)$/,
      ],
    ];
    const runs = await Promise.all(cases.map(([, args]) => cli(args)));
    cases.forEach(([name, , pattern], i) => {
      const run = runs[i];
      assert.equal(run.code, 1, `${name}: exit code`);
      assert.equal(run.stdout, "", `${name}: stdout`);
      const lines = run.stderr.trimEnd().split("\n");
      assert.equal(lines.length, 1, `${name}: one line on stderr, got:\n${run.stderr}`);
      assert.match(lines[0], pattern, name);
    });
    assert.deepEqual([...Deno.readDirSync(dir)], [], "no file was written");
  });
});
