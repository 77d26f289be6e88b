import assert from "node:assert/strict";
import { panMono } from "../../../helpers/mix/pan.ts";
import { renderSignal } from "../../../runtime/core/offline.ts";
import { pan } from "../../../helpers/mix/pan.ts";
import { channelsOf } from "../../../runtime/core/signal_tag.ts";
import type { Context } from "../../../runtime/core/signal.ts";

const SR = 48000;
const POSITIONS = [-1, -0.75, -0.3, 0, 0.2, 0.5, 0.9, 1];

/** The W3C StereoPannerNode algorithm, with Math.cos/Math.sin. */
function spec(position: number, l: number, r: number | undefined): [number, number] {
  if (r === undefined) {
    const x = (position + 1) / 2;
    return [l * Math.cos(x * Math.PI / 2), l * Math.sin(x * Math.PI / 2)];
  }
  const x = position <= 0 ? position + 1 : position;
  const gl = Math.cos(x * Math.PI / 2);
  const gr = Math.sin(x * Math.PI / 2);
  return position <= 0 ? [l + r * gl, r * gr] : [l * gl, r + l * gr];
}

Deno.test("pan() spreads a mono input with equal power: L² + R² = x² (±1e-6) at every position", () => {
  for (const position of POSITIONS) {
    const [l, r] = renderSignal(pan(0.8, position), 2, { sampleRate: SR, channels: 2 });
    const power = l[1] * l[1] + r[1] * r[1];
    assert.ok(Math.abs(power - 0.64) < 1e-6, `position ${position}: ${power}`);
  }
});

Deno.test("pan() of a mono input matches the Web Audio formula computed with Math.cos/sin (±1e-7)", () => {
  for (const position of POSITIONS) {
    const [l, r] = renderSignal(pan(-0.6, position), 2, { sampleRate: SR, channels: 2 });
    const [el, er] = spec(position, -0.6, undefined);
    assert.ok(Math.abs(l[1] - el) < 1e-7 && Math.abs(r[1] - er) < 1e-7, `position ${position}`);
  }
  const [l, r] = renderSignal(pan(1, 0), 2, { sampleRate: SR, channels: 2 });
  assert.ok(Math.abs(l[1] - Math.SQRT1_2) < 1e-7 && Math.abs(r[1] - Math.SQRT1_2) < 1e-7);
});

Deno.test("pan() of a stereo input follows the Web Audio stereo branch (±1e-7)", () => {
  for (const position of POSITIONS) {
    const [l, r] = renderSignal(pan(() => [0.7, -0.3], position), 2, {
      sampleRate: SR,
      channels: 2,
    });
    const [el, er] = spec(position, 0.7, -0.3);
    assert.ok(Math.abs(l[1] - el) < 1e-7, `position ${position} left ${l[1]} vs ${el}`);
    assert.ok(Math.abs(r[1] - er) < 1e-7, `position ${position} right ${r[1]} vs ${er}`);
  }
});

Deno.test("pan() clamps positions beyond ±1, and its step treats NaN as the centre", () => {
  const at = (position: number | (() => number)) =>
    renderSignal(pan(1, position), 2, { sampleRate: SR, channels: 2 }).map((c) => c[1]);
  assert.deepEqual(at(5), at(1));
  assert.deepEqual(at(-3), at(-1));
  const nan = new Float64Array(2);
  const centre = new Float64Array(2);
  panMono(nan, 0.8, NaN);
  panMono(centre, 0.8, 0);
  assert.deepEqual(nan, centre);
});

Deno.test("pan() follows a position signal from hard left to hard right", () => {
  const sweep = (s: Context) => (s.frame < 10 ? -1 : 1);
  const [l, r] = renderSignal(pan(1, sweep), 20, { sampleRate: SR, channels: 2 });
  assert.ok(Math.abs(l[5] - 1) < 1e-7 && Math.abs(r[5]) < 1e-7);
  assert.ok(Math.abs(l[15]) < 1e-7 && Math.abs(r[15] - 1) < 1e-7);
});

Deno.test("pan() always outputs two channels; with more inputs it pans channels 0 and 1 and drops the rest", () => {
  assert.equal(channelsOf(pan(1, 0)), 2);
  const [l, r] = renderSignal(pan(() => [0.7, -0.3, 5, 5], 0.4), 2, {
    sampleRate: SR,
    channels: 2,
  });
  const [el, er] = spec(0.4, 0.7, -0.3);
  assert.ok(Math.abs(l[1] - el) < 1e-7 && Math.abs(r[1] - er) < 1e-7);
});
