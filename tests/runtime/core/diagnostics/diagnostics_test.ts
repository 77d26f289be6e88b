/**
 * The diagnostics module: the one caret-frame printer (both of its users' layouts), the
 * located-error base and its formatting, and the reading of Deno's parse errors.
 * @module
 */

import assert from "node:assert/strict";
import { codeFrame, printFrame } from "../../../../runtime/core/diagnostics/code_frame.ts";
import {
  denoSyntaxError,
  formatLocated,
  isLocated,
  LocatedError,
} from "../../../../runtime/core/diagnostics/located_error.ts";
import { SessionError } from "../../../../runtime/live/session_error.ts";
import { ReplError } from "../../../../runtime/control/repl_eval.ts";
import { SignalRefusedError } from "../../../../runtime/core/signal_refused_error.ts";
import { DslSyntaxError } from "../../../../dsl/errors.ts";

Deno.test("codeFrame() shows the line above, the line and a caret; blank context is left out", () => {
  assert.equal(codeFrame("a\nb = 1;", 2, 5), "1 | a\n2 | b = 1;\n  |     ^");
  assert.equal(codeFrame("\n\tx;", 2, 2), "2 |  x;\n  |  ^", "a blank line above, a tab");
  assert.equal(codeFrame("x", 3, 1), "", "past the end");
  assert.equal(codeFrame("x", 0, 1), "", "before the start");
  const wide = codeFrame(Array.from({ length: 10 }, (_, i) => `l${i + 1}`).join("\n"), 10, 1);
  assert.equal(wide, " 9 | l9\n10 | l10\n   | ^", "the gutter fits the widest number");
});

Deno.test("printFrame() numbers lines as given, draws wide carets and context after", () => {
  const lines = [
    { number: 6, text: "  # bell" },
    { number: 7, text: "  bell: sin a5 |> dleay 250ms" },
    { number: 8, text: "" },
    { number: 9, text: "  pad: saw 55" },
  ];
  assert.equal(
    printFrame(lines, { line: 1, column: 18, width: 5 }, { after: 1 }),
    "6 |   # bell\n7 |   bell: sin a5 |> dleay 250ms\n  |                   ^^^^^",
    "the blank line after is left out",
  );
  assert.equal(
    printFrame(lines, { line: 2, column: 0 }, { before: 0, after: 1 }),
    "8 |\n  | ^\n9 |   pad: saw 55",
    "the pointed-at line shows even when blank",
  );
  assert.equal(printFrame(lines, { line: 4, column: 0 }), "", "no such line");
});

Deno.test("every located error prints file:line:column, what it knows of it, then its frame", () => {
  const frame = "1 | x\n  | ^";
  assert.equal(
    formatLocated({ file: "a.ts", line: 1, column: 1, frame }, "no"),
    `a.ts:1:1: no\n${frame}`,
  );
  assert.equal(
    new SessionError("Session is empty", { file: "a.ts" }, "", null).format(),
    "a.ts: Session is empty",
  );
  assert.equal(new ReplError("no", { line: 2, column: 3 }, "").format(), "2:3: no");
  const refused = new SignalRefusedError(
    "x",
    "produced NaN",
    { file: "s.ts", line: 4, column: 9 },
    null,
  );
  assert.equal(refused.format(), "s.ts:4:9: Signal 'x' produced NaN");
  const dsl = new DslSyntaxError("Unknown helper", { file: "s.ts", line: 3, column: 2, frame });
  assert.equal(dsl.format(), `s.ts:3:2: Unknown helper\n${frame}`);
  for (const e of [refused, dsl, new SessionError("m", { file: "f", line: 1, column: 1 }, "", 0)]) {
    assert.ok(isLocated(e), e.name);
  }
  assert.ok(
    !isLocated(new ReplError("no", { line: 1, column: 1 }, "")),
    "a REPL error has no file",
  );
  assert.ok(new SessionError("m", undefined, "", 0) instanceof LocatedError);
  assert.ok(dsl instanceof SyntaxError, "the DSL's error stays a SyntaxError");
});

Deno.test("denoSyntaxError() reads the reason of a module Deno could not parse", () => {
  const message =
    "SyntaxError: Expected ';', got 'x'\n  |\n2 | const = 3;\n    at file:///a.ts:2:7";
  assert.equal(denoSyntaxError(message), "Expected ';', got 'x'");
  assert.equal(denoSyntaxError("TypeError: SyntaxError: nested"), undefined);
});
