import type { StepFunction } from "../../../../helpers/helper_definition.ts";
import assert from "node:assert/strict";
import { Engine } from "../../../../runtime/core/engine.ts";
import { bind, unbind } from "../../../../runtime/core/binding.ts";
import { SignalStateTable } from "../../../../runtime/core/signal_state.ts";
import {
  analyze,
  compileStats,
  kernelCount,
  NotCompilable,
  setChainCompiler,
} from "../../../../runtime/core/chain/mod.ts";
import { split } from "../../../../runtime/core/chain/segment.ts";
import {
  add,
  feedback,
  gain,
  lowpass,
  lpf,
  mix,
  noise,
  osc,
  pan,
  phasor,
  pulse,
  reverb,
  saw,
  sin,
  square,
  tremolo,
  tri,
} from "../../../../mod.ts";
import { bindNodes } from "../../../../runtime/core/node.ts";
import { channelsOf, helperInfo, tagSignal } from "../../../../runtime/core/signal_tag.ts";
import { openClaimScope, releaseScope, setClaimScope } from "../../../../runtime/core/pool.ts";
import { arithKernel } from "../../../../helpers/mix/math_kernel.ts";
import type { Context, EngineContext, Param, Signal } from "../../../../runtime/core/signal.ts";
import { build, type ChainDesc, random, randomChain, STAGES } from "./_chains.ts";
import { referenceVoice } from "../_alloc_sessions.ts";
import { allDefinitions, typicalInstance } from "../../../../helpers/typical.ts";
import { isMeasured } from "../../../../helpers/bytecode_cost.ts";
import { currentBuildScope } from "../../../../runtime/core/build_scope.ts";
import { RENDERING } from "../../../../runtime/core/node.ts";
import { setLogger, SILENT_LOGGER } from "../../../../runtime/core/log.ts";

const SR = 48000;

/** How a render runs: frames, channels, an optional reload, the engine's settings. */
interface RenderOptions {
  frames: number;
  channels: number;
  next?: () => Param;
  at?: number;
  fade?: number;
  sampleRate?: number;
  blockSize?: number;
}

interface Render {
  out: Float64Array[];
  faults: string[];
  compiled: number;
}

/**
 * Renders `first()` for `at` frames, re-registers `next()` (if given) and renders the rest,
 * on a fresh engine, with the chain compiler on or off.
 */
function render(compile: boolean, first: () => Param, options: RenderOptions): Render {
  const previous = setChainCompiler(compile);
  const before = compileStats().compiled;
  const e = new Engine({
    sampleRate: options.sampleRate ?? SR,
    blockSize: options.blockSize ?? 128,
    channels: options.channels,
    fadeTime: options.fade ?? 0,
    softClip: false,
  });
  const out = Array.from({ length: options.channels }, () => new Float64Array(options.frames));
  try {
    e.register("x", first());
    const at = options.next === undefined ? options.frames : options.at ?? options.frames >> 1;
    e.process(out, at);
    if (options.next !== undefined) {
      e.register("x", options.next());
      e.process(out, options.frames - at, at);
    }
    return {
      out,
      faults: e.faults.map((f) => `${f.time} ${f.reason}`),
      compiled: compileStats().compiled - before,
    };
  } finally {
    e.dispose();
    setChainCompiler(previous);
  }
}

/** Index of the first sample whose bits differ (NaN payloads aside), or -1. */
function firstDifference(a: Float64Array[], b: Float64Array[]): string | undefined {
  for (let c = 0; c < a.length; c++) {
    for (let i = 0; i < a[c].length; i++) {
      if (!Object.is(a[c][i], b[c][i])) return `channel ${c} frame ${i}: ${a[c][i]} vs ${b[c][i]}`;
    }
  }
  return undefined;
}

/**
 * Renders both ways and requires bit-identical output and the same faults; returns how many
 * bindings the compiled run compiled.
 */
function assertSame(name: string, first: () => Param, options: RenderOptions): number {
  const { value: compiled } = quietlySync(() => render(true, first, options));
  const { value: closure } = quietlySync(() => render(false, first, options));
  assert.equal(closure.compiled, 0);
  const diff = firstDifference(compiled.out, closure.out);
  assert.equal(diff, undefined, `${name}: compiled and closure renders differ at ${diff}`);
  assert.deepEqual(compiled.faults, closure.faults, `${name}: faults differ`);
  return compiled.compiled;
}

