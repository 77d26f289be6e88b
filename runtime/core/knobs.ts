/**
 * The knob store: named control values that sessions read by slot and the outside world (the
 * REPL, `deno task send`, OSC, MIDI) sets by name.
 *
 * A session defines a knob (`defineKnob("cutoff", { default: 800, min: 20, max: 20000 })`) and
 * gets a slot; the audio path reads `knobValues()[slot]`, one Float64Array that is created once
 * and never replaced, so a helper may keep it from build time and read it without allocating.
 * The store lives on `globalThis`, so a reload (a fresh import of the session) finds every
 * knob with its slot and its current value. Gliding to a new value is the reading helper's job;
 * the store holds the target.
 *
 * Rules:
 * - Defining is idempotent: the same name keeps its slot and its value. A changed spec updates
 *   min, max, curve, default and the CC mapping; a knob nobody set from outside follows its new
 *   default, one that was set keeps its value (clamped to the new range).
 * - Setting clamps to min..max and refuses NaN and ±Infinity.
 * - **The inputs from outside the session reach only defined knobs.** `.set` and `setKnob(…)`
 *   in a REPL block or a `deno task send`, OSC messages and MIDI control changes all follow one
 *   rule: a knob exists once a session (or a REPL block) defines it, and a name nobody defined
 *   is refused with {@linkcode checkKnobDefined}'s message, which names the knob and the
 *   defined ones (a typo on a controller or at the prompt says so instead of making a knob
 *   nothing reads). The REPL replies with the error; the OSC server drops the message and
 *   `live` logs one line; a CC reaches knobs through their `cc:` mapping, so only defined
 *   ones. The `setKnob` function itself is for the session's own code, which may preset a
 *   knob before the line that defines it: a name no session has defined yet keeps the value
 *   (unclamped, at most {@linkcode MAX_PENDING_KNOBS} such names) for the definition.
 * - `midinote`, `midigate`, `midivel`, `midibend` and `midicount` are reserved: defined when the
 *   store is created, kept by the MIDI input (see `inputs/midi_knobs.ts`); `defineKnob` on them
 *   returns their slot and ignores the spec.
 * @module
 */

import {
  checkKnobName,
  clampToKnob,
  type KnobCurve,
  type KnobSpec,
  type ResolvedKnobSpec,
  resolveKnobSpec,
  sameKnobSpec,
} from "./knob_spec.ts";

/** A knob as `listKnobs()` reports it. */
export interface KnobInfo {
  /** The knob's name (`cutoff`, `filter.q`), as `defineKnob` and `setKnob` take it. */
  name: string;
  /** Index into `knobValues()`, or `undefined` until a session defines the knob. */
  slot: number | undefined;
  /** Current value in the knob's units. */
  value: number;
  /** Whether a session defined it (or it is reserved). */
  defined: boolean;
  /** Value before anyone sets it, in the knob's units. */
  default: number;
  /** Lowest value, in the knob's units (setting clamps). */
  min: number;
  /** Highest value, in the knob's units (setting clamps). */
  max: number;
  /** Mapping of 0..1 (OSC `/norm`, MIDI CC) onto min..max. */
  curve: KnobCurve;
  /** The CC mapping, channel `undefined` meaning any. */
  cc: { channel: number | undefined; number: number } | undefined;
  /** `performance.now()` of the last set from outside, in ms; `undefined` if never set. */
  changedAt: number | undefined;
}

/** Knob slots; `knobValues()` has this many entries. */
export const MAX_KNOBS = 1024;

/** Names set before any session defines them that are kept at once (an OSC flood stops here). */
export const MAX_PENDING_KNOBS = 256;

/**
 * Knobs the MIDI input keeps: the held note in Hz, the gate (0/1), its velocity (0..1), the
 * pitch bend (−1..1) and a count of note-ons (0..{@linkcode MIDI_COUNT_WRAP} − 1, then 0 again),
 * which lets `midiTrig` see every note-on, legato ones included.
 */
export const RESERVED_KNOBS: readonly string[] = [
  "midinote",
  "midigate",
  "midivel",
  "midibend",
  "midicount",
];

/** `midicount` goes back to 0 here (2^24: exact in a double, and short on a listing). */
export const MIDI_COUNT_WRAP = 16777216;

const MIDI_0_HZ = 440 * Math.pow(2, -69 / 12);
const MIDI_127_HZ = 440 * Math.pow(2, 58 / 12);

interface KnobRecord {
  name: string;
  /** -1 until defined. */
  slot: number;
  spec: ResolvedKnobSpec;
  /** A pending knob's value (defined ones live in the array). */
  pending: number;
  external: boolean;
  changedAt: number | undefined;
}

interface KnobStore {
  values: Float64Array;
  byName: Map<string, KnobRecord>;
  used: number;
  pending: number;
  changes: number;
}

