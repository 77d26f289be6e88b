/**
 * `control.json`: where a running `live` tells its clients which port to call and which token
 * to carry. It sits in lel's home folder (`~/.lel`, or `$LEL_HOME`), which only its owner may
 * enter (0700); the file itself is 0600 and written atomically (a temporary file renamed over
 * it), so a client never reads half of it.
 * @module
 */

import { join } from "node:path";

/** What `control.json` holds. */
export interface ControlInfo {
  /** Format version. */
  version: 1;
  /** Address a client connects to. */
  host: string;
  /** TCP port. */
  port: number;
  /** 64 hex digits; every request must carry it. */
  token: string;
  /** Process id of the `live` that wrote it. */
  pid: number;
}

/** The control file is missing or unreadable: no `live` is running (or it is too old). */
export class ControlUnavailableError extends Error {
  /**
   * Creates the error.
   *
   * @param message What is missing or unreadable, and what to do.
   * @param options The underlying read or parse error.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ControlUnavailableError";
  }
}

/**
 * lel's home folder for runtime state: `$LEL_HOME`, else `~/.lel`.
 *
 * @returns An absolute path (it may not exist yet).
 * @throws {ControlUnavailableError} When neither `LEL_HOME` nor a home directory is set.
 */
export function lelHome(): string {
  const explicit = Deno.env.get("LEL_HOME");
  if (explicit !== undefined && explicit !== "") return explicit;
  const home = Deno.env.get("HOME") ?? Deno.env.get("USERPROFILE");
  if (home === undefined || home === "") {
    throw new ControlUnavailableError(
      "Cannot find lel's home folder: set HOME, or LEL_HOME to a folder for lel's runtime state",
    );
  }
  return join(home, ".lel");
}

/**
 * The path of `control.json` in a home folder.
 *
 * @param home lel's home folder.
 * @returns The file's path.
 */
export function controlFilePath(home: string = lelHome()): string {
  return join(home, "control.json");
}

/**
 * Creates lel's home folder if needed and makes sure only its owner may enter it.
 *
 * @param home The folder.
 */
export async function ensurePrivateDir(home: string): Promise<void> {
  await Deno.mkdir(home, { recursive: true, mode: 0o700 });
  if (Deno.build.os === "windows") return;
  const info = await Deno.stat(home);
  if (info.mode !== null && (info.mode & 0o077) !== 0) await Deno.chmod(home, 0o700);
}

/**
 * Writes `control.json` atomically with mode 0600.
 *
 * @param home lel's home folder (created 0700 when missing).
 * @param info What to write.
 * @returns The file's path.
 */
export async function writeControlFile(home: string, info: ControlInfo): Promise<string> {
  await ensurePrivateDir(home);
  const path = controlFilePath(home);
  const suffix = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(16))
    .join("");
  const temp = join(home, `.control.json.${Deno.pid}.${suffix}.tmp`);
  try {
    await Deno.writeTextFile(temp, JSON.stringify(info, null, 2) + "\n", {
      mode: 0o600,
      createNew: true,
    });
    if (Deno.build.os !== "windows") await Deno.chmod(temp, 0o600);
    await Deno.rename(temp, path);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw error;
  }
  return path;
}

/**
 * Reads `control.json`.
 *
 * @param home lel's home folder.
 * @returns Port, host and token of the running `live`.
 * @throws {ControlUnavailableError} When the file is missing or malformed.
 */
export async function readControlFile(home: string = lelHome()): Promise<ControlInfo> {
  const path = controlFilePath(home);
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new ControlUnavailableError(
        `No running live engine (${path} does not exist); start \`deno task live\` first`,
        { cause: error },
      );
    }
    throw new ControlUnavailableError(`Cannot read ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let info: Partial<ControlInfo>;
  try {
    info = JSON.parse(text);
  } catch (error) {
    throw new ControlUnavailableError(
      `Cannot read ${path}: it is not JSON; restart \`deno task live\``,
      { cause: error },
    );
  }
  if (
    typeof info.port !== "number" || typeof info.token !== "string" ||
    typeof info.host !== "string"
  ) {
    throw new ControlUnavailableError(
      `Cannot read ${path}: it lacks host, port or token; restart \`deno task live\``,
    );
  }
  return {
    version: 1,
    host: info.host,
    port: info.port,
    token: info.token,
    pid: typeof info.pid === "number" ? info.pid : 0,
  };
}

/**
 * Removes `control.json` if it still belongs to the server with `token` (another `live` may
 * have replaced it since).
 *
 * @param home lel's home folder.
 * @param token The token this server wrote.
 */
export function removeControlFileSync(home: string, token: string): void {
  const path = controlFilePath(home);
  try {
    const info = JSON.parse(Deno.readTextFileSync(path)) as Partial<ControlInfo>;
    if (info.token === token) Deno.removeSync(path);
  } catch {
    // Gone already, or not ours.
  }
}