/** Runs `fn` with the fault log silenced. */
function quietlySync<T>(fn: () => T): { value: T } {
  const previous = setLogger(SILENT_LOGGER);
  try {
    return { value: fn() };
  } finally {
    setLogger(previous);
  }
}

/** The first parameter value of each stage, and a twice-as-fast leaf and a helper modulator. */
function stageParams(name: string, how: "const" | "mod" | "leaf", variant = 0): Param[] {
  const k = 1 + 0.1 * variant;
  return STAGES[name].ranges.map(([lo, hi], i) => {
    const value = (lo + (hi - lo) * (0.3 + 0.1 * i)) * k;
    const depth = 0.2 * (Math.abs(value) + 0.1);
    if (how === "const") return value;
    if (how === "leaf") return (s: Context) => value + depth * Math.sin(s.t * 13 + i);
    return mix(gain(osc(3 + i, "tri"), depth), value);
  });
}

const SOURCES: Readonly<Record<string, (freq: Param) => Signal>> = {
  osc: (f) => osc(f),
  sin: (f) => sin(f),
  saw: (f) => saw(f),
  tri: (f) => tri(f),
  square: (f) => square(f),
  pulse: (f) => pulse(f, 0.3),
  "pulse (modulated width)": (f) => pulse(f, mix(gain(osc(2), 0.3), 0.5)),
  phasor: (f) => phasor(f),
};

for (const [name, source] of Object.entries(SOURCES)) {
  Deno.test(`${name}() renders bit-identically compiled and as closures: constant, modulated and leaf frequency, then a reload that glides`, () => {
    for (const how of ["const", "mod", "leaf"] as const) {
      const freq = (v: number): Param =>
        how === "const"
          ? 220 * (1 + 0.3 * v)
          : how === "leaf"
          ? (s: Context) => 220 * (1 + 0.3 * v) + 30 * Math.sin(s.t * 9)
          : mix(gain(saw(5), 40), 220 * (1 + 0.3 * v));
      const compiled = assertSame(`${name} ${how}`, () => source(freq(0)), {
        frames: 10000,
        at: 2000,
        channels: 1,
        next: () => source(freq(1)),
      });
      assert.equal(compiled, 2, `${name} ${how}: both registrations compiled`);
    }
  });
}

for (const def of allDefinitions().filter((d) => d.input === undefined)) {
  Deno.test(`declared source ${def.name}() renders bit-identically compiled and as closures, with constant, helper and leaf parameters, across a reload that glides, and moves the transport`, () => {
    for (const params of ["constant", "helper", "leaf"] as const) {
      const make = (at: number) => () => typicalInstance(def, { params, at, optional: true });
      const compiled = assertSame(`${def.name} ${params}`, make(0.3), {
        frames: 9000,
        at: 2500,
        channels: 2,
        next: make(0.35),
      });
      assert.equal(compiled, 2, `${def.name} ${params}: both registrations compiled`);
    }
  });
}

Deno.test("noise() renders bit-identically compiled and as closures, and across a reload", () => {
  const compiled = assertSame("noise", () => noise({ seed: 3 }), {
    frames: 4000,
    channels: 2,
    next: () => noise({ seed: 3 }),
  });
  assert.equal(compiled, 2);
});

for (const name of Object.keys(STAGES)) {
  Deno.test(`${name}() renders bit-identically compiled and as closures: mono and stereo, constant, modulated and leaf parameters, then a reload that glides`, () => {
    for (const stereo of [false, true]) {
      for (const how of ["const", "mod", "leaf"] as const) {
        for (const option of [0, 1]) {
          const input = () => (stereo ? pan(saw(110), 0.3) : saw(110));
          const make = (variant: number) => () =>
            STAGES[name].build(input(), stageParams(name, how, variant), option);
          const label = `${name} ${stereo ? "stereo" : "mono"} ${how} option ${option}`;
          for (const channels of [1, 2, 3]) {
            // 8000 frames after the reload: the glide snaps onto its target after ~5000.
            const compiled = assertSame(label, make(0), {
              frames: 10000,
              at: 2000,
              channels,
              next: make(1),
            });
            assert.equal(compiled, 2, `${label}: both registrations compiled`);
          }
        }
      }
    }
  });
}

