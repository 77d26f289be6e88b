/**
 * Rewrites a session module for its reload copy: local import specifiers point at the mirrored
 * copies, lel's own modules at the URL the load chooses for them, and `import.meta` at an
 * object describing the user's file. Only code is rewritten (see `ts_scanner.ts`): an import in
 * a comment or a string stays as it is. Lines are kept, and columns too except after a
 * rewritten specifier on its line, so positions in errors still match the user's file.
 * @module
 */

import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { importMetaUses, importSpecifiers } from "./import_specifiers.ts";
import { isLelOwn } from "../core/diagnostics/location.ts";

/** Where each kind of import goes in the copy. */
export interface RewriteTargets {
  /**
   * The URL to import for a local module (a file of the user's, not lel's own).
   * @param url The dependency's resolved `file:` URL.
   * @param line 1-based line of the import in the module being rewritten.
   */
  local(url: string, line: number): string;
  /**
   * The URL to import for one of lel's own modules.
   * @param url Its resolved `file:` URL.
   */
  own(url: string): string;
}

/**
 * The module's text with its imports redirected and `import.meta` replaced.
 *
 * @param text The module's source.
 * @param url The module's own (original) URL, to resolve relative specifiers against.
 * @param targets Where local and lel-own imports go.
 * @returns The rewritten source.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const out = rewriteModule(
 *   '// import { x } from "./gone.ts"\nimport { y } from "./y.ts";',
 *   "file:///songs/a.ts",
 *   { local: (url) => url.replace("/songs/", "/tmp/v1/"), own: (url) => url },
 * );
 * assert.equal(out, '// import { x } from "./gone.ts"\nimport { y } from "file:///tmp/v1/y.ts";');
 * ```
 */
export function rewriteModule(text: string, url: string, targets: RewriteTargets): string {
  const edits: { start: number; end: number; text: string }[] = [];
  for (const spec of importSpecifiers(text)) {
    if (!isPathSpecifier(spec.specifier)) continue;
    let resolved: string;
    try {
      resolved = new URL(spec.specifier, url).href;
    } catch {
      continue;
    }
    if (!resolved.startsWith("file:")) continue;
    const quote = text[spec.start];
    const target = isLelOwn(resolved)
      ? targets.own(resolved)
      : targets.local(resolved, lineAt(text, spec.start));
    edits.push({ start: spec.start, end: spec.end, text: `${quote}${target}${quote}` });
  }
  const metas = importMetaUses(text);
  // Same length as `import.meta`, so columns stay put; the function is hoisted.
  for (const at of metas) edits.push({ start: at, end: at + 11, text: "__lelMeta()" });
  edits.sort((a, b) => a.start - b.start);
  let out = "";
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  out += text.slice(at);
  if (metas.length > 0) {
    const path = fileURLToPath(url);
    out += `\nfunction __lelMeta() { return { url: ${JSON.stringify(url)}, main: false, ` +
      `filename: ${JSON.stringify(path)}, dirname: ${JSON.stringify(dirname(path))}, ` +
      `resolve: (s: string) => new URL(s, ${JSON.stringify(url)}).href }; }\n`;
  }
  return out;
}

function isPathSpecifier(spec: string): boolean {
  return spec.startsWith("./") || spec.startsWith("../") || spec.startsWith("/") ||
    spec.startsWith("file:");
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}
