/**
 * File system questions the watcher asks (private to `watch.ts`).
 * @module
 */

/** Whether a path exists (anything but "not there", say no permission, counts as there). */
export async function fileExists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (error) {
    // Anything but "not there" (say, no permission) means the file is there.
    return !(error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory);
  }
}

/** The file a symlink points at, so saves through its real path are seen too. */
export function symlinkTarget(path: string): string | undefined {
  try {
    return Deno.lstatSync(path).isSymlink ? Deno.realPathSync(path) : undefined;
  } catch {
    return undefined;
  }
}

/** A directory's real path when it differs from the path, else `undefined`. */
export function realPath(dir: string): string | undefined {
  try {
    const real = Deno.realPathSync(dir);
    return real === dir ? undefined : real;
  } catch {
    return undefined;
  }
}