Deno.test("a compiled runner fills the engine's buffers exactly as the closure runner does, -0 included, on 1 to 3 channels", () => {
  // Through the engine the mix into the master bus (+=) turns -0 into +0, so this calls the
  // runners themselves: the contract is theirs.
  const make = (stereo: boolean) => {
    const x = gain(osc(440), -1); // frame 0 is -1 × sin(0) = -0
    return stereo ? pan(x, 0.3) : x;
  };
  for (const stereo of [false, true]) {
    for (const channels of [1, 2, 3]) {
      const runs = [true, false].map((compile) => {
        const previous = setChainCompiler(compile);
        const before = compileStats().compiled;
        const states = new SignalStateTable();
        const binding = bind(
          `spread${Number(compile)}`,
          `spread${Number(compile)}`,
          make(stereo),
          SR,
          states,
          undefined,
        );
        setChainCompiler(previous);
        const s: EngineContext = {
          t: 0,
          frame: 0,
          sr: SR,
          dt: 1 / SR,
          name: binding.name,
          state: binding.slice.view,
          beat: 0,
          bpm: 120,
          beatsPerBar: 4,
          beats: new Float64Array(64),
          bpms: new Float64Array(64).fill(120),
        };
        const buf = Array.from({ length: channels }, () => new Float64Array(64).fill(7));
        RENDERING.owner = binding; // as the engine has it around a block
        const done = binding.runner(binding.fn, s, buf, 64, 0, SR, { value: 0 });
        RENDERING.owner = undefined;
        unbind(binding, states);
        return { buf, done, compiled: compileStats().compiled - before };
      });
      assert.deepEqual(runs.map((r) => r.compiled), [1, 0]);
      assert.deepEqual(runs.map((r) => r.done), [64, 64]);
      assert.equal(firstDifference(runs[0].buf, runs[1].buf), undefined);
      assert.ok(
        Object.is(runs[0].buf[0][0], stereo ? 0 : -0),
        "mono copies -0, N channels add it to 0",
      );
    }
  }
});

Deno.test("mix() of mono and stereo chains with a constant renders bit-identically on 1, 2 and 3 channels", () => {
  for (const channels of [1, 2, 3]) {
    const make = (v: number) => () =>
      mix(osc(100), pan(osc(150), 0.2 + 0.1 * v), 0.01, pan(saw(55), -0.4), osc(100, "tri"));
    assert.equal(assertSame("mix", make(0), { frames: 3000, channels, next: make(1) }), 2);
  }
});

Deno.test("arithKernel() (the spec math.ts is to attach) computes math.ts's range, mul and add with its channel broadcast", () => {
  // The ops and broadcast of helpers/mix/math.ts, re-created here since that file does not
  // attach the spec yet: the closure below is its `arith`, the spec must match it bit for bit.
  const RANGE = (x: number, lo: number, hi: number) => lo + (x + 1) * 0.5 * (hi - lo);
  const MUL = (x: number, f: number) => x * f;
  const arith = (op: typeof RANGE, input: Param, a: Param, b: Param): Signal => {
    const fs = [input, a, b].map((p) => (typeof p === "function" ? p : () => p));
    const channels = Math.max(channelsOf(input), channelsOf(a), channelsOf(b));
    const out = new Float64Array(channels);
    const at = (v: ReturnType<Signal>, ch: number) =>
      typeof v === "number" ? v : v.length === 1 ? v[0] : v[ch] ?? 0;
    const fn = (s: Context) => {
      const [v, va, vb] = fs.map((f) => f(s));
      if (typeof v === "number" && typeof va === "number" && typeof vb === "number") {
        return op(v, va, vb);
      }
      for (let ch = 0; ch < channels; ch++) out[ch] = op(at(v, ch), at(va, ch), at(vb, ch));
      return out;
    };
    const inputs = [input, a, b].filter((p): p is Signal => typeof p === "function");
    return tagSignal(fn, undefined, inputs, channels, arithKernel(op, input, a, b, channels));
  };
  for (const channels of [1, 2]) {
    const make = () =>
      gain(
        arith(RANGE, osc(2), 300, arith(MUL, pan(osc(0.5), 0.3), 900, 0)),
        arith(MUL, tri(3), 0.001, 0),
      );
    assert.equal(assertSame("arith", make, { frames: 3000, channels }), 1);
  }
});

