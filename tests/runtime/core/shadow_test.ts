import assert from "node:assert/strict";
import { join } from "node:path";
import {
  delay,
  Engine,
  lel,
  lpf,
  poolUsage,
  resetEngine,
  saw,
  SignalRefusedError,
  sin,
  tremolo,
} from "../../../mod.ts";
import { Session } from "../../../runtime/live/session.ts";
import type { Context, Param } from "../../../runtime/core/signal.ts";

const SR = 48000;

function engine(shadowTime = 0.05): Engine {
  return new Engine({ sampleRate: SR, channels: 1, fadeTime: 0, softClip: false, shadowTime });
}

function run(e: Engine, frames: number): Float64Array {
  const out = new Float64Array(frames);
  e.process([out], frames);
  return out;
}

function reload(e: Engine, signals: Record<string, () => Param>): void {
  e.begin();
  for (const [name, make] of Object.entries(signals)) e.register(name, make());
  e.commit();
}

Deno.test("the shadow render changes nothing: reloads with it render bit-identically to reloads without it", () => {
  const chain = (hz: number) => () => delay(tremolo(lpf(saw(hz), 900, 0.4), 3), 0.3, 0.2);
  const play = (e: Engine) => {
    reload(e, { a: chain(110), b: () => sin(330) });
    const one = run(e, 20000);
    reload(e, { a: chain(112), b: () => sin(331) });
    const two = run(e, 20000);
    e.dispose();
    return [...one, ...two];
  };
  const shadowed = play(engine(0.05));
  const plain = play(engine(0));
  for (let i = 0; i < plain.length; i++) assert.ok(Object.is(shadowed[i], plain[i]), `frame ${i}`);
});

Deno.test("a new signal that produces NaN in its first 50 ms refuses the commit; what played plays on untouched", () => {
  const e = engine();
  reload(e, { a: () => sin(220) });
  run(e, 1000);
  const used = poolUsage().used;
  e.begin();
  e.register("a", sin(221));
  e.register("bad", lpf(saw(110), (s: Context) => (s.t > 0.03 ? NaN : 800)));
  assert.throws(() => e.commit(), (err: unknown) => {
    assert.ok(err instanceof SignalRefusedError);
    assert.equal(err.signal, "bad");
    assert.match(
      err.message,
      /^Signal 'bad' lpf cutoff got NaN from its modulator within 50 ms of starting; not applied/,
    );
    assert.match(String(err.file), /shadow_test\.ts$/);
    return true;
  });
  assert.equal(poolUsage().used, used, "nothing of the refused transaction is held");
  assert.deepEqual(e.signals().map((s) => s.name), ["a"]);
  const reference = engine();
  reload(reference, { a: () => sin(220) });
  const expected = run(reference, 5000);
  const got = run(e, 4000);
  for (let i = 0; i < 4000; i++) assert.equal(got[i], expected[1000 + i], `frame ${i}`);
  e.dispose();
  reference.dispose();
});

Deno.test("a runaway or throwing new signal is refused too; one that goes wrong only later is a live fault", () => {
  const e = engine();
  assert.throws(() => reload(e, { loud: () => (s: Context) => s.frame * 1e3 }), /runaway value/);
  assert.throws(
    () =>
      reload(e, {
        boom: () => (s: Context) => {
          if (s.frame > 10) throw new RangeError("nope");
          return 0;
        },
      }),
    /threw RangeError: nope within 50 ms/,
  );
  reload(e, { late: () => (s: Context) => (s.t > 0.2 ? NaN : 0) });
  run(e, SR);
  assert.equal(e.faults.at(-1)?.signal, "late");
  e.dispose();
});

Deno.test("a DSL line refused by the shadow render is a DslSyntaxError at that line", () => {
  resetEngine({ fadeTime: 0 });
  assert.throws(
    () =>
      lel`
        ok: sin 220 |> gain 0.1
        bad: saw 110 |> gain 1e9
      `,
    (err: unknown) =>
      err instanceof SyntaxError && /runaway value/.test(String(err)) &&
      (err as { line?: number }).line! > 0,
  );
  resetEngine();
});

Deno.test("a session save whose new signal goes wrong at once is refused, located in the file, and the last good version plays on", async () => {
  const dir = await Deno.makeTempDir({ prefix: "lel-shadow-" });
  const mod = new URL("../../../mod.ts", import.meta.url).href;
  const e = engine();
  const session = new Session(join(dir, "set.lel.ts"), e);
  try {
    await Deno.writeTextFile(
      join(dir, "set.lel.ts"),
      `import { lel } from ${JSON.stringify(mod)};\nlel\`tone: sin 220 |> gain 0.2\`;\n`,
    );
    assert.equal((await session.load()).kind, "committed");
    await Deno.writeTextFile(
      join(dir, "set.lel.ts"),
      `import { register, lel } from ${
        JSON.stringify(mod)
      };\nlel\`tone: sin 220 |> gain 0.2\`;\nregister("bad", () => NaN);\n`,
    );
    const outcome = await session.load();
    assert.equal(outcome.kind, "failed");
    if (outcome.kind === "failed") {
      assert.match(
        outcome.error.format(),
        /set\.lel\.ts:3:1: Signal 'bad' produced NaN within 50 ms/,
      );
    }
    assert.deepEqual(e.signals().map((s) => s.name), ["tone"]);
  } finally {
    await session.close();
    e.dispose();
    await Deno.remove(dir, { recursive: true });
  }
});
