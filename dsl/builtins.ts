/**
 * Registers every core helper with the DSL: its name, its parameters in the order a pipe
 * writes them (the piped input first) and what each means, so units are checked and
 * messages can name them. Importing this module fills the shared registry.
 *
 * Where the TypeScript signature does not read well in a pipe, the DSL form differs and
 * `toCall` maps it back:
 * - `delay time [maxTime]` → `delay(input, maxTime, time)`; `maxTime` defaults to 2 s, or to
 *   `ceil(time)` for a constant time above 2 s, so editing the time glides instead of
 *   starting a new (silent) delay line;
 * - `feedback time amount [maxTime]` → `feedback(input, maxTime, time, amount)`, likewise;
 * - `perc decay [attack]` → `perc(trigger, decay, { attack })`;
 * - `slew time [fall]` → `slew(input, time, { fall })`;
 * - `noise [seed]` → `noise({ seed })`;
 * - `mix (a) (b) …` → `mix(input, a, b, …)`.
 * @module
 */

import {
  bpf,
  delay,
  feedback,
  gain,
  gainDb,
  highpass,
  hpf,
  lowpass,
  lpf,
  mix,
  noise,
  notch,
  pan,
  perc,
  phasor,
  pulse,
  reverb,
  saw,
  sin,
  slew,
  square,
  tremolo,
  tri,
} from "../helpers/mod.ts";
import { add, mul, range } from "../helpers/mix/math.ts";
import type { CallArgs, LoweredArg } from "./lower.ts";
import { type HelperRegistry, helperRegistry, type ParamSpec } from "./registry.ts";

/** Longest delay line the DSL's `delay` and `feedback` get by default, in seconds. */
export const DEFAULT_MAX_TIME = 2;

const input: ParamSpec = { name: "input", kind: "signal" };
const freq: ParamSpec = { name: "freq", kind: "frequency" };
const cutoff: ParamSpec = { name: "cutoff", kind: "frequency" };
const resonance: ParamSpec = {
  name: "resonance",
  kind: "unitless",
  unit: "0..1",
  optional: true,
};
const maxTime: ParamSpec = { name: "maxTime", kind: "time", optional: true, constant: true };

/**
 * Adds the core helpers to a registry.
 *
 * @param registry Where to add them.
 */
export function installBuiltins(registry: HelperRegistry): void {
  for (
    const [name, factory] of [["sin", sin], ["saw", saw], ["tri", tri], [
      "square",
      square,
    ], ["phasor", phasor]] as const
  ) {
    registry.define(name, factory, { params: [freq] });
  }
  registry.define("pulse", pulse, {
    params: [freq, { name: "width", kind: "unitless", unit: "0..1", optional: true }],
  });
  registry.define("noise", noise, {
    params: [{ name: "seed", kind: "unitless", optional: true, constant: true }],
    toCall: ([seed]) => ({ args: [], options: seed === undefined ? undefined : { seed } }),
  });
  registry.define("lowpass", lowpass, { params: [input, cutoff] });
  registry.define("highpass", highpass, { params: [input, cutoff] });
  for (const [name, factory] of [["lpf", lpf], ["hpf", hpf], ["bpf", bpf], ["notch", notch]]) {
    registry.define(name as string, factory as typeof lpf, { params: [input, cutoff, resonance] });
  }
  registry.define("delay", delay, {
    params: [input, { name: "time", kind: "time" }, maxTime],
    toCall: ([x, time, max]) => ({ args: [x, max ?? defaultMaxTime(time!), time] }),
  });
  registry.define("feedback", feedback, {
    params: [input, { name: "time", kind: "time" }, { name: "amount", kind: "gain" }, maxTime],
    toCall: ([x, time, amount, max]) => ({
      args: [x, max ?? defaultMaxTime(time!), time, amount],
    }),
  });
  registry.define("reverb", reverb, {
    params: [
      input,
      { name: "time", kind: "time" },
      { name: "damping", kind: "unitless", unit: "0..1", optional: true },
      { name: "mix", kind: "unitless", unit: "0..1", optional: true },
    ],
  });
  registry.define("tremolo", tremolo, {
    params: [
      input,
      { name: "rate", kind: "frequency" },
      { name: "depth", kind: "unitless", unit: "0..1", optional: true },
    ],
  });
  registry.define("slew", slew, {
    params: [input, { name: "time", kind: "time" }, {
      name: "fall",
      kind: "time",
      optional: true,
    }],
    toCall: ([x, time, fall]) => withOptions([x, time], { fall }),
  });
  registry.define("perc", perc, {
    params: [{ name: "trigger", kind: "signal" }, { name: "decay", kind: "time" }, {
      name: "attack",
      kind: "time",
      optional: true,
    }],
    toCall: ([trigger, decay, attack]) => withOptions([trigger, decay], { attack }),
  });
  registry.define("gain", gain, { params: [input, { name: "amount", kind: "gain" }] });
  registry.define("gainDb", gainDb, { params: [input, { name: "level", kind: "decibels" }] });
  registry.define("pan", pan, {
    params: [input, { name: "position", kind: "unitless", unit: "-1..1" }],
  });
  registry.define("mix", mix, {
    params: [input],
    rest: { name: "signals", kind: "signal" },
  });
  registry.define("range", range, {
    params: [input, { name: "lo", kind: "any" }, { name: "hi", kind: "any" }],
    options: false,
  });
  registry.define("mul", mul, { params: [input, { name: "factor", kind: "any" }], options: false });
  registry.define("add", add, { params: [input, { name: "offset", kind: "any" }], options: false });
}

/** `maxTime` for a delay whose time is `time`: 2 s, or `ceil(time)` for a longer constant. */
function defaultMaxTime(time: LoweredArg): LoweredArg {
  const value = time.kind === "number" && time.value > DEFAULT_MAX_TIME
    ? Math.ceil(time.value)
    : DEFAULT_MAX_TIME;
  return { kind: "number", value, span: time.span };
}

function withOptions(
  args: (LoweredArg | undefined)[],
  options: Record<string, LoweredArg | undefined>,
): CallArgs {
  const given = Object.entries(options).filter((e): e is [string, LoweredArg] =>
    e[1] !== undefined
  );
  return { args, options: given.length === 0 ? undefined : Object.fromEntries(given) };
}

installBuiltins(helperRegistry);
