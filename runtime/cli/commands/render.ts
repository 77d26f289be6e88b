/**
 * `deno task render <session.ts> --seconds N --out file.wav`: loads a session into a fresh
 * engine at the chosen sample rate, renders it offline and writes a WAV file.
 * @module
 */

import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { CliError, type Command, parseFlags, showPath, UsageError, userPath } from "../flags.ts";
import { engine, resetEngine } from "../../core/process_engine.ts";
import type { Fault } from "../../core/engine.ts";
import type { LevelStats } from "../../core/voice_table.ts";
import { localModules } from "../../live/local_modules.ts";
import { formatLocation, userLocation } from "../../core/diagnostics/location.ts";
import { type Logger, setLogger } from "../../core/log.ts";
import { renderToWav } from "../../core/offline.ts";
import type { WavFormat } from "../../core/wav/mod.ts";
import { gainToDb } from "../../../helpers/units.ts";

const HELP = `Render a session offline to a WAV file (no audio device needed).

Usage: deno task render <session.ts> --seconds N --out file.wav [flags]

Flags:
  -s, --seconds N        length to render, in seconds (> 0)              required
  -o, --out FILE         WAV file to write (replaced if it exists)       required
  -r, --sample-rate HZ   sample rate, 1000..768000                       default 48000
      --pcm16            write 16-bit PCM instead of 32-bit float
      --dither           add TPDF dither to 16-bit output (with --pcm16)
      --json             print one JSON object with levels and faults on stdout
  -h, --help             show this help

The session is imported once into a fresh engine at the chosen sample rate, then the given
length is rendered from time 0. Faults (a signal that throws or outputs NaN) are reported on
stderr and in --json; the rest of the mix still renders. Paths are relative to the directory
you ran the task from.

Examples:
  deno task render sessions/live.lel.ts --seconds 10 --out take.wav
  deno task render sessions/drone.lel.ts -s 30 -o drone.wav --sample-rate 44100 --pcm16 --json`;