Deno.test("200 seeded random chains render bit-identically compiled and as closures, across a reload that glides or changes the chain, at 44.1, 48 and 96 kHz and blocks of 1 to 256 frames", () => {
  const rng = random(20240611);
  const errors = compileStats().errors;
  let compiledBindings = 0;
  for (let n = 0; n < 200; n++) {
    const desc = randomChain(rng, 5);
    const changes = rng() < 0.2;
    const other: ChainDesc = changes ? randomChain(rng, 4) : desc;
    const channels = 1 + Math.floor(rng() * 3);
    const sampleRate = [44100, 48000, 96000][Math.floor(rng() * 3)];
    const blockSize = [128, 128, 64, 100, 256, 1][Math.floor(rng() * 6)];
    compiledBindings += assertSame(`chain #${n}: ${JSON.stringify(desc)}`, () => build(desc), {
      frames: 2400,
      channels,
      next: () => build(other, changes ? 0 : 1),
      fade: 0.005,
      sampleRate,
      blockSize,
    });
  }
  assert.equal(compiledBindings, 400, "every random chain compiled, before and after its reload");
  assert.equal(compileStats().errors, errors, compileStats().lastReason);
});

Deno.test("a closure-run chain re-registered compiled (and back) continues its phase: bit-identical to one uninterrupted run", () => {
  const chain = () => tremolo(osc(441), 5, 0.5);
  const whole = render(true, chain, { frames: 4000, channels: 1 });
  for (const [from, to] of [[false, true], [true, false]]) {
    const e = new Engine({ sampleRate: SR, channels: 1, fadeTime: 0, softClip: false });
    const out = [new Float64Array(4000)];
    const previous = setChainCompiler(from);
    const before = compileStats().compiled;
    e.register("x", chain());
    e.process(out, 2000);
    setChainCompiler(to);
    e.register("x", chain());
    e.process(out, 2000, 2000);
    setChainCompiler(previous);
    assert.equal(compileStats().compiled - before, Number(from) + Number(to));
    e.dispose();
    assert.ok(Math.abs(out[0][2000] - whole.out[0][2000]) < 1e-9, "the phase continues");
    assert.equal(firstDifference(out, whole.out), undefined);
  }
});

Deno.test("a compiled chain that runs away or goes infinite is muted at the same frame, with the same report, as the closure form", () => {
  const amount = (s: Context) => (s.frame >= 300 ? 4 : 0.5);
  const cases: [string, () => Param, RegExp][] = [
    ["mono runaway", () => feedback(osc(440), 0.01, 0.001, amount), /runaway value/],
    ["stereo runaway", () => pan(feedback(osc(440), 0.01, 0.001, amount), 0.3), /runaway value/],
    ["infinite", () => mix(osc(440), Infinity), /produced Infinity/],
    ["stereo -infinite", () => mix(pan(osc(440), 0.1), -Infinity), /produced -Infinity/],
  ];
  for (const [name, make, reason] of cases) {
    const compiled = quietlySync(() => render(true, make, { frames: 3000, channels: 2 })).value;
    const closure = quietlySync(() => render(false, make, { frames: 3000, channels: 2 })).value;
    assert.equal(compiled.compiled, 1, name);
    assert.equal(compiled.faults.length, 1, name);
    assert.deepEqual(compiled.faults, closure.faults, name);
    assert.match(compiled.faults[0], reason, name);
    assert.equal(firstDifference(compiled.out, closure.out), undefined, name);
  }
});

Deno.test("chains of the same shape share one kernel, whatever their numbers; another shape builds another", () => {
  const e = new Engine({ sampleRate: SR, channels: 2, fadeTime: 0 });
  e.register("a", referenceVoice(3));
  const built = kernelCount().built;
  for (let k = 0; k < 10; k++) e.register(`v${k}`, referenceVoice(k + 10));
  assert.equal(kernelCount().built, built, "ten more voices of the reference chain, no new kernel");
  e.register("b", lowpass(osc(440), (s: Context) => 800 + Math.sin(s.t)));
  assert.equal(kernelCount().built, built + 1, "a modulated cutoff is another shape");
  e.dispose();
});

