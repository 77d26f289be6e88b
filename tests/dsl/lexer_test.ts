/**
 * The lexer: token kinds and spans, units, note frequencies, comments, line breaks (and
 * their suppression inside parentheses), interpolations, and what it refuses.
 * @module
 */

import assert from "node:assert/strict";
import { DslSyntaxError, noteToHz, Source, tokenize } from "../../mod.ts";

function kinds(text: string | string[]): string[] {
  return tokenize(new Source(text)).map((t) => (t.kind === "name" ? `name:${t.name}` : t.kind));
}

Deno.test("noteToHz() follows 12-TET with A4 = 440 Hz for every note name in octaves 0..9", () => {
  const classes: [string, number][] = [
    ["c", 0],
    ["c#", 1],
    ["db", 1],
    ["d", 2],
    ["d#", 3],
    ["eb", 3],
    ["e", 4],
    ["fb", 4],
    ["e#", 5],
    ["f", 5],
    ["f#", 6],
    ["gb", 6],
    ["g", 7],
    ["g#", 8],
    ["ab", 8],
    ["a", 9],
    ["a#", 10],
    ["bb", 10],
    ["b", 11],
    ["cb", -1],
    ["b#", 12],
  ];
  let checked = 0;
  for (let octave = 0; octave <= 9; octave++) {
    for (const [name, semitone] of classes) {
      const midi = 12 * (octave + 1) + semitone;
      const expected = 440 * Math.pow(2, (midi - 69) / 12);
      for (const spelled of [name + octave, name[0].toUpperCase() + name.slice(1) + octave]) {
        const hz = noteToHz(spelled);
        assert.ok(hz !== undefined && Math.abs(hz - expected) <= 1e-9 * expected, spelled);
        checked++;
      }
    }
  }
  assert.equal(checked, 420);
  assert.equal(noteToHz("a4"), 440);
  assert.equal(noteToHz("a0"), 27.5);
});

Deno.test("noteToHz() refuses what is not a note", () => {
  for (const text of ["h4", "a", "a10", "a#", "abc", "a-1", "", "4a", "c##4"]) {
    assert.equal(noteToHz(text), undefined, text);
  }
});

Deno.test("a line lexes into name, colon, values, pipes, parentheses and a key", () => {
  assert.deepEqual(kinds("w: saw 110 |> lpf@k (sin a4) 0.7"), [
    "name:w",
    "colon",
    "name:saw",
    "number",
    "pipe",
    "name:lpf",
    "key",
    "lparen",
    "name:sin",
    "note",
    "rparen",
    "number",
    "eof",
  ]);
});

Deno.test("numbers keep their value and unit apart; units are case-insensitive", () => {
  const tokens = tokenize(new Source("-12dB 2.5kHz 250ms .5 -0.25 1e3 50% 3S"));
  assert.deepEqual(
    tokens.slice(0, -1).map((t) => [t.value, t.unit]),
    [[-12, "db"], [2.5, "khz"], [250, "ms"], [0.5, undefined], [-0.25, undefined], [
      1000,
      undefined,
    ], [
      50,
      "%",
    ], [3, "s"]],
  );
  assert.deepEqual(tokens.slice(0, 2).map((t) => [t.start, t.end]), [[0, 5], [6, 12]]);
});

Deno.test("comments run to the end of the line; c#3 is a note, not a comment", () => {
  assert.deepEqual(kinds("a: sin c#3 # rest ) ( |>\nb: saw 1 // also"), [
    "name:a",
    "colon",
    "name:sin",
    "note",
    "newline",
    "name:b",
    "colon",
    "name:saw",
    "number",
    "eof",
  ]);
});

Deno.test("line breaks are tokens, except inside parentheses; \\r is whitespace", () => {
  assert.deepEqual(kinds("a: (sin 3\r\n |> mul 2)\r\nb"), [
    "name:a",
    "colon",
    "lparen",
    "name:sin",
    "number",
    "pipe",
    "name:mul",
    "number",
    "rparen",
    "newline",
    "name:b",
    "eof",
  ]);
});

Deno.test("each ${…} becomes one interpolation token with its index and span", () => {
  const source = new Source(["a: saw ", " |> pan ", ""]);
  assert.equal(source.text, "a: saw ${…} |> pan ${…}");
  const holes = tokenize(source).filter((t) => t.kind === "interpolation");
  assert.deepEqual(holes.map((t) => [t.index, t.start, t.end]), [[0, 7, 11], [1, 19, 23]]);
});

Deno.test("a literal '${' typed in DSL text is not an interpolation", () => {
  assert.throws(() => tokenize(new Source("a: saw ${…}")), {
    name: "DslSyntaxError",
    message: "Unexpected character '$'; a line reads 'name: helper args |> helper args'",
  });
});

Deno.test("an unexpected character is quoted whole, even outside the BMP, at its column", () => {
  try {
    tokenize(new Source("a: saw 55 🎵"));
    assert.fail("expected an error");
  } catch (error) {
    assert.ok(error instanceof DslSyntaxError);
    assert.equal(
      error.message,
      "Unexpected character '🎵'; a line reads 'name: helper args |> helper args'",
    );
    assert.equal(error.column, 11);
    assert.equal(error.frame, "1 | a: saw 55 🎵\n  |           ^^");
  }
});

Deno.test("an unknown unit names the suffix and the units there are", () => {
  assert.throws(() => tokenize(new Source("a: delay 3min")), {
    message: "Unknown unit 'min' in '3min'; use hz, khz, ms, s, db, %, b (beats), bar or bpm",
  });
});
