/**
 * The data bank: one growable `Float64Array` holding the read-only numbers the audio path reads
 * (sample frames now, pattern tables later), kept on `globalThis` so every re-import of a
 * session finds what the previous one stored.
 *
 * Entries are appended and never freed: what is stored is read by helpers that may still be
 * playing, and the data that goes here (samples, tables) changes rarely, so a sample edited
 * five times during a set holds five copies until the process ends. {@linkcode dataBankStats}
 * reports the size. Growth doubles the array and copies it; it happens only in
 * {@linkcode storeData}, at build time, never on the audio path. An array a step function read
 * before a growth still holds every entry stored before it, so a reader that has not picked up
 * the new array yet reads correct values.
 * @module
 */

/** Doubles the bank starts with (grows by doubling). */
export const DATA_BANK_INITIAL_SIZE = 1 << 16;

/**
 * Where the test buffer every bank holds starts: 1024 values (read as 1024 mono frames or 512
 * interleaved stereo ones, so helpers can be built and swept over their ranges without a
 * file), with 4 zeros on either side (two stereo frames of silence, what an interpolator reads
 * past a sample's ends).
 */
export const DATA_BANK_TEST_OFFSET = 4;

/** Length of the test buffer, in values. */
export const DATA_BANK_TEST_LENGTH = 1024;

/** Zeros the bank starts with, then the test buffer, then as many zeros. */
const TEST_PAD = 4;

/** Where an entry lives in the bank. */
export interface DataEntry {
  /** Index of its first value in {@linkcode bankArray}. */
  readonly offset: number;
  /** Its number of values. */
  readonly length: number;
}

/** What the bank holds, from {@linkcode dataBankStats}. */
export interface DataBankStats {
  /** Doubles allocated (the array's length). */
  capacity: number;
  /** Doubles stored (the test buffer included). */
  used: number;
  /** Bytes allocated (`capacity · 8`). */
  bytes: number;
  /** Entries stored, the test buffer included. */
  entries: number;
  /** Times the array has doubled. */
  growths: number;
}

interface BankState {
  data: Float64Array;
  used: number;
  entries: number;
  growths: number;
  readonly keys: Map<string, DataEntry>;
}

const BANK_STATE = Symbol.for("lel.dataBank");
type BankGlobal = typeof globalThis & { [BANK_STATE]?: BankState };

/**
 * The bank's array as of the last {@linkcode storeData} or {@linkcode bankArray} in this module
 * copy: step functions read this binding (an imported live binding costs what a module
 * variable costs, unlike a `globalThis` lookup).
 */
export let bankData: Float64Array = state().data;

function state(): BankState {
  const g = globalThis as BankGlobal;
  let s = g[BANK_STATE];
  if (s === undefined) {
    const data = new Float64Array(DATA_BANK_INITIAL_SIZE);
    data.set(testBuffer(), DATA_BANK_TEST_OFFSET);
    const used = DATA_BANK_TEST_OFFSET + DATA_BANK_TEST_LENGTH + TEST_PAD;
    s = { data, used, entries: 1, growths: 0, keys: new Map() };
    g[BANK_STATE] = s;
  }
  return s;
}

/**
 * The test buffer: a sine of 16 values per turn at 0.5 under a decaying envelope,
 * `0.5 · sin(2π·i/16) · e^(−i/256)`, plus 0.1 on every 7th value (i mod 7 = 3) so that no two
 * periods are alike.
 */
function testBuffer(): Float64Array {
  return Float64Array.from(
    { length: DATA_BANK_TEST_LENGTH },
    (_, i) => 0.5 * Math.sin((2 * Math.PI * i) / 16) * Math.exp(-i / 256) + (i % 7 === 3 ? 0.1 : 0),
  );
}

/**
 * Stores read-only numbers in the bank and says where they are. With a `key`, storing the same
 * key again returns the first entry without copying (use a key that changes when the data
 * does, such as a sample's path, size, modification time and rate).
 *
 * May grow the bank (doubling and copying): call it when a helper is built, never while audio
 * renders.
 *
 * @param values The numbers (a `Float32Array` is widened exactly).
 * @param key Deduplicates: the same key gives the same entry.
 * @returns Its offset in {@linkcode bankArray} and its length.
 * @throws {RangeError} When the values do not fit in the largest array the bank may allocate.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const a = storeData([0.25, -0.5], "doc:example");
 * assert.equal(bankArray()[a.offset + 1], -0.5);
 * assert.equal(storeData([9, 9], "doc:example"), a); // deduplicated by key
 * ```
 */
export function storeData(values: ArrayLike<number>, key?: string): DataEntry {
  const s = state();
  if (key !== undefined) {
    const known = s.keys.get(key);
    if (known !== undefined) {
      bankData = s.data;
      return known;
    }
  }
  const length = values.length;
  const need = s.used + length;
  if (need > s.data.length) grow(s, need);
  s.data.set(values, s.used);
  const entry: DataEntry = { offset: s.used, length };
  s.used = need;
  s.entries++;
  if (key !== undefined) s.keys.set(key, entry);
  bankData = s.data;
  return entry;
}

/** The largest bank allowed, in doubles (4 GiB). */
const MAX_BANK = 2 ** 29;

function grow(s: BankState, need: number): void {
  if (need > MAX_BANK) {
    throw new RangeError(
      `Cannot store ${
        need - s.used
      } values in the data bank: it would hold ${need} doubles, more than ${MAX_BANK}; use shorter samples`,
    );
  }
  let size = s.data.length;
  while (size < need) size *= 2;
  const data = new Float64Array(Math.min(size, MAX_BANK));
  data.set(s.data.subarray(0, s.used));
  s.data = data;
  s.growths++;
}

/**
 * The bank's array now, for step functions (read at build time; the array is replaced when the
 * bank grows, so do not keep it past the next {@linkcode storeData}). Also refreshes
 * {@linkcode bankData}.
 *
 * @returns The array (read it, never write into it).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(bankArray()[DATA_BANK_TEST_OFFSET + 4], 0.5 * Math.exp(-4 / 256)); // a peak
 * ```
 */
export function bankArray(): Float64Array {
  bankData = state().data;
  return bankData;
}

/**
 * What the bank holds: its capacity, what is used, entries and growths.
 *
 * @returns The counts (capacity and used in doubles, bytes allocated).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const stats = dataBankStats();
 * assert.ok(stats.used > DATA_BANK_TEST_LENGTH && stats.used <= stats.capacity);
 * ```
 */
export function dataBankStats(): DataBankStats {
  const s = state();
  return {
    capacity: s.data.length,
    used: s.used,
    bytes: s.data.byteLength,
    entries: s.entries,
    growths: s.growths,
  };
}
