import { describe, expect, it } from "vitest";
import {
  HEADROOM,
  heldRange,
  LOOSEST,
  NEARLY_FULL,
  type Range,
  toZeroRange,
} from "../../src/app/explorer/axis-hold.ts";

describe("an axis held still while a value is dragged", () => {
  it("starts from the range the data needs", () => {
    expect(heldRange(undefined, [0, 2])).toEqual([0, 2]);
  });

  it("keeps its range while the data fits and fills most of it", () => {
    expect(heldRange([0, 10], [0, 9])).toEqual([0, 10]);
    expect(heldRange([0, 10], [0, 4])).toEqual([0, 10]);
    expect(heldRange([0, 10], [0, 10 * LOOSEST])).toEqual([0, 10]);
    expect(heldRange([-1, 3], [-0.5, 2.9])).toEqual([-1, 3]);
  });

  it("shrinks to the data, with headroom, when it has shrunk to a small part of the range", () => {
    const small = 10 * LOOSEST * 0.9;
    expect(heldRange([0, 10], [0, small])).toEqual([0, small * (1 + HEADROOM)]);
    const r = heldRange([-10, 10], [0.5, 1.5]);
    expect(r[0]).toBeCloseTo(0.5 - HEADROOM / 2, 12);
    expect(r[1]).toBeCloseTo(1.5 + HEADROOM / 2, 12);
  });

  it("grows with headroom on the side the data outgrew, and keeps the other side", () => {
    const r = heldRange([0, 10], [0, 12]);
    expect(r[0]).toBe(0);
    expect(r[1]).toBeCloseTo(12 + HEADROOM * 12, 12);
    const below = heldRange([0.8, 2.2], [0.5, 2.1]);
    expect(below[0]).toBeCloseTo(0.5 - HEADROOM * 1.6, 12);
    expect(below[1]).toBe(2.2);
  });

  it("grows with another axis's re-ranging once its data nearly fills it, and only then", () => {
    expect(heldRange([0, 10], [0, 6], true)).toEqual([0, 10]);
    const r = heldRange([0, 10], [0, 10 * NEARLY_FULL + 0.5], true);
    expect(r[0]).toBe(0);
    expect(r[1]).toBeCloseTo((10 * NEARLY_FULL + 0.5) * (1 + HEADROOM), 12);
    // Without another axis re-ranging, the same data keeps the range.
    expect(heldRange([0, 10], [0, 10 * NEARLY_FULL + 0.5])).toEqual([0, 10]);
    // A range from zero never reaches below it; a negative low end nearly reached grows too.
    expect(heldRange([0, 10], [0, 2], true)).toEqual([0, 10]);
    expect(heldRange([-10, 10], [-9, 1], true)[0]).toBeLessThan(-10);
  });

  it("always contains what the data needs", () => {
    // A drag along a log-scaled slider, up four decades and back, from every kind of start.
    let held: Range | undefined;
    let reRanged = 0;
    const levels = [...Array(201).keys()].map((k) => 10 ** (-2 + (4 * k) / 200));
    for (const u of [...levels, ...levels.slice().reverse()]) {
      const needed: Range = [0, u * 1.05];
      const next = heldRange(held, needed);
      expect(next[0]).toBeLessThanOrEqual(needed[0]);
      expect(next[1]).toBeGreaterThanOrEqual(needed[1]);
      // Never looser than the data needs by more than the limit below which it is fitted again.
      expect(needed[1] - needed[0]).toBeGreaterThanOrEqual(LOOSEST * (next[1] - next[0]) - 1e-12);
      if (held && (next[0] !== held[0] || next[1] !== held[1])) reRanged++;
      held = next;
    }
    // About three re-rangings a decade up and two down, not one per step (402 steps).
    expect(reRanged).toBeLessThan(25);
  });
});

describe("the range autorange gives lines that show zero", () => {
  it("runs from zero to the top, padded by 5 % of the span", () => {
    expect(toZeroRange(0.2, 1)).toEqual([0, 1.05]);
  });
  it("pads a negative low end too", () => {
    const [lo, hi] = toZeroRange(-1, 1);
    expect(lo).toBeCloseTo(-1.1, 12);
    expect(hi).toBeCloseTo(1.1, 12);
  });
  it("gives [0, 1] to data that is all zero or not finite", () => {
    expect(toZeroRange(0, 0)).toEqual([0, 1]);
    expect(toZeroRange(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY)).toEqual([0, 1]);
  });
});
