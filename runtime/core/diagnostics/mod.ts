/**
 * Diagnostics: where in the user's text something went wrong, and how it is shown. Stack
 * frames mapped back to the user's files (reload copies included), the one caret-frame
 * printer, the located-error base every lel error with a place builds on, and the
 * TypeScript-aware scanner that tells code from comments, strings, templates and regexes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const error = new LocatedError("Unexpected token", { file: "a.ts", line: 2, column: 7 },
 *   codeFrame("let a = 1;\nconst = 3;", 2, 7));
 * assert.equal(error.format(), "a.ts:2:7: Unexpected token\n1 | let a = 1;\n2 | const = 3;\n  |       ^");
 * assert.equal(isComplete("f(`${x}`"), false);
 * ```
 * @module
 */

export {
  codeFrame,
  type FrameCaret,
  type FrameContext,
  type FrameLine,
  printFrame,
} from "./code_frame.ts";
export {
  denoSyntaxError,
  formatLocated,
  isLocated,
  type Located,
  LocatedError,
  type LocatedLike,
} from "./located_error.ts";
export {
  displayPath,
  formatLocation,
  isLelOwn,
  originalUrl,
  type PositionMap,
  registerMirror,
  type SourceLocation,
  unmirror,
  userFileUrl,
  userLocation,
} from "./location.ts";
export {
  codeRanges,
  isComplete,
  maskLiterals,
  scan,
  type Segment,
  type SegmentKind,
  templateParts,
  topLevelOffsets,
} from "./ts_scanner.ts";
