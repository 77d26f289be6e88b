/**
 * Finds the module specifiers a source imports (static imports, re-exports, side-effect
 * imports and `import("…")` with a literal), and the places it uses `import.meta`, in code
 * only: an import written in a comment, a string or a template is not one.
 * @module
 */

import { maskLiterals } from "../core/diagnostics/ts_scanner.ts";

/** One import specifier in a source. */
export interface ImportSpecifier {
  /** The specifier text, without quotes. */
  specifier: string;
  /** Offset of the opening quote. */
  start: number;
  /** Offset after the closing quote. */
  end: number;
  /** `import("…")` (`dynamic`) or a declaration (`static`). */
  kind: "static" | "dynamic";
}

/** `from` or `import`, then the string: a declaration. */
const STATIC_BEFORE = /(?:^|[^\w$.])(?:from|import)\s*$/;
/** `import(`, then the string, then `)` or `,` (import attributes): a dynamic import. */
const DYNAMIC_BEFORE = /(?:^|[^\w$.])import\s*\(\s*$/;
const DYNAMIC_AFTER = /^\s*[),]/;
const QUOTED = /["']/;
const META = /(?<![\w$.])import\.meta(?![\w$])/g;

/**
 * The import specifiers of a source, in order.
 *
 * @param source TypeScript or JavaScript text.
 * @returns Each specifier with the offsets of its quoted string.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const src = '// import { x } from "./missing.ts"\nimport { y } from "./y.ts";\nawait import("./z.ts");';
 * assert.deepEqual(importSpecifiers(src).map((s) => [s.specifier, s.kind]), [
 *   ["./y.ts", "static"], ["./z.ts", "dynamic"],
 * ]);
 * ```
 */
export function importSpecifiers(source: string): ImportSpecifier[] {
  const masked = maskLiterals(source);
  const found: ImportSpecifier[] = [];
  const quotes = new RegExp(QUOTED.source, "g");
  for (let m = quotes.exec(masked); m !== null; m = quotes.exec(masked)) {
    const start = m.index;
    // The masked body holds no quotes, so the next one of its kind closes this literal.
    const close = masked.indexOf(m[0], start + 1);
    if (close === -1 || masked.slice(start + 1, close).includes("\n")) continue;
    const end = close + 1;
    quotes.lastIndex = end;
    const before = masked.slice(Math.max(0, start - 64), start);
    let kind: ImportSpecifier["kind"] | undefined;
    if (STATIC_BEFORE.test(before)) kind = "static";
    else if (DYNAMIC_BEFORE.test(before) && DYNAMIC_AFTER.test(masked.slice(end, end + 64))) {
      kind = "dynamic";
    }
    if (kind !== undefined) {
      found.push({ specifier: source.slice(start + 1, close), start, end, kind });
    }
  }
  return found;
}

/**
 * The offsets where the source uses `import.meta` in code.
 *
 * @param source TypeScript or JavaScript text.
 * @returns Offsets of each `import.meta`, in order.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(importMetaUses('const u = import.meta.url; // import.meta\n"import.meta"'), [10]);
 * ```
 */
export function importMetaUses(source: string): number[] {
  return [...maskLiterals(source).matchAll(META)].map((m) => m.index);
}
