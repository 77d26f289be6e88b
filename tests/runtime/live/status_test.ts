import assert from "node:assert/strict";
import type { KnobInfo } from "../../../runtime/core/knobs.ts";
import { formatKnobValue, formatStatus, recentKnobs } from "../../../runtime/live/status.ts";

const base = {
  time: 65,
  master: { peak: 0.5, rms: 0.25 },
  signals: {},
  load: 0.12,
  underruns: 0,
  reloads: 2,
  lastError: undefined,
};

function knob(name: string, value: number, changedAt: number | undefined): KnobInfo {
  return {
    name,
    slot: 0,
    value,
    defined: true,
    default: 0,
    min: -Infinity,
    max: Infinity,
    curve: "linear",
    cc: undefined,
    changedAt,
  };
}

Deno.test("status: knobs that moved are shown after the meters, four at most", () => {
  assert.equal(
    formatStatus({
      ...base,
      knobs: [{ name: "cutoff", value: 1200 }, { name: "res", value: 0.3 }],
    }),
    "▶ 01:05  master -6.0 dB  load 12%  underruns 0  reloads 2  │ cutoff 1200  res 0.3",
  );
  const many = ["a", "b", "c", "d", "e", "f"].map((name, i) => ({ name, value: i }));
  assert.match(formatStatus({ ...base, knobs: many }), /│ a 0 {2}b 1 {2}c 2 {2}d 3 {2}\+2$/);
  assert.doesNotMatch(formatStatus({ ...base, knobs: [] }), /│/);
});

Deno.test("recentKnobs: defined knobs set from outside within the window, most recent first, no gate or velocity", () => {
  const knobs = [
    knob("old", 1, 1000),
    knob("never", 2, undefined),
    knob("cutoff", 1200, 9000),
    knob("res", 0.3, 9500),
    knob("midigate", 1, 9600),
    knob("midivel", 0.5, 9600),
    knob("midinote", 440, 9600),
    { ...knob("preset", 5, 9700), slot: undefined, defined: false }, // set, not defined: silent
  ];
  assert.deepEqual(recentKnobs(knobs, 10_000, 3000), [
    { name: "midinote", value: 440 },
    { name: "res", value: 0.3 },
    { name: "cutoff", value: 1200 },
  ]);
  assert.deepEqual(recentKnobs(knobs, 13_000, 3000), [], "the window has passed");
});

Deno.test("formatKnobValue: short, no exponent for everyday values", () => {
  const cases: [number, string][] = [
    [1200, "1200"],
    [20000, "20000"],
    [0.30000000000000004, "0.3"],
    [-0.125, "-0.125"],
    [632.4555, "632.5"],
    [8.1757989, "8.176"],
    [0, "0"],
  ];
  for (const [value, text] of cases) assert.equal(formatKnobValue(value), text);
});