const STORE = Symbol.for("lel.knobs");
type StoreGlobal = typeof globalThis & { [STORE]?: KnobStore };

function store(): KnobStore {
  const g = globalThis as StoreGlobal;
  let s = g[STORE];
  if (s === undefined) {
    s = { values: new Float64Array(MAX_KNOBS), byName: new Map(), used: 0, pending: 0, changes: 0 };
    g[STORE] = s;
    defineReserved(s);
  }
  return s;
}

function defineReserved(s: KnobStore): void {
  const specs: ResolvedKnobSpec[] = [
    { default: 440, min: MIDI_0_HZ, max: MIDI_127_HZ, curve: "exp", cc: undefined },
    { default: 0, min: 0, max: 1, curve: "linear", cc: undefined },
    { default: 0, min: 0, max: 1, curve: "linear", cc: undefined },
    { default: 0, min: -1, max: 1, curve: "linear", cc: undefined },
    { default: 0, min: 0, max: MIDI_COUNT_WRAP - 1, curve: "linear", cc: undefined },
  ];
  RESERVED_KNOBS.forEach((name, i) => {
    const record: KnobRecord = {
      name,
      slot: s.used++,
      spec: specs[i],
      pending: 0,
      external: false,
      changedAt: undefined,
    };
    s.values[record.slot] = specs[i].default;
    s.byName.set(name, record);
  });
}

/**
 * Defines a knob (or updates its spec) and returns its slot in `knobValues()`.
 *
 * @param name Knob name (see {@linkcode isKnobName}).
 * @param spec Default, range in the knob's units, curve and MIDI CC.
 * @returns The slot, the same one for the same name on every call.
 * @throws {RangeError} For a bad name or spec, or when all {@linkcode MAX_KNOBS} slots are taken.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const slot = defineKnob("doc.cutoff", { default: 800, min: 20, max: 20000, curve: "exp" });
 * assert.equal(knobValues()[slot], 800);
 * setKnob("doc.cutoff", 1200);
 * assert.equal(defineKnob("doc.cutoff", { default: 500, min: 20, max: 20000 }), slot);
 * assert.equal(knobValues()[slot], 1200); // set from outside: kept across the reload
 * ```
 */
export function defineKnob(name: string, spec: KnobSpec = {}): number {
  checkKnobName("define", name);
  const s = store();
  const record = s.byName.get(name);
  if (record !== undefined && RESERVED_KNOBS.includes(name)) return record.slot;
  const resolved = resolveKnobSpec(name, spec);
  if (record !== undefined && record.slot >= 0) {
    if (sameKnobSpec(record.spec, resolved)) return record.slot;
    record.spec = resolved;
    s.values[record.slot] = record.external
      ? clampToKnob(s.values[record.slot], resolved)
      : resolved.default;
    s.changes++;
    return record.slot;
  }
  if (s.used >= MAX_KNOBS) {
    throw new RangeError(
      `Cannot define knob '${name}': all ${MAX_KNOBS} knob slots are taken; ` +
        `reuse the names of knobs you no longer need`,
    );
  }
  const slot = s.used++;
  if (record !== undefined) {
    // Set from outside before any session defined it: the value waited for this.
    record.slot = slot;
    record.spec = resolved;
    s.values[slot] = clampToKnob(record.pending, resolved);
    s.pending--;
  } else {
    s.byName.set(name, {
      name,
      slot,
      spec: resolved,
      pending: 0,
      external: false,
      changedAt: undefined,
    });
    s.values[slot] = resolved.default;
  }
  s.changes++;
  return slot;
}

/**
 * Checks that `setKnob(name, value)` would succeed, without setting anything.
 *
 * @param name Knob name.
 * @param value The value in the knob's units.
 * @throws {RangeError} For a bad name, a value that is not a finite number, or a new name when
 *   {@linkcode MAX_PENDING_KNOBS} undefined knobs are already waiting.
 */
export function checkKnobSet(name: string, value: number): void {
  checkKnobName("set", name);
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new RangeError(
      `Cannot set knob '${name}': the value must be a finite number, got '${String(value)}'`,
    );
  }
  const s = store();
  if (!s.byName.has(name) && s.pending >= MAX_PENDING_KNOBS) {
    throw new RangeError(
      `Cannot set knob '${name}': no session defines it and ${MAX_PENDING_KNOBS} such knobs ` +
        `are already waiting; define it in the session first`,
    );
  }
}

/** How many defined knobs a refusal lists before `+N more`. */
const LISTED_KNOBS = 12;

/**
 * Checks that a session (or a REPL block) has defined a knob, as every input from outside the
 * session (the REPL's `.set`, OSC, MIDI) requires before it sets one.
 *
 * @param name Knob name.
 * @throws {RangeError} Naming the knob and the defined ones (the reserved MIDI knobs left out)
 *   when none is defined by that name.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * defineKnob("doc.wet", { min: 0, max: 1 });
 * checkKnobDefined("doc.wet");
 * assert.throws(() => checkKnobDefined("doc.wte"), /^RangeError: Cannot set knob 'doc.wte': no session defines it/);
 * ```
 */