/** The flags `render` reads (its `--help` lists each of them). */
export const FLAGS = {
  seconds: { type: "string", short: "s" },
  out: { type: "string", short: "o" },
  "sample-rate": { type: "string", short: "r" },
  pcm16: { type: "boolean" },
  dither: { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** The `render` command. */
export const command: Command = {
  name: "render",
  help: HELP,
  run,
};

/** Flags after validation. */
interface RenderRequest {
  session: string;
  seconds: number;
  out: string;
  /** `--out` as typed, for messages. */
  outArg: string;
  sampleRate: number | undefined;
  format: WavFormat;
  dither: boolean;
  json: boolean;
}

/** Levels as reported: linear and in dBFS (`null` for silence, which has no finite dB). */
interface LevelReport {
  peak: number;
  rms: number;
  peakDb: number | null;
  rmsDb: number | null;
}

async function run(args: string[]): Promise<number> {
  const request = parseRequest(args);
  await refuseSourceAsOut(request);
  const { log, info, debug } = console;
  const restoreConsole = () => Object.assign(console, { log, info, debug });
  const previousLogger = request.json ? setLogger(STDERR_LOGGER) : undefined;
  // Keep stdout for the one JSON object: whatever the session prints goes to stderr.
  if (request.json) {
    Object.assign(console, { log: console.error, info: console.error, debug: console.error });
  }
  try {
    resetEngine(request.sampleRate === undefined ? {} : { sampleRate: request.sampleRate });
    await importSession(request.session);
    const e = engine();
    e.takeLevels();
    const written = writeWav(request);
    const levels = e.takeLevels();
    const faults = e.faults.map(faultReport);
    restoreConsole();
    if (request.json) {
      const report = {
        seconds: request.seconds,
        sampleRate: written.sampleRate,
        frames: written.frames,
        channels: written.channels,
        out: written.path,
        format: written.format,
        master: levelReport(levels.master),
        signals: Object.fromEntries(
          Object.entries(levels.signals).map(([name, stats]) => [name, levelReport(stats)]),
        ),
        faults,
      };
      console.log(JSON.stringify(report));
    } else {
      const master = levelReport(levels.master);
      const faultNote = faults.length === 0
        ? ""
        : `, ${faults.length} fault${faults.length === 1 ? "" : "s"}`;
      console.log(
        `rendered ${request.seconds} s of ${showPath(request.session)} to ${
          showPath(written.path)
        } (${written.frames} frames, ${written.sampleRate} Hz, ${written.channels} ch, ${written.format}): peak ${
          db(master.peakDb)
        }, rms ${db(master.rmsDb)}${faultNote}`,
      );
    }
    return 0;
  } finally {
    restoreConsole();
    if (previousLogger !== undefined) setLogger(previousLogger);
  }
}

const STDERR_LOGGER: Logger = {
  info: (message) => console.error(message),
  error: (message) => console.error(message),
};

function parseRequest(args: string[]): RenderRequest {
  const { values, positionals } = parseFlags("render", args, FLAGS);
  if (positionals.length === 0) {
    throw new UsageError(
      "Missing the session file: deno task render <session.ts> --seconds N --out file.wav",
    );
  }
  if (positionals.length > 1) {
    throw new UsageError(
      `Expected one session file, got ${positionals.length}: ${
        positionals.map((p) => `'${p}'`).join(", ")
      }`,
    );
  }
  if (values.seconds === undefined) {
    throw new UsageError("Missing --seconds: give the length to render, e.g. --seconds 10");
  }
  const seconds = Number(values.seconds);
  if (values.seconds.trim() === "" || !Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(
      `Invalid --seconds '${values.seconds}': expected a number of seconds > 0, e.g. --seconds 10`,
    );
  }
  if (values.out === undefined || values.out === "") {
    throw new UsageError("Missing --out: give the WAV file to write, e.g. --out take.wav");
  }
  let sampleRate: number | undefined;
  const rate = values["sample-rate"];
  if (rate !== undefined) {
    sampleRate = Number(rate);
    if (
      rate.trim() === "" || !Number.isInteger(sampleRate) || sampleRate < 1000 ||
      sampleRate > 768000
    ) {
      throw new UsageError(
        `Invalid --sample-rate '${rate}': expected a whole number of hertz 1000..768000, e.g. --sample-rate 44100`,
      );
    }
  }
  if (values.dither === true && values.pcm16 !== true) {
    throw new UsageError("--dither only applies to 16-bit output: add --pcm16 or drop --dither");
  }
  const request: RenderRequest = {
    session: userPath(positionals[0]),
    seconds,
    out: userPath(values.out),
    outArg: values.out,
    sampleRate,
    format: values.pcm16 === true ? "s16" : "f32",
    dither: values.dither === true,
    json: values.json === true,
  };
  checkPaths(request, positionals[0], values.out);
  return request;
}

/** Fails before anything renders when the session is missing or the WAV cannot be created. */
function checkPaths(request: RenderRequest, sessionArg: string, outArg: string): void {
  const session = statOrUndefined(request.session);
  if (session === undefined) {
    throw new CliError(
      `Cannot render: session file '${sessionArg}' not found (looked for ${request.session})`,
    );
  }
  if (!session.isFile) {
    throw new CliError(`Cannot render: session '${sessionArg}' is not a file`);
  }
  const folder = dirname(request.out);
  const parent = statOrUndefined(folder);
  if (parent === undefined || !parent.isDirectory) {
    throw new CliError(
      `Cannot write --out '${outArg}': folder ${folder} does not exist; create it first`,
    );
  }
  if (statOrUndefined(request.out)?.isDirectory) {
    throw new CliError(`Cannot write --out '${outArg}': it is a folder; give a file name`);
  }
}

/**
 * Refuses an `--out` that is the session or a module it imports (compared as real paths, so a
 * symlink or another spelling of the same file is caught): rendering would replace the source
 * with audio.
 */
async function refuseSourceAsOut(request: RenderRequest): Promise<void> {
  const out = realPathOf(request.out);
  const sources = await localModules(request.session);
  const hit = sources.find((path) => realPathOf(path) === out);
  if (hit === undefined) return;
  const what = hit === sources[0]
    ? "the session being rendered"
    : `'${showPath(hit)}', a module the session imports`;
  throw new CliError(
    `Cannot write --out '${request.outArg}': it is ${what}; give a new file name, e.g. --out take.wav`,
  );
}

/** The real path of a file, or of its folder joined with its name when it does not exist. */
function realPathOf(path: string): string {
  try {
    return Deno.realPathSync(path);
  } catch {
    try {
      return join(Deno.realPathSync(dirname(path)), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

/** Renders to the WAV file; a failing write (disk full, device gone) is one `error:` line. */
function writeWav(request: RenderRequest) {
  try {
    return renderToWav(request.out, request.seconds, {
      format: request.format,
      dither: request.dither,
    });
  } catch (error) {
    if (!isIoError(error)) throw error;
    throw new CliError(
      `Cannot write --out '${request.outArg}': ${firstLine(error.message)}; free some space or ` +
        `choose another file`,
      { cause: error },
    );
  }
}

/** An error from the file system (it carries an errno code like `ENOSPC`, or is Deno's own). */
function isIoError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (typeof code === "string" && /^E[A-Z0-9]+$/.test(code)) ||
    Object.values(Deno.errors).some((E) => error instanceof E);
}

function statOrUndefined(path: string): Deno.FileInfo | undefined {
  try {
    return Deno.statSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/**
 * Imports the session module; any failure becomes one line with the session's own location.
 */
async function importSession(path: string): Promise<void> {
  try {
    await import(pathToFileURL(path).href);
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    const message = firstLine(stripAnsi(raw));
    const stack = error instanceof Error && error.stack !== undefined
      ? stripAnsi(error.stack)
      : undefined;
    const e = error as { file?: unknown; line?: unknown; column?: unknown };
    const loc =
      typeof e.file === "string" && typeof e.line === "number" && typeof e.column === "number"
        ? { file: e.file, line: e.line, column: e.column }
        : userLocation(stack);
    const where = loc === undefined
      ? ""
      : ` (${formatLocation({ ...loc, file: showPath(resolve(Deno.cwd(), loc.file)) })})`;
    throw new CliError(`${message}${where}`, { cause: error });
  }
}

function faultReport(fault: Fault) {
  return {
    signal: fault.signal,
    reason: fault.reason,
    location: fault.location ?? null,
    time: fault.time,
    message: fault.message,
  };
}

function levelReport(stats: LevelStats): LevelReport {
  return {
    peak: stats.peak,
    rms: stats.rms,
    peakDb: toDb(stats.peak),
    rmsDb: toDb(stats.rms),
  };
}

function toDb(x: number): number | null {
  return x > 0 ? gainToDb(x) : null;
}

function db(value: number | null): string {
  return value === null ? "silent" : `${value.toFixed(1)} dBFS`;
}

function firstLine(text: string): string {
  return text.split("\n").find((l) => l.trim() !== "")?.trim() ?? text;
}

function stripAnsi(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, "");
}
