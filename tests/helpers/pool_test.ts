import assert from "node:assert/strict";
import { Engine } from "../../runtime/core/engine.ts";
import { osc } from "../../helpers/sources/oscillators.ts";
import { lowpass } from "../../helpers/filters/one_pole.ts";
import {
  claimBlock,
  configurePool,
  helperMemory,
  openClaimScope,
  PoolExhaustedError,
  poolUsage,
  releaseScope,
  setClaimScope,
} from "../../runtime/core/pool.ts";
import { quietly } from "../_utils.ts";

const SR = 48000;

function engineFor(): Engine {
  return new Engine({ sampleRate: SR, fadeTime: 0, softClip: false, channels: 1 });
}

function run(e: Engine, frames: number): Float64Array {
  const out = [new Float64Array(frames)];
  e.process(out, frames);
  return out[0];
}

Deno.test("the pool lives on globalThis under the documented names", () => {
  const e = engineFor();
  e.register("g", osc(100));
  const g = globalThis as unknown as Record<string, unknown>;
  assert.ok(g.LEL_HELPER_MEMORY instanceof Float64Array);
  assert.ok(g.LEL_HELPER_SLOT_MAP instanceof Map);
  const keys = [...(g.LEL_HELPER_SLOT_MAP as Map<string, unknown>).keys()];
  assert.ok(keys.some((k) => /^#\d+:g_sin_0$/.test(k)), keys.join(","));
  e.dispose();
});

Deno.test("a block is reused only when key and size match; a resized claim gets fresh zeroed memory", () => {
  const scope1 = openClaimScope();
  const a = claimBlock("t_test_0", 8, "test");
  const neighbour = claimBlock("t_test_1", 8, "test");
  a.initialized = true; // as a helper does once it has written its parameters
  helperMemory().fill(7, a.offset, a.offset + 8);
  helperMemory().fill(9, neighbour.offset, neighbour.offset + 8);
  const scope2 = openClaimScope();
  const same = claimBlock("t_test_0", 8, "test");
  assert.equal(same, a);
  assert.ok(!scope2.fresh.has(same));
  const scope3 = openClaimScope();
  const bigger = claimBlock("t_test_0", 16, "test");
  assert.notEqual(bigger.offset, a.offset);
  assert.ok(scope3.fresh.has(bigger) && scope3.resized.has(bigger));
  assert.deepEqual(
    [...helperMemory().subarray(bigger.offset, bigger.offset + 16)],
    new Array(16).fill(0),
  );
  // The neighbour is untouched by all of this.
  assert.deepEqual(
    [...helperMemory().subarray(neighbour.offset, neighbour.offset + 8)],
    new Array(8).fill(9),
  );
  for (const s of [scope1, scope2, scope3]) releaseScope(s);
  setClaimScope(undefined);
  assert.equal(poolUsage().used, 0);
});

Deno.test("freed blocks are zeroed and coalesce back into one free run", () => {
  const scopes = [openClaimScope(), openClaimScope(), openClaimScope()];
  const blocks = scopes.map((scope, i) => {
    setClaimScope(scope);
    const b = claimBlock(`c_test_${i}`, 100, "test");
    helperMemory().fill(1, b.offset, b.offset + 100);
    return b;
  });
  setClaimScope(undefined);
  assert.equal(poolUsage().used, 300);
  releaseScope(scopes[1]);
  assert.equal(poolUsage().freeRuns, 2);
  releaseScope(scopes[0]);
  releaseScope(scopes[2]);
  const usage = poolUsage();
  assert.equal(usage.used, 0);
  assert.equal(usage.freeRuns, 1);
  for (const b of blocks) assert.equal(helperMemory()[b.offset + 50], 0);
});

Deno.test("10,000 register/unregister cycles with new names leave pool usage bounded", () => {
  const e = engineFor();
  e.register("steady", lowpass(osc(220), 1000));
  const base = poolUsage();
  let maxUsed = 0;
  for (let i = 0; i < 10_000; i++) {
    e.register(`voice${i}`, lowpass(osc(220 + (i % 50)), 800));
    if (i % 4 === 3) run(e, 1);
    e.unregister(`voice${i}`);
    if (i % 16 === 0) run(e, 1);
    maxUsed = Math.max(maxUsed, poolUsage().used);
  }
  run(e, 1);
  const after = poolUsage();
  console.log(
    `pool after 10,000 cycles: ${after.used} doubles used (peak ${maxUsed}), ${after.blocks} blocks, ${after.freeRuns} free runs; before: ${base.used}`,
  );
  assert.equal(after.used, base.used);
  assert.equal(after.blocks, base.blocks);
  assert.ok(maxUsed <= base.used + 16 * 7, `peak ${maxUsed}`);
  assert.equal(after.freeRuns, 1);
  e.dispose();
});

Deno.test("exhaustion fails only the register that asked, with a [FATAL] message; what plays is untouched", async () => {
  assert.equal(poolUsage().used, 0, "the test needs an empty pool to shrink it");
  const play = (e: Engine, provoke: boolean) => {
    e.register("a", osc(300));
    e.register("b", osc(500));
    run(e, 100);
    if (provoke) {
      assert.throws(
        () => e.register("c", lowpass(osc(700), 100)),
        (err: unknown) =>
          err instanceof PoolExhaustedError &&
          /^\[FATAL\] Helper memory exhausted: cannot claim \d+ doubles for '#\d+:c_\w+_0'/.test(
            err.message,
          ),
      );
      // The failed register kept nothing: the pool holds exactly the two oscillators.
      assert.equal(poolUsage().used, 4);
      assert.deepEqual(e.signals().map((s) => s.name), ["a", "b"]);
    }
    return run(e, 1000);
  };
  try {
    // Two oscillators (2 doubles each) and 5 doubles more: not enough for c's oscillator and
    // one-pole lowpass (2 + 4).
    configurePool({ size: 9 });
    const e = engineFor();
    const { value: withFailure } = await quietly(() => play(e, true));
    e.dispose();
    configurePool({ size: 9 });
    const ref = engineFor();
    const clean = play(ref, false);
    ref.dispose();
    assert.deepEqual(withFailure, clean);
  } finally {
    configurePool();
  }
});

Deno.test("LEL_HELPER_MEMORY_SIZE sets the pool size, and a bad value is a clear error", async () => {
  const run = async (value: string) => {
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [
        "eval",
        `import "${
          new URL("../../mod.ts", import.meta.url).href
        }"; console.log(globalThis.LEL_HELPER_MEMORY.length);`,
      ],
      env: { LEL_HELPER_MEMORY_SIZE: value },
    }).output();
    return {
      code,
      out: new TextDecoder().decode(stdout).trim(),
      err: new TextDecoder().decode(stderr),
    };
  };
  const good = await run("123456");
  assert.equal(good.code, 0);
  assert.equal(good.out, "123456");
  const bad = await run("lots");
  assert.notEqual(bad.code, 0);
  assert.match(
    bad.err,
    /LEL_HELPER_MEMORY_SIZE must be a positive whole number of doubles, got 'lots'/,
  );
});
