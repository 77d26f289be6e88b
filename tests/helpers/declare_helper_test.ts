import assert from "node:assert/strict";
import {
  compile,
  declareHelper,
  defineHelper,
  Engine,
  pan,
  printProgram,
  registerProgram,
  renderSignal,
  saw,
  sin,
  unregister,
} from "../../mod.ts";
import { setChainCompiler } from "../../runtime/core/chain/mod.ts";
import { compileStats } from "../../runtime/core/chain/mod.ts";

/** A one-pole DC blocker `y = x − x₁ + r·y₁`, declared once, for these tests. */
function dcBlockTick(mem: Float64Array, st: number, x: number, r: number): number {
  const y = x - mem[st] + r * mem[st + 1];
  mem[st] = x;
  mem[st + 1] = y;
  return y;
}

function dcBlockPole(mem: Float64Array, b: number, cutoffHz: number, sr: number): number {
  if (cutoffHz === mem[b + 1]) return mem[b + 2];
  mem[b + 1] = cutoffHz;
  const r = Math.exp(-2 * Math.PI * Math.max(0, cutoffHz) / sr);
  mem[b + 2] = r;
  return r;
}

const dcBlock = declareHelper({
  name: "dcBlockTest",
  summary: "DC blocker (test helper)",
  input: "audio",
  params: [{ name: "cutoff", unit: "Hz", doc: "corner in Hz", default: 20, range: [5, 50] }],
  slots: ["cutFor", "pole"],
  initial: { cutFor: NaN },
  perChannel: ["x1", "y1"],
  step: {
    setup: [{ fn: dcBlockPole, args: ["mem", "b", "cutoff", "sr"], out: "r" }],
    channel: { fn: dcBlockTick, args: ["mem", "st", "x", "r"] },
  },
});

function render(compiled: boolean, make: () => ReturnType<typeof dcBlock>, channels: number) {
  const previous = setChainCompiler(compiled);
  const e = new Engine({ channels, fadeTime: 0, softClip: false });
  const out = Array.from({ length: channels }, () => new Float64Array(4800));
  const before = compileStats().compiled;
  try {
    e.register("x", make());
    e.process(out, 4800);
    return { out, compiled: compileStats().compiled - before };
  } finally {
    e.dispose();
    setChainCompiler(previous);
  }
}

Deno.test("a declared helper matches its reference formula and removes DC (a 1 V offset decays below 1e-6 in 0.1 s)", () => {
  const [y] = renderSignal(dcBlock(1, 20), 4800, { sampleRate: 48000 });
  const r = Math.exp(-2 * Math.PI * 20 / 48000);
  let x1 = 0;
  let y1 = 0;
  for (let n = 0; n < 4800; n++) {
    const ref = 1 - x1 + r * y1;
    x1 = 1;
    y1 = ref;
    assert.ok(Math.abs(y[n] - ref) < 1e-15, `frame ${n}: ${y[n]} vs ${ref}`);
  }
  assert.ok(Math.abs(y[4799]) < 1e-2 * Math.exp(-1), "decays like r^n");
});

Deno.test("a declared helper compiles, and its compiled and closure forms render bit-identically, mono and stereo", () => {
  for (const stereo of [false, true]) {
    const make = () => dcBlock(stereo ? pan(saw(110), 0.3) : saw(110), 30);
    const a = render(true, make, 2);
    const b = render(false, make, 2);
    assert.equal(a.compiled, 1, "the chain compiled");
    assert.equal(b.compiled, 0);
    for (let c = 0; c < 2; c++) {
      for (let i = 0; i < 4800; i++) {
        assert.ok(Object.is(a.out[c][i], b.out[c][i]), `ch ${c} frame ${i}`);
      }
    }
  }
});

Deno.test("a declared helper's factory takes its default, a signal parameter and a key, and refuses a string", () => {
  const [y] = renderSignal(dcBlock(1, sin(1)), 4);
  assert.equal(y[0], 1);
  const [z] = renderSignal(dcBlock(1, undefined, { key: "dc" }), 2);
  assert.equal(z[0], 1);
  assert.throws(
    () => dcBlock(1, "20" as unknown as number),
    {
      name: "TypeError",
      message:
        "Cannot create dcBlockTest: cutoff must be a finite number or a signal function, got '20'",
    },
  );
});

Deno.test("defineHelper takes a declared helper's DSL signature from its definition", () => {
  defineHelper("dcblock", dcBlock);
  assert.equal(
    printProgram(compile("x: saw 55 |> dcblock 30hz")),
    'register("x", dcblock(saw(55), 30))',
  );
  const { names } = registerProgram(compile("x: saw 55 |> dcblock"));
  names.forEach(unregister);
  assert.throws(() => compile("x: saw 55 |> dcblock 30ms"), /dcblock cutoff; it is a frequency/);
});

Deno.test("a definition whose call names something unknown is refused when declared", () => {
  assert.throws(
    () =>
      declareHelper({
        name: "brokenTest",
        summary: "",
        input: "audio",
        step: { channel: { fn: dcBlockTick, args: ["mem", "st", "x", "nope"] } },
      }),
    {
      name: "TypeError",
      message: /argument 'nope' of dcBlockTick \(channel\) names nothing the definition has/,
    },
  );
});
