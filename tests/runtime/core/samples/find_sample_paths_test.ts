/**
 * `findSamplePaths` on golden sources: which literals name samples and which do not.
 * @module
 */

import assert from "node:assert/strict";
import { findSamplePaths } from "../../../../runtime/core/samples/find_sample_paths.ts";

const CASES: [name: string, source: string, expected: string[]][] = [
  ["double and single quotes", `sample(t, "kick.wav"); sample(t, 'snare.wav');`, [
    "kick.wav",
    "snare.wav",
  ]],
  ["a plain template literal", "sample(t, `kit/hat.wav`);", ["kit/hat.wav"]],
  ["the DSL inside a tagged template", 'lel`\n  k: trig "x ~ x ~" |> sample "kick.wav"\n`;', [
    "kick.wav",
  ]],
  ["any case of the extension", `a("A.WAV"); b("b.Wav");`, ["A.WAV", "b.Wav"]],
  ["relative and absolute paths", `a("../kit/clap.wav"); b("/s/k.wav");`, [
    "../kit/clap.wav",
    "/s/k.wav",
  ]],
  ["each path once, first appearance first", `a("b.wav"); a("a.wav"); a("b.wav");`, [
    "b.wav",
    "a.wav",
  ]],
  ["escapes undone", String.raw`a("it\"s.wav"); b('don\'t.wav'); c("C:\\kit\\k.wav");`, [
    'it"s.wav',
    "don't.wav",
    "C:\\kit\\k.wav",
  ]],
  ["line and block comments skipped", `// sample("old.wav")\n/* "older.wav" */ a("new.wav");`, [
    "new.wav",
  ]],
  ["a quote inside a comment does not open a string", `// it's\na("k.wav");`, ["k.wav"]],
  ["not a .wav", `a("kick.mp3"); b("wav"); c(".wav"); d("kick.wav.txt");`, []],
  ["a template with a substitution is not a literal path", "a(`${dir}/kick.wav`);", []],
  [
    "literals inside a substitution are found",
    'lel`k: ${sample(t, "in.wav")} |> sample "out.wav"`;',
    [
      "in.wav",
      "out.wav",
    ],
  ],
  ["nested braces inside a substitution", 'lel`${(() => { return "x.wav"; })()} "y.wav"`;', [
    "x.wav",
    "y.wav",
  ]],
  ["a string across a newline is not a path", 'a("broken\nkick.wav");', []],
  ["an unterminated string at the end", 'a("kick.wav', []],
];

for (const [name, source, expected] of CASES) {
  Deno.test(`findSamplePaths(): ${name}`, () => {
    assert.deepEqual(findSamplePaths(source), expected);
  });
}
