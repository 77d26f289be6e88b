/**
 * Finding the sample files a session's source names, so a loader can decode them in a worker
 * before it imports the session.
 * @module
 */

/** A quoted string inside template text (the DSL's `sample "kick.wav"`). */
const QUOTED = /"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'/g;

const ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", "0": "\0" };

/** A JS string body with its escapes undone (`\\` → `\`, `\"` → `"`, `\n` → newline, …). */
function unescape(body: string): string {
  return body.replace(/\\(.)/gs, (_, c: string) => ESCAPES[c] ?? (c === "\n" ? "" : c));
}

/**
 * Lists the string literals in a session's source that name WAV files: `'…'`, `"…"` and
 * `` `…` `` literals ending in `.wav` (any case), and quoted strings inside template text, such
 * as the DSL's `` lel`k: trig "x ~" |> sample "kick.wav"` ``. Comments are skipped, each path
 * is listed once, in order of first appearance, exactly as written (resolve it against the
 * session file). A regular expression literal containing a quote can confuse the scan; at
 * worst a path is missed (and then decoded when it is first used) or a wrong one is tried.
 *
 * @param sourceText The session's source.
 * @returns The paths, as written.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const source = 'sample(t, "kick.wav"); // "old.wav"\nlel`h: trig "x" |> sample "hat.WAV"`;';
 * assert.deepEqual(findSamplePaths(source), ["kick.wav", "hat.WAV"]);
 * ```
 */
export function findSamplePaths(sourceText: string): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const add = (text: string) => {
    if (text.length > 4 && /\.wav$/i.test(text) && !/[\n\r\0]/.test(text) && !seen.has(text)) {
      seen.add(text);
      found.push(text);
    }
  };
  const src = sourceText;
  // What each open `{` belongs to: a block (false) or a template substitution `${` (true).
  const braces: boolean[] = [];
  let i = 0;
  const template = (whole: boolean) => {
    // At the first character of template text (right after the backtick when `whole`, else
    // after a substitution's `}`); reads to the closing backtick or the next `${`.
    let text = "";
    let closed = false;
    while (i < src.length) {
      const c = src[i];
      if (c === "\\") {
        text += src.slice(i, i + 2);
        i += 2;
      } else if (c === "`") {
        i++;
        closed = true;
        break;
      } else if (c === "$" && src[i + 1] === "{") {
        i += 2;
        braces.push(true);
        break;
      } else {
        text += c;
        i++;
      }
    }
    if (whole && closed) add(unescape(text));
    for (const m of text.matchAll(QUOTED)) add(unescape(m[1] ?? m[2]));
  };
  while (i < src.length) {
    const c = src[i];
    if (c === "/" && src[i + 1] === "/") {
      const end = src.indexOf("\n", i);
      i = end < 0 ? src.length : end;
    } else if (c === "/" && src[i + 1] === "*") {
      const end = src.indexOf("*/", i + 2);
      i = end < 0 ? src.length : end + 2;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c && src[j] !== "\n") j += src[j] === "\\" ? 2 : 1;
      if (src[j] === c) add(unescape(src.slice(i + 1, j)));
      i = j + 1;
    } else if (c === "`") {
      i++;
      template(true);
    } else if (c === "{") {
      braces.push(false);
      i++;
    } else if (c === "}") {
      i++;
      if (braces.pop() === true) template(false);
    } else {
      i++;
    }
  }
  return found;
}
