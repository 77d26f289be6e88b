/**
 * Renders lel's sample kit — `kick.wav`, `snare.wav`, `hat.wav`, `clap.wav` in this folder —
 * from lel's own synthesis, so where the kit came from is plain to read and anyone can make it
 * again bit for bit: `deno task kit`.
 *
 * Every sound is one chain of lel's helpers rendered offline with `renderSignal` at 48 kHz,
 * normalised to a −1 dBFS peak and written as 16-bit mono PCM (no dither, so the bytes are
 * reproducible). tests/runtime/core/samples/kit_test.ts renders them again and compares.
 * @module
 */

import {
  add,
  bpf,
  encodeWav,
  hpf,
  lpf,
  mix,
  mul,
  noise,
  perc,
  renderSignal,
  type Signal,
  sin,
  square,
} from "../../mod.ts";
import { readTaskArgs } from "../../tools/task_flags.ts";

/** The kit's sample rate in hertz. */
export const KIT_SAMPLE_RATE = 48000;

/** The peak every sound is normalised to, in dBFS. */
export const KIT_PEAK_DB = -1;

/** One sound of the kit: its file name, length and chain. */
export interface KitSound {
  /** File name in this folder. */
  readonly file: string;
  /** Length in seconds. */
  readonly seconds: number;
  /** Builds the sound's signal (called right before rendering). */
  readonly build: () => Signal;
}

/** A one-shot envelope: fires at the first frame, rises in `attack`, −60 dB after `decay` s. */
function hit(decay: number, attack = 0): Signal {
  return perc(1, decay, { attack });
}

/** A trigger that rises at each of `times` (seconds) and falls 1 ms later. */
function triggersAt(times: readonly number[]): Signal {
  const starts = times.map((t) => Math.round(t * KIT_SAMPLE_RATE));
  const width = Math.round(0.001 * KIT_SAMPLE_RATE);
  return (s) => {
    for (const start of starts) if (s.frame >= start && s.frame < start + width) return 1;
    return 0;
  };
}

/**
 * Kick: a sine whose pitch falls from 205 to 45 Hz in the first ~40 ms (an exponential pitch
 * envelope), a 0.45 s body, and a 2 kHz-and-up noise click for the beater.
 */
function kick(): Signal {
  const pitch = add(mul(hit(0.12), 160), 45);
  const body = mul(sin(pitch), hit(0.45, 0.0005));
  const click = mul(hpf(noise({ seed: 11 }), 2000), mul(hit(0.008), 0.25));
  return mix(body, click);
}

/**
 * Snare: two drum-head partials (180 Hz with a short pitch dip from 240 Hz, and 330 Hz) under
 * a band of noise from 1.5 to 9 kHz for the wires, which rings longer than the head.
 */
function snare(): Signal {
  const head = mul(sin(add(mul(hit(0.05), 60), 180)), mul(hit(0.12, 0.0005), 0.7));
  const overtone = mul(sin(330), mul(hit(0.08, 0.0005), 0.35));
  const wires = mul(lpf(hpf(noise({ seed: 22 }), 1500), 9000), mul(hit(0.25, 0.0005), 1.2));
  return mix(head, overtone, wires);
}

/**
 * Closed hat: the TR-808's six square oscillators (205.3 … 800 Hz, inharmonic) and a little
 * noise through two 7 kHz highpasses and a 10 kHz band, choked after 60 ms.
 */
function hat(): Signal {
  const metal = mix(...[205.3, 304.4, 369.6, 522.7, 540, 800].map((f) => square(f)));
  const source = mix(mul(metal, 0.3), mul(noise({ seed: 33 }), 0.6));
  const bright = add(bpf(hpf(hpf(source, 7000), 7000), 10000, 0.3), hpf(source, 9000));
  return mul(bright, hit(0.06));
}

/**
 * Clap: noise in a 1.2 kHz band (600 Hz highpass), struck by four quick bursts 11–12 ms apart
 * (several hands, never quite together) and then a 0.3 s room tail from the last one.
 */
function clap(): Signal {
  const band = bpf(hpf(noise({ seed: 44 }), 600), 1200, 0.35);
  const bursts = perc(triggersAt([0, 0.011, 0.023, 0.034]), 0.03, { attack: 0.0003 });
  const tail = mul(perc(triggersAt([0.034]), 0.3, { attack: 0.002 }), 0.45);
  return mul(band, add(bursts, tail));
}

/** The kit, in the order the files are written. */
export const KIT: readonly KitSound[] = [
  { file: "kick.wav", seconds: 0.5, build: kick },
  { file: "snare.wav", seconds: 0.35, build: snare },
  { file: "hat.wav", seconds: 0.12, build: hat },
  { file: "clap.wav", seconds: 0.4, build: clap },
];

/**
 * Renders one sound, normalised to {@linkcode KIT_PEAK_DB}.
 *
 * @param sound The sound.
 * @returns Its samples at {@linkcode KIT_SAMPLE_RATE}, in double precision.
 */
export function renderKitSound(sound: KitSound): Float64Array {
  const frames = Math.round(sound.seconds * KIT_SAMPLE_RATE);
  const [x] = renderSignal(sound.build(), frames, { sampleRate: KIT_SAMPLE_RATE });
  let peak = 0;
  for (const v of x) peak = Math.max(peak, Math.abs(v));
  const scale = 10 ** (KIT_PEAK_DB / 20) / peak;
  for (let i = 0; i < frames; i++) x[i] *= scale;
  return x;
}

/**
 * The WAV file of one sound: 16-bit mono PCM, no dither.
 *
 * @param sound The sound.
 * @returns The file's bytes.
 */
export function kitWav(sound: KitSound): Uint8Array {
  return encodeWav([renderKitSound(sound)], KIT_SAMPLE_RATE, { format: "s16" });
}

/** `deno task kit --help`. */
export const KIT_HELP =
  `Render lel's sample kit from its own synthesis: kick.wav, snare.wav, hat.wav and clap.wav in
sessions/samples/, 16-bit mono at 48 kHz, normalised to a -1 dBFS peak (replacing the files).

Usage: deno task kit

Options:
  -h, --help   This text

The same code renders the same bytes every time; tests/runtime/samples/kit_test.ts checks it.`;

if (import.meta.main) {
  readTaskArgs("kit", KIT_HELP, {});
  for (const sound of KIT) {
    const url = new URL(sound.file, import.meta.url);
    const bytes = kitWav(sound);
    Deno.writeFileSync(url, bytes);
    console.log(`wrote ${url.pathname} (${sound.seconds} s, ${bytes.length} bytes)`);
  }
}
