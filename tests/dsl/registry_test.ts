/**
 * The helper registry: defining helpers, spec checks, "did you mean" and parameter labels.
 * @module
 */

import assert from "node:assert/strict";
import { declaredHelpers } from "../../helpers/declare_helper.ts";
import {
  compile,
  defineHelper,
  DslSyntaxError,
  editDistance,
  engine,
  HelperRegistry,
  helperRegistry,
  installBuiltins,
  lel,
  printProgram,
  registerProgram,
  resetEngine,
  sin,
} from "../../mod.ts";
import type { Param, Signal } from "../../mod.ts";

Deno.test("editDistance() counts insertions, deletions, substitutions and adjacent swaps as 1", () => {
  assert.equal(editDistance("kitten", "sitting"), 3);
  assert.equal(editDistance("lfp", "lpf"), 1);
  assert.equal(editDistance("", "abc"), 3);
  assert.equal(editDistance("tremolo", "tremolo"), 0);
  assert.equal(editDistance("delay", "dleay"), 1);
  assert.equal(editDistance("ca", "abc"), 3); // optimal string alignment, not full Damerau
});

Deno.test("suggest() finds the closest helper within distance 2, or by prefix", () => {
  const r = helperRegistry;
  assert.equal(r.suggest("lfp"), "lpf");
  assert.equal(r.suggest("tremolo2"), "tremolo");
  assert.equal(r.suggest("trem"), "tremolo");
  assert.equal(r.suggest("revrb"), "reverb");
  assert.equal(r.suggest("Saw"), "saw");
  assert.equal(r.suggest("feedbackloop"), "feedback");
  assert.equal(r.suggest("xylophone"), undefined);
  assert.equal(r.suggest("zz"), undefined);
});

Deno.test("every declared helper, and the composition helpers, are registered under their TypeScript names", () => {
  const fresh = new HelperRegistry();
  installBuiltins(fresh);
  const declared = declaredHelpers().map((d) => d.name);
  assert.deepEqual(fresh.names(), [...declared, "add", "mix", "mul", "range"].sort());
  for (const name of ["sin", "lpf", "delay", "seq", "trig", "samplePlayer"]) {
    assert.ok(declared.includes(name));
  }
});

function crush(input: Param, bits: Param): Signal {
  const x = typeof input === "function" ? input : () => input;
  const b = typeof bits === "function" ? bits : () => bits;
  return (s) => {
    const steps = Math.pow(2, Number(b(s)));
    return Math.round(Number(x(s)) * steps) / steps;
  };
}

Deno.test("defineHelper() makes a user helper usable by name, with its units checked", () => {
  defineHelper("crush", crush, {
    params: [{ name: "input", kind: "signal" }, { name: "bits", kind: "unitless" }],
    options: false,
  });
  assert.equal(printProgram(compile("x: saw 55 |> crush 4")), 'register("x", crush(saw(55), 4))');
  assert.throws(() => compile("x: saw 55 |> crush 4hz"), {
    message: "Cannot use '4hz' (a frequency) as crush bits; it is a plain number: write 0.5 or 50%",
  });
  assert.throws(() => compile("x: saw 55 |> crush"), {
    message: "crush expects bits, got 0 arguments",
  });
  assert.throws(() => compile("x: saw 55 |> crsh 3"), {
    message: "Unknown helper 'crsh'; did you mean 'crush'?",
  });
  resetEngine({ fadeTime: 0 });
  assert.deepEqual(lel`x: saw 55 |> crush ${sin(0.1)}`.names, ["x"]);
  assert.deepEqual(engine().signals().map((s) => s.name), ["x"]);
  resetEngine();
});

Deno.test("defining a name again replaces the helper (a reloaded session redefines its own)", () => {
  const registry = new HelperRegistry();
  registry.define("twice", (x: Param) => x, { params: [{ name: "input", kind: "signal" }] });
  registry.define("twice", (_x: Param, k: Param) => k, {
    params: [{ name: "input", kind: "signal" }, { name: "k", kind: "any" }],
  });
  assert.equal(
    printProgram(compile("x: 1 |> twice 2", { registry })),
    'register("x", twice(1, 2))',
  );
});

Deno.test("a helper that throws while building becomes a DslSyntaxError at its stage", () => {
  const registry = new HelperRegistry();
  installBuiltins(registry);
  registry.define("boom", () => {
    throw new RangeError("Cannot create boom: it always fails");
  }, { params: [{ name: "input", kind: "signal" }] });
  resetEngine();
  const program = compile("x: saw 3 |> boom", { registry, file: "f.lel" });
  try {
    registerProgram(program);
    assert.fail("expected an error");
  } catch (error) {
    assert.ok(error instanceof DslSyntaxError);
    assert.equal(
      error.format(),
      [
        "f.lel:1:13: Cannot create boom: it always fails",
        "1 | x: saw 3 |> boom",
        "  |             ^^^^",
      ].join("\n"),
    );
    assert.ok(error.cause instanceof RangeError);
  }
  assert.deepEqual(engine().signals(), []);
  resetEngine();
});

Deno.test("a spec's toCall that throws becomes a DslSyntaxError at its stage", () => {
  const registry = new HelperRegistry();
  registry.define("strict", (x: Param) => x, {
    params: [{ name: "input", kind: "signal" }],
    toCall: () => {
      throw new TypeError("Cannot call strict: not today");
    },
  });
  assert.throws(() => compile("x: 1 |> strict", { registry }), {
    name: "DslSyntaxError",
    message: "Cannot call strict: not today",
  });
});

Deno.test("bad definitions are refused with what to do", () => {
  const r = new HelperRegistry();
  const f = (x: Param) => x;
  assert.throws(() => r.define("a4", f, { params: [] }), {
    name: "TypeError",
    message:
      "Cannot define helper 'a4': use letters, digits and '_', starting with a letter, and not a note name like 'a4'",
  });
  assert.throws(() => r.define("my-fx", f, { params: [] }), { name: "TypeError" });
  assert.throws(() => r.define("fx", 3 as unknown as typeof f, { params: [] }), {
    message: "Cannot define helper 'fx': expected a factory function, got number",
  });
  assert.throws(
    () =>
      r.define("fx", f, {
        params: [{ name: "x", kind: "volts" as "any" }],
      }),
    {
      message:
        "Cannot define helper 'fx': parameter 'x' has kind 'volts'; use one of signal, frequency, time, gain, decibels, unitless, any, string, pattern, name",
    },
  );
  assert.throws(
    () =>
      r.define("fx", f, {
        params: [{ name: "a", kind: "any", optional: true }, { name: "b", kind: "any" }],
      }),
    {
      message:
        "Cannot define helper 'fx': required parameter 'b' follows an optional one; put optional parameters last",
    },
  );
});