Deno.test("the reference chain's steady loop fits V8's default inlining budget alone; a longer chain splits into functions that each fit", () => {
  const scope = openClaimScope();
  try {
    const reference = referenceVoice(0);
    const long = reverb(lpf(pan(referenceVoice(1), 0.2), 900, 0.5), 1.2, 0.5, 0.3);
    bindNodes(currentBuildScope().take(mix(reference, long), "split-test"), "split-test", SR);
    const one = split(analyze(reference));
    assert.equal(one.length, 1);
    assert.ok(one[0].budget <= 910, `steady loop budget ${one[0].budget}`);
    assert.ok(one[0].prologue > 0 && one[0].prologue <= 910, `prologue ${one[0].prologue}`);
    assert.ok(one[0].general.length >= 2, "the general loops (all work per frame) need two");
    const several = split(analyze(long));
    assert.ok(several.length >= 2, `${several.length} segment(s)`);
    for (const seg of several) {
      for (const budget of [seg.budget, seg.prologue, ...seg.general.map((g) => g.budget)]) {
        assert.ok(budget <= 910, `function budget ${budget}`);
      }
    }
    assert.equal(several.at(-1)!.to, 8);
  } finally {
    setClaimScope(undefined);
    releaseScope(scope);
  }
});

Deno.test("the compiler declines a hand-written root or audio input, a helper used twice, and a helper without a spec", () => {
  const declined = (fn: () => Param) => {
    const r = render(true, fn, { frames: 128, channels: 1 });
    return r.compiled === 0;
  };
  assert.ok(declined(() => (s: Context) => Math.sin(s.t)), "hand-written root");
  assert.ok(declined(() => lowpass((s: Context) => Math.sin(s.t), 800)), "hand-written input");
  assert.ok(
    declined(() => {
      const lfo = osc(3);
      return mix(lowpass(lfo, 300), gain(lfo, 0.5));
    }),
    "one helper signal read twice",
  );
  const attached = helperInfo(add(osc(3), 1))?.kernel !== undefined;
  assert.equal(
    declined(() => add(osc(3), 1)),
    !attached,
    "math.ts's add: compiled once it has a spec",
  );
  assert.ok(!declined(() => pan(osc(220), (s: Context) => Math.sin(s.t))), "a leaf parameter");
  assert.throws(() => analyze((s: Context) => s.t), NotCompilable);
  assert.match(helperInfo(osc(1))?.kernel?.kind ?? "", /^sin:.*sineAt/);
});

Deno.test("a leaf returning an array modulates with its channel 0, as readParam reads it", () => {
  const make = () => lowpass(saw(110), (s: Context) => [900 + 300 * Math.sin(s.t * 5), 1]);
  assert.equal(assertSame("array leaf", make, { frames: 3000, channels: 1 }), 1);
});

Deno.test("leaves sharing mutable state see block order, not frame order (the compiler's one documented difference)", () => {
  // Two leaves: the first counts its calls, the second reads the count. As closures they
  // alternate frame by frame; compiled, the first runs for the whole block before the second.
  const probe = (compile: boolean) => {
    const previous = setChainCompiler(compile);
    let count = 0;
    const e = new Engine({ sampleRate: SR, channels: 1, fadeTime: 0, softClip: false });
    const reads: number[] = [];
    e.register(
      "x",
      gain(tremolo(osc(0), (_s: Context) => ++count, 0), (_s: Context) => {
        reads.push(count);
        return 1;
      }),
    );
    e.process([new Float64Array(256)], 256);
    e.dispose();
    setChainCompiler(previous);
    return reads;
  };
  const closure = probe(false);
  const compiled = probe(true);
  assert.deepEqual(
    closure.slice(0, 3),
    [1, 2, 3],
    "as closures the reader sees each frame's count",
  );
  assert.deepEqual(compiled.slice(0, 3), [128, 128, 128], "compiled it sees the block's last");
  assert.deepEqual(compiled.slice(128, 131), [256, 256, 256]);
});

Deno.test("the bytecode table the kernel costs come from is fresh (`deno task costs` measures it)", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "tools/costs.ts", "--check"],
    stdout: "piped",
    stderr: "piped",
  });
  const { code, stderr } = await child.output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
});

Deno.test("every declared helper's kernel costs come from measured step functions", () => {
  for (const def of allDefinitions()) {
    for (const optional of [false, true]) {
      const fn = typicalInstance(def, { optional });
      const spec = helperInfo(fn)!.kernel!;
      for (const ref of Object.values(spec.refs)) {
        assert.ok(
          isMeasured(ref as StepFunction),
          `${def.name}: ${(ref as StepFunction).name} is not measured`,
        );
      }
    }
  }
});

