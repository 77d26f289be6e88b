/**
 * The data bank: entries stored exactly, deduplicated by key, kept through growth (old arrays
 * included), shared by a re-imported copy of the module, and counted.
 * @module
 */

import assert from "node:assert/strict";
import {
  bankArray,
  bankData,
  DATA_BANK_INITIAL_SIZE,
  DATA_BANK_TEST_LENGTH,
  DATA_BANK_TEST_OFFSET,
  dataBankStats,
  storeData,
} from "../../../runtime/core/data_bank.ts";

Deno.test("storeData() keeps Float32 and Float64 values exactly and appends each entry after the last", () => {
  const before = dataBankStats();
  const f32 = Float32Array.from([0.1, -0.7, 1e-30, 3.4e38]);
  const a = storeData(f32);
  const b = storeData([Math.PI, -0, 5e-324]);
  assert.equal(a.offset, before.used);
  assert.equal(a.length, 4);
  assert.equal(b.offset, a.offset + 4);
  const bank = bankArray();
  for (let i = 0; i < 4; i++) assert.equal(bank[a.offset + i], f32[i]); // widened exactly
  assert.deepEqual([...bank.subarray(b.offset, b.offset + 3)], [Math.PI, -0, 5e-324]);
  const after = dataBankStats();
  assert.equal(after.used, before.used + 7);
  assert.equal(after.entries, before.entries + 2);
});

Deno.test("storeData() with a key already stored returns the first entry and copies nothing", () => {
  const first = storeData([1, 2, 3], "bank-test:dedup");
  const used = dataBankStats().used;
  const again = storeData([7, 7, 7, 7], "bank-test:dedup");
  assert.equal(again, first);
  assert.equal(dataBankStats().used, used);
  assert.deepEqual([...bankArray().subarray(first.offset, first.offset + 3)], [1, 2, 3]);
  const other = storeData([4], "bank-test:other");
  assert.equal(other.offset, used);
});

Deno.test("the bank doubles when full, keeps every entry, and an array read before the growth still holds them", () => {
  const entry = storeData([0.25, 0.5], "bank-test:before-growth");
  const old = bankArray();
  const { capacity, growths } = dataBankStats();
  const big = new Float64Array(capacity).map((_, i) => i % 97);
  const grown = storeData(big);
  const stats = dataBankStats();
  assert.ok(stats.capacity >= 2 * capacity, `capacity ${stats.capacity} after ${capacity}`);
  assert.equal(
    Math.log2(stats.capacity / DATA_BANK_INITIAL_SIZE) % 1,
    0,
    "a power-of-two multiple",
  );
  assert.equal(stats.growths, growths + 1);
  assert.equal(stats.bytes, 8 * stats.capacity);
  const now = bankArray();
  assert.notEqual(now, old);
  assert.equal(bankData, now, "the live binding step functions read follows the growth");
  assert.deepEqual([...now.subarray(entry.offset, entry.offset + 2)], [0.25, 0.5]);
  assert.deepEqual([...old.subarray(entry.offset, entry.offset + 2)], [0.25, 0.5]);
  assert.equal(now[grown.offset + 96], 96);
  assert.equal(now[grown.offset + capacity - 1], (capacity - 1) % 97);
});

Deno.test("the test buffer sits at its offset between 4 zeros on either side, as documented", () => {
  const bank = bankArray();
  const at = DATA_BANK_TEST_OFFSET;
  assert.deepEqual([...bank.subarray(0, at)], [0, 0, 0, 0]);
  const end = at + DATA_BANK_TEST_LENGTH;
  assert.deepEqual([...bank.subarray(end, end + 4)], [0, 0, 0, 0]);
  for (const i of [1, 3, 4, 10, 1023]) {
    const expected = 0.5 * Math.sin((2 * Math.PI * i) / 16) * Math.exp(-i / 256) +
      (i % 7 === 3 ? 0.1 : 0);
    assert.equal(bank[at + i], expected, `value ${i}`);
  }
});

Deno.test("a re-imported copy of the module finds the same bank (it lives on globalThis)", async () => {
  const entry = storeData([0.125, 0.375], "bank-test:reimport");
  const copy: typeof import("../../../runtime/core/data_bank.ts") = await import(
    `../../../runtime/core/data_bank.ts?copy=${Date.now()}`
  );
  assert.equal(copy.bankArray(), bankArray());
  assert.equal(copy.storeData([9], "bank-test:reimport"), entry);
  assert.deepEqual(copy.dataBankStats(), dataBankStats());
});

Deno.test("storeData() refuses more than the bank may hold, saying how much and what to do", () => {
  const { used } = dataBankStats();
  const huge = { length: 2 ** 29 } as ArrayLike<number>;
  assert.throws(
    () => storeData(huge),
    new RangeError(
      `Cannot store ${2 ** 29} values in the data bank: it would hold ${
        used + 2 ** 29
      } doubles, more than ${2 ** 29}; use shorter samples`,
    ),
  );
  assert.equal(dataBankStats().used, used, "nothing stored");
});
