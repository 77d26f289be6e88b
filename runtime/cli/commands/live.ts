/**
 * `deno task live [session] …`: play a session and reload it on every save.
 * @module
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CliError, type Command, parseFlags, UsageError, userPath } from "../flags.ts";
import { startControl } from "./_start_control.ts";
import { DEFAULT_HOST, DEFAULT_PORT } from "../../control/control_protocol.ts";
import type { QuantMode } from "../../core/transaction.ts";
import type { Engine } from "../../core/engine.ts";
import type { LevelStats } from "../../core/voice_table.ts";
import { describeCommit, describeLanding } from "../../live/describe_commit.ts";
import { resetEngine } from "../../core/process_engine.ts";
import { setLogger } from "../../core/log.ts";
import { RealtimeOutput, type SinkChoice } from "../../live/realtime.ts";
import { listKnobs } from "../../core/knobs.ts";
import { inputOptions, LiveInputs, midiPathProblem } from "../../control/inputs/live_inputs.ts";
import { DEFAULT_OSC_PORT } from "../../control/inputs/osc_server.ts";
import { type LoadOutcome, Session } from "../../live/session.ts";
import { watchSession } from "../../live/session_watcher.ts";
import {
  formatStatus,
  playingNote,
  recentKnobs,
  StatusLine,
  underrunLines,
} from "../../live/status.ts";
import { listenForStop } from "../../live/stop_signals.ts";
import { WavWriter } from "../../core/wav/mod.ts";

const LEL_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const DEFAULT_SESSION = join(LEL_ROOT, "sessions", "live.lel.ts");
const STATUS_EVERY_MS = 250;
/** A REPL reply waits for the first callback after its commit to report faults at once. */

const HELP = `Play a session and hear every save at once.

Usage: deno task live [session.lel.ts] [options]

  session               Session file (default: sessions/live.lel.ts)

Options:
  --sink default|none   Output device; "none" plays into a null sink (default: default,
                        falling back to none when there is no sound card)
  --latency ms          Output buffer target in milliseconds (default: 4096 frames,
                        ~85 ms at 48 kHz, with the "playback" latency hint for ALSA)
  --sample-rate R       Sample rate in Hz (default 48000; the device may insist on its own)
  --record file.wav     Record exactly what is played (32-bit float), finalised on exit
  --quiet               No status line and no reload reports; errors only
  --quant off|beat|bar  When a good save (or a REPL block, or send) takes effect: at once
                        (off, the default), or at the next beat or bar line of the tempo
  --port N              Control port for \`deno task repl\` and \`deno task send\` (default
                        41234; 0 picks a free one; the port and a token go to ~/.lel/control.json)
  --no-control          No control port (no REPL, no editor send)
  --control-host H      Bind the control port to H instead of 127.0.0.1 (reachable from other
                        machines: anyone who learns the token can run code as you)
  --osc-port N          Listen for OSC over UDP on port N (${DEFAULT_OSC_PORT} is the usual one; 0 picks
                        a free one): /lel/knob/<name> <number> sets a knob in its units,
                        /lel/knob/<name>/norm <0..1> through its curve; bad packets are counted
  --osc-host H          Bind the OSC port to H instead of 127.0.0.1 (reachable from other
                        machines: anyone there can move every knob; OSC has no password)
  --midi DEVICE         Read raw MIDI from DEVICE: a rawmidi device (/dev/snd/midiC1D0; ls
                        /dev/snd/midi* lists them), a FIFO or a file. A CC moves the knobs mapped
                        to it; notes set midinote (Hz, last-note priority), midigate, midivel;
                        pitch bend sets midibend (-1..1)
  --help                This text

While it runs: save the session (or a module it imports) to reload; Ctrl-C fades out and exits.`;

/** Options the live loop runs with, resolved from the flags. */
export interface LiveOptions {
  session: string;
  sink: SinkChoice;
  latency: number | undefined;
  sampleRate: number;
  record: string | undefined;
  quiet: boolean;
  /** When commits take effect (`--quant`). */
  quant: QuantMode;
  /** The control server's address, or `undefined` with `--no-control`. */
  control: { host: string; port: number } | undefined;
  /** The OSC server's address, or `undefined` without `--osc-port`. */
  osc: { host: string; port: number } | undefined;
  /** The `--midi` device, FIFO or file. */
  midi: string | undefined;
}

/** The flags `live` reads (its `--help` lists each of them). */
export const FLAGS = {
  sink: { type: "string" },
  latency: { type: "string" },
  "sample-rate": { type: "string" },
  record: { type: "string" },
  quiet: { type: "boolean" },
  port: { type: "string" },
  "no-control": { type: "boolean" },
  "control-host": { type: "string" },
  quant: { type: "string" },
  "osc-port": { type: "string" },
  "osc-host": { type: "string" },
  midi: { type: "string" },
} as const;

