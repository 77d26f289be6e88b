/**
 * Seeded generators of mini-notation patterns for fuzz tests: random strings over the pattern
 * alphabet, random valid patterns (every feature, nested), and mutations of them. The DSL's
 * fuzz test can reuse them for pattern strings.
 * @module
 */

/** Random pattern text, reproducible from a seed. */
export interface PatternGenerator {
  /** Up to 24 random tokens of the pattern alphabet (mostly invalid). */
  randomString(): string;
  /** A random valid pattern using every feature. */
  valid(): string;
  /** `text` with 1 to 3 random deletions, insertions, replacements or duplications. */
  mutate(text: string): string;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ["a", "b", "c3", "c#3", "eb4", "a1", "x", "x", "~", "-", "0", "1", "-0.5", ".5"];
const TOKENS = [
  ...WORDS,
  ..." [ ] < > { } ( ) , | . * / ! @ _ ? % : ^ # 2 3 8 1.5 -1 e h bd".split(" "),
  " ",
  " ",
  "\t",
  "\n",
  "é",
  "🎵",
  "$",
  "'",
  '"',
  "..",
  "\u00A0",
];

/**
 * Makes a generator.
 *
 * @param seed Any 32-bit integer; the same seed gives the same sequence of patterns.
 * @returns The generator.
 */
export function patternGenerator(seed: number): PatternGenerator {
  const random = mulberry32(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];

  function randomString(): string {
    let s = "";
    for (let n = int(24); n > 0; n--) s += pick(TOKENS);
    return s;
  }

  function factor(depth: number): string {
    if (depth > 1 || random() < 0.7) return pick(["2", "3", "1.5", "0.5", "4", "0", "~"]);
    return `<${pick(["1", "2"])} ${pick(["2", "3", "1.5"])}>`;
  }

  function slice(depth: number): string {
    const r = random();
    if (depth > 2 || r < 0.55) return pick(WORDS);
    if (r < 0.75) return `[${layers(depth + 1, ",|.")}]`;
    if (r < 0.9) return `<${layers(depth + 1, ",")}>`;
    return `{${layers(depth + 1, ",")}}${random() < 0.4 ? `%${pick(["2", "3", "4"])}` : ""}`;
  }

  function step(depth: number): string {
    let s = slice(depth);
    for (let n = int(3); n > 0; n--) {
      const r = random();
      if (r < 0.2) s += `*${factor(depth)}`;
      else if (r < 0.35) s += `/${factor(depth)}`;
      else if (r < 0.5) s += pick(["!", "!2", "!3", " !"]);
      else if (r < 0.65) s += pick(["@2", "@1.5", " _", "@3"]);
      else if (r < 0.75) s += pick(["?", "?0.3"]);
      else {
        const steps = pick([4, 5, 8, 16]);
        const pulses = pick([1, 3, -3, steps]);
        s += random() < 0.5 ? `(${pulses},${steps})` : `(<${pulses} 2>,${steps},${int(5) - 2})`;
      }
    }
    return s;
  }

  function layers(depth: number, separators: string): string {
    const seq = () => Array.from({ length: 1 + int(4) }, () => step(depth)).join(" ");
    const sep = pick([...separators]);
    return Array.from({ length: random() < 0.7 ? 1 : 2 + int(2) }, seq).join(` ${sep} `);
  }

  function mutate(s: string): string {
    for (let n = 1 + int(3); n > 0; n--) {
      const i = int(s.length + 1);
      const r = random();
      if (r < 0.3) s = s.slice(0, i) + s.slice(i + 1);
      else if (r < 0.6) s = s.slice(0, i) + pick(TOKENS) + s.slice(i);
      else if (r < 0.8) s = s.slice(0, i) + pick(TOKENS) + s.slice(i + 1);
      else s = s.slice(0, i) + s.slice(int(s.length), int(s.length) + 4) + s.slice(i);
    }
    return s;
  }

  return { randomString, valid: () => layers(0, ",|."), mutate };
}