export function checkKnobDefined(name: string): void {
  const record = store().byName.get(name);
  if (record !== undefined && record.slot >= 0) return;
  const defined = [...store().byName.values()]
    .filter((r) => r.slot >= 0 && !RESERVED_KNOBS.includes(r.name))
    .map((r) => r.name);
  const listed = defined.length === 0
    ? "no knob is defined yet"
    : `defined: ${defined.slice(0, LISTED_KNOBS).join(", ")}${
      defined.length > LISTED_KNOBS ? `, +${defined.length - LISTED_KNOBS} more` : ""
    }`;
  throw new RangeError(
    `Cannot set knob '${name}': no session defines it (${listed}); check the spelling, or ` +
      `define it first, e.g. 'knob ${name} 0.5'`,
  );
}

/**
 * Sets a knob, clamped to its range. The inputs from outside the session call
 * {@linkcode checkKnobDefined} first (see the module doc).
 *
 * @param name Knob name; one no session defines yet keeps the value until one does.
 * @param value The value in the knob's units.
 * @returns The value now held (after clamping).
 * @throws {RangeError} As {@linkcode checkKnobSet}.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * defineKnob("doc.mix", { min: 0, max: 1 });
 * assert.equal(setKnob("doc.mix", 1.5), 1);
 * assert.throws(() => setKnob("doc.mix", NaN), /finite number, got 'NaN'/);
 * ```
 */
export function setKnob(name: string, value: number): number {
  checkKnobSet(name, value);
  const s = store();
  let record = s.byName.get(name);
  if (record === undefined) {
    record = {
      name,
      slot: -1,
      spec: resolveKnobSpec(name, {}),
      pending: 0,
      external: false,
      changedAt: undefined,
    };
    s.byName.set(name, record);
    s.pending++;
  }
  record.external = true;
  record.changedAt = performance.now();
  s.changes++;
  if (record.slot < 0) return record.pending = value;
  return s.values[record.slot] = clampToKnob(value, record.spec);
}

/**
 * The values the audio path reads, by slot: one array for the life of the process.
 *
 * @returns A Float64Array of {@linkcode MAX_KNOBS} values (unused slots hold 0).
 */
export function knobValues(): Float64Array {
  return store().values;
}

/**
 * A knob's slot.
 *
 * @param name Knob name.
 * @returns The slot, or `undefined` when no session defined it.
 */
export function knobSlot(name: string): number | undefined {
  const record = store().byName.get(name);
  return record === undefined || record.slot < 0 ? undefined : record.slot;
}

/**
 * One knob's state.
 *
 * @param name Knob name.
 * @returns What {@linkcode listKnobs} says about it, or `undefined` when nobody defined or set it.
 */
export function getKnob(name: string): KnobInfo | undefined {
  const record = store().byName.get(name);
  return record === undefined ? undefined : info(record);
}

/**
 * Every knob, defined or waiting, in the order they were first named.
 *
 * @returns Name, value, range, curve, CC and the time of the last set from outside.
 */
export function listKnobs(): KnobInfo[] {
  return [...store().byName.values()].map(info);
}

/**
 * The knobs a MIDI control change moves.
 *
 * @param channel MIDI channel 1..16.
 * @param controller Controller number 0..127.
 * @returns Their names (often none).
 */
export function knobsOnCc(channel: number, controller: number): string[] {
  const names: string[] = [];
  for (const record of store().byName.values()) {
    const cc = record.spec.cc;
    if (
      record.slot >= 0 && cc !== undefined && cc.number === controller &&
      (cc.channel === undefined || cc.channel === channel)
    ) names.push(record.name);
  }
  return names;
}

/**
 * A counter that goes up on every change to any knob's value or spec (to notice changes
 * without comparing values).
 *
 * @returns The count since the process started.
 */
export function knobChangeCount(): number {
  return store().changes;
}

/** Forgets every knob but the reserved ones, which go back to their defaults (for tests). */
export function resetKnobs(): void {
  const s = store();
  s.values.fill(0);
  s.byName.clear();
  s.used = 0;
  s.pending = 0;
  s.changes++;
  defineReserved(s);
}

function info(r: KnobRecord): KnobInfo {
  const { spec } = r;
  return {
    name: r.name,
    slot: r.slot < 0 ? undefined : r.slot,
    value: r.slot < 0 ? r.pending : store().values[r.slot],
    defined: r.slot >= 0,
    default: spec.default,
    min: spec.min,
    max: spec.max,
    curve: spec.curve,
    cc: spec.cc === undefined ? undefined : { ...spec.cc },
    changedAt: r.changedAt,
  };
}