function parse(args: string[]): LiveOptions {
  const { values, positionals } = parseFlags("live", args, FLAGS);
  if (positionals.length > 1) {
    throw new UsageError(
      `live takes one session file, got ${positionals.length}: ${positionals.join(", ")}`,
    );
  }
  const sink = values.sink ?? "default";
  if (sink !== "default" && sink !== "none") {
    throw new UsageError(`--sink must be 'default' or 'none', got '${sink}'`);
  }
  let latency: number | undefined;
  if (values.latency !== undefined) {
    const ms = Number(values.latency);
    if (!(Number.isFinite(ms) && ms > 0 && ms <= 1000)) {
      throw new UsageError(
        `--latency must be a number of milliseconds in 0..1000, got '${values.latency}'`,
      );
    }
    latency = ms / 1000;
  }
  const sampleRate = values["sample-rate"] === undefined ? 48000 : Number(values["sample-rate"]);
  if (!(Number.isInteger(sampleRate) && sampleRate >= 8000 && sampleRate <= 192000)) {
    throw new UsageError(
      `--sample-rate must be a whole number of Hz in 8000..192000, got '${values["sample-rate"]}'`,
    );
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new UsageError(`--port must be a whole number in 0..65535, got '${values.port}'`);
  }
  if (values["no-control"] && (values.port !== undefined || values["control-host"] !== undefined)) {
    throw new UsageError("--no-control cannot be combined with --port or --control-host");
  }
  return {
    session: positionals[0] === undefined ? DEFAULT_SESSION : userPath(positionals[0]),
    sink,
    latency,
    sampleRate,
    record: values.record === undefined ? undefined : userPath(values.record),
    quiet: values.quiet ?? false,
    quant: parseQuant(values.quant),
    control: values["no-control"]
      ? undefined
      : { host: values["control-host"] ?? DEFAULT_HOST, port },
    ...inputOptions(values),
  };
}

function parseQuant(value: string | undefined): QuantMode {
  if (value === undefined) return "off";
  if (value === "off" || value === "beat" || value === "bar") return value;
  throw new UsageError(`--quant must be 'off', 'beat' or 'bar', got '${value}'`);
}

/** The `live` command. */
export const command: Command = {
  name: "live",
  help: HELP,
  async run(args) {
    const options = parse(args);
    await runLive(options);
    return 0;
  },
};

/**
 * Runs the live loop until SIGINT, SIGTERM or SIGHUP: output, engine, session, watcher, status
 * line. A signal relayed again by a wrapper (`npx`, `deno task`) does not cut the fade-out
 * short; a later one does, and the control file is still removed.
 *
 * @param options Resolved options.
 */