/**
 * A voice's levels as the mix defines them, from its frames (alone on the bus with the limiter
 * off, the master output is exactly what it added): the largest |y|, and the squares summed
 * frame after frame, each frame's channels in order.
 */
function voiceLevels(out: Float64Array[], from: number, to: number): LevelSums {
  let peak = 0;
  let sum = 0;
  for (let i = from; i < to; i++) {
    for (const o of out) {
      const y = o[i];
      if (Math.abs(y) > peak) peak = Math.abs(y);
      sum += y * y;
    }
  }
  return { peak, rms: Math.sqrt(sum / ((to - from) * out.length)) };
}

/** The master bus's levels: the same, but summed block after block, channel after channel. */
function masterLevels(out: Float64Array[], from: number, to: number, block: number): LevelSums {
  let peak = 0;
  let sum = 0;
  for (let start = from; start < to; start += block) {
    for (const o of out) {
      for (let i = start; i < Math.min(to, start + block); i++) {
        const y = o[i];
        if (Math.abs(y) > peak) peak = Math.abs(y);
        sum += y * y;
      }
    }
  }
  return { peak, rms: Math.sqrt(sum / ((to - from) * out.length)) };
}

interface LevelSums {
  peak: number;
  rms: number;
}

Deno.test("levels are exactly the sums of the frames, in the mix's order, for a mono or stereo chain, compiled or as closures, through a fade-in, a mute and an unmute, on 1 to 3 channels", () => {
  for (const channels of [1, 2, 3]) {
    for (const stereo of [false, true]) {
      for (const compile of [true, false]) {
        const name = `${stereo ? "stereo" : "mono"} on ${channels}, ${
          compile ? "compiled" : "closures"
        }`;
        const previous = setChainCompiler(compile);
        const e = new Engine({
          sampleRate: SR,
          blockSize: 100,
          channels,
          fadeTime: 0.002,
          softClip: false,
        });
        try {
          const x = tremolo(osc(330), 4, 0.5);
          e.register("x", stereo ? pan(x, 0.3) : x);
          const out = Array.from({ length: channels }, () => new Float64Array(2000));
          // Fading in (the general mix), then steady; muted (fading out, then steady at 0);
          // unmuted.
          const stages: [number, () => void][] = [
            [700, () => {}],
            [650, () => e.mute("x")],
            [650, () => e.unmute("x")],
          ];
          let at = 0;
          for (const [frames, act] of stages) {
            act();
            e.process(out, frames, at);
            const levels = e.takeLevels();
            assert.deepEqual(levels.signals.x, voiceLevels(out, at, at + frames), name);
            assert.deepEqual(levels.master, masterLevels(out, at, at + frames, 100), name);
            at += frames;
          }
          assert.ok(voiceLevels(out, 0, 700).peak > 0.1, `${name}: it played`);
        } finally {
          e.dispose();
          setChainCompiler(previous);
        }
      }
    }
  }
});

Deno.test("a runner reports a mono block: the compiled one leaves it in channel 0 alone when the caller reads it there, the closure one copies it anyway", () => {
  for (const compile of [true, false]) {
    const previous = setChainCompiler(compile);
    const before = compileStats().compiled;
    const states = new SignalStateTable();
    const binding = bind("monoOk", "monoOk", lowpass(saw(220), 900), SR, states, undefined);
    setChainCompiler(previous);
    const s: EngineContext = {
      t: 0,
      frame: 0,
      sr: SR,
      dt: 1 / SR,
      name: binding.name,
      state: binding.slice.view,
      beat: 0,
      bpm: 120,
      beatsPerBar: 4,
      beats: new Float64Array(64),
      bpms: new Float64Array(64).fill(120),
    };
    const buf = [new Float64Array(64), new Float64Array(64).fill(7)];
    const report = { value: 0, monoOk: true, mono: false };
    RENDERING.owner = binding; // as the engine has it around a block
    assert.equal(binding.runner(binding.fn, s, buf, 64, 0, SR, report), 64);
    RENDERING.owner = undefined;
    unbind(binding, states);
    assert.equal(compileStats().compiled - before, Number(compile));
    assert.equal(report.mono, true, "a mono chain reports a mono block");
    assert.ok(buf[0].some((y) => y !== 0), "channel 0 holds the block");
    if (compile) assert.ok(buf[1].every((y) => y === 7), "channel 1 is left as it was");
    else assert.deepEqual(buf[1], buf[0], "the closure runner copies every frame");
  }
});
