/**
 * Strips TypeScript's types from a source while keeping every other character where it was
 * (types become spaces), so lines and columns in errors still match the user's file. Uses
 * `amaro` (the strip-only TypeScript transform Node.js ships), loaded on first use.
 * @module
 */

interface Amaro {
  transformSync(code: string, options: { mode: "strip-only" }): { code: string };
}

let amaro: Promise<Amaro | undefined> | undefined;

function load(): Promise<Amaro | undefined> {
  return amaro ??= import("amaro").then(
    (m) => (m.default ?? m) as Amaro,
    () => undefined,
  );
}

/**
 * The source without its types, or `undefined` when it cannot be stripped in place: a syntax
 * error, or TypeScript that is more than types (`enum`, `namespace`, parameter properties),
 * or the stripper is not available. The caller then loads the module the usual way.
 *
 * @param source TypeScript (or JavaScript: returned unchanged in content).
 * @returns JavaScript of the same length and lines, or `undefined`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(await stripTypes("const a: number = 1;"), "const a         = 1;");
 * assert.equal(await stripTypes("enum E { A }"), undefined);
 * ```
 */
export async function stripTypes(source: string): Promise<string | undefined> {
  const stripper = await load();
  if (stripper === undefined) return undefined;
  try {
    const { code } = stripper.transformSync(source, { mode: "strip-only" });
    return code.length === source.length ? code : undefined;
  } catch {
    return undefined;
  }
}