export async function runLive(options: LiveOptions): Promise<void> {
  // From the start, so a Ctrl-C during startup also ends cleanly (after startup).
  using stop = listenForStop();
  try {
    const info = await Deno.stat(options.session);
    if (!info.isFile) throw new CliError(`Session '${options.session}' is not a file`);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new CliError(
        `Session not found: ${options.session}; create it or pass a path (deno task live my.lel.ts)`,
      );
    }
    throw error;
  }
  if (options.midi !== undefined) {
    const problem = await midiPathProblem(options.midi);
    if (problem !== undefined) throw new CliError(problem);
  }
  const status = new StatusLine();
  const say = (message: string) => {
    if (!options.quiet) status.log(message);
  };
  const shout = (message: string) => status.log(message);
  const previousLogger = setLogger({ info: say, error: shout });

  const output = await RealtimeOutput.open({
    sink: options.sink,
    latency: options.latency,
    sampleRate: options.sampleRate,
    channels: 2,
  });
  if (output.fallbackReason !== undefined) {
    shout(
      `lel: ${output.fallbackReason}; playing on a null sink (nothing is audible, everything else works)`,
    );
  }
  const engine = resetEngine({ sampleRate: output.sampleRate, channels: 2 });
  engine.quant = options.quant;
  let recorder: WavWriter | undefined;
  if (options.record !== undefined) {
    recorder = WavWriter.create(options.record, {
      sampleRate: output.sampleRate,
      channels: 2,
      format: "f32",
    });
    output.addRecorder(recorder);
  }
  const session = new Session(options.session, engine);
  const state = { reloads: 0, lastError: undefined as string | undefined };
  let failing = false;
  let played = false; // Whether a version of the session ever committed.
  engine.onFault((fault) => {
    state.lastError = `${fault.signal}: ${fault.reason}`;
  });

  // Watch from before the first load: a save made while lel starts (a fix typed right after a
  // broken start, while the output opens) has its event and is loaded after the first load.
  const watcher = watchSession(session, {
    onOutcome: report,
    onError: (error) => shout(`lel: watching stopped working: ${error.message}`),
  });
  const first = await session.load(true);
  report(first, undefined);
  watcher.refresh();
  await output.attach(engine);
  say(
    `lel: playing ${session.origin} at ${output.sampleRate} Hz, ${output.bufferSize}-frame buffer ` +
      `(${((output.bufferSize / output.sampleRate) * 1000).toFixed(1)} ms) on ${
        output.sink === "none" ? "the null sink" : "the default device"
      }` + (recorder === undefined ? "" : `, recording to ${options.record}`) + "; Ctrl-C to stop",
  );

  let lastLevels: LevelStats | undefined;
  const control = options.control === undefined
    ? undefined
    : await startControl(options.control, engine, () => lastLevels, say, shout);
  const inputs = await LiveInputs.start({ osc: options.osc, midi: options.midi, say, shout });

  function report(outcome: LoadOutcome, firstEventAt: number | undefined): void {
    switch (outcome.kind) {
      case "committed": {
        played = true;
        if (outcome.version > 1) state.reloads++;
        state.lastError = undefined;
        failing = false;
        const latency = firstEventAt === undefined
          ? ""
          : `, save-to-swap ${(performance.now() - firstEventAt).toFixed(1)} ms`;
        say(
          `${
            outcome.version === 1 ? "loaded" : `reload #${outcome.version - 1}`
          } ${session.origin} ` +
            `(import ${outcome.timings.importMs.toFixed(1)} ms${latency}) at ${
              outcome.time.toFixed(3)
            } s${describeLanding(outcome.report, outcome.time)}`,
        );
        for (const line of describeCommit(outcome.report)) say(line);
        break;
      }
      case "failed":
        failing = true;
        state.lastError = outcome.error.message.split("\n")[0];
        shout(`error: ${outcome.error.format()}\n  (${playingNote("failed", played)})`);
        break;
      case "missing":
        shout(`lel: ${outcome.file} is gone; ${playingNote("gone", played)}`);
        break;
      case "unchanged":
        if (failing) {
          failing = false;
          state.lastError = undefined;
          say(`${session.origin} matches the playing version again`);
        }
        break;
    }
  }

  let underrunsSeen = { late: 0, device: 0 };
  const timer = setInterval(() => {
    const underruns = underrunLines(underrunsSeen, output.stats, output.sink);
    for (const line of underruns.lines) say(line);
    underrunsSeen = underruns.seen;
    const levels = engine.takeLevels();
    lastLevels = levels.master;
    if (options.quiet) return;
    const now = performance.now();
    inputs.tick(now);
    const statuses = new Map(engine.signals().map((s) => [s.name, s.status]));
    const signals: Record<string, { peak: number; rms: number; status?: string }> = {};
    for (const [name, l] of Object.entries(levels.signals)) {
      signals[name] = { ...l, status: statuses.get(name) };
    }
    status.update(formatStatus({
      time: engine.time,
      master: levels.master,
      signals,
      load: output.stats.load,
      underruns: output.stats.underruns + output.stats.deviceUnderruns,
      reloads: state.reloads,
      lastError: state.lastError,
      knobs: recentKnobs(listKnobs(), now),
    }));
  }, STATUS_EVERY_MS);

  await stop.stopped;
  // Fade everything out, let the fade reach the output, then finish the file and close.
  clearInterval(timer);
  watcher.close();
  // A load or REPL block still importing cannot commit any more (its commit then fails).
  if (engine.inTransaction) engine.abort();
  await control?.close();
  await inputs.close();
  engine.clear();
  const fadeMs = engine.config.fadeTime * 1000 +
    (2 * output.bufferSize / output.sampleRate) * 1000 + 20;
  let fadeTimer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    new Promise((resolve) => (fadeTimer = setTimeout(resolve, fadeMs))),
    stop.hurry,
  ]);
  clearTimeout(fadeTimer);
  await output.close();
  recorder?.close();
  await session.close();
  status.close();
  const stats = output.stats;
  say(
    `lel: stopped after ${engine.time.toFixed(1)} s; underruns ${
      stats.underruns + stats.deviceUnderruns
    } ` +
      `(late callbacks ${stats.underruns}, device ${stats.deviceUnderruns}), reloads ${state.reloads}`,
  );
  setLogger(previousLogger);
  engine.dispose();
}

/** Engine type re-exported for the test that drives the loop. */
export type { Engine };
