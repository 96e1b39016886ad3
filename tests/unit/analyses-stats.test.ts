import { describe, expect, it } from "vitest";
import {
  checkSeed,
  createRandom,
  differenceCI,
  histogram,
  meanCI,
  nextSeed,
  studentTCdf,
  studentTQuantile,
} from "../../src/engine/index.ts";

describe("seeded random numbers", () => {
  it("gives the same stream for the same seed and a different one for another", () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const xa = Array.from({ length: 20 }, () => a.uniform());
    const xb = Array.from({ length: 20 }, () => b.uniform());
    const xc = Array.from({ length: 20 }, () => c.uniform());
    expect(xb).toEqual(xa);
    expect(xc).not.toEqual(xa);
  });

  it("is MT19937: seed 5489 starts with the reference outputs 3499211612, 581869302", () => {
    // uniform() = (first >>> 5 · 2²⁶ + second >>> 6) / 2⁵³, from the reference generator's first two words.
    const expected = (Math.floor(3499211612 / 32) * 2 ** 26 + Math.floor(581869302 / 64)) / 2 ** 53;
    expect(createRandom(5489).uniform()).toBe(expected);
    // The same 53-bit construction as NumPy's legacy generator: np.random.RandomState(1).random_sample().
    expect(createRandom(1).uniform()).toBe(0.417022004702574);
  });

  it("draws uniform numbers in [0, 1) and standard normals with mean 0, sd 1", () => {
    const r = createRandom(7);
    const n = 20000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      const z = r.normal();
      s += z;
      s2 += z * z;
    }
    // Standard errors: mean 1/√n = 0.007, variance √(2/n) = 0.01; 4 SE each.
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.04);
  });

  it("accepts whole seeds from 0 to 2³² − 1 only, and wraps 'run again'", () => {
    expect(checkSeed(0)).toBeNull();
    expect(checkSeed(2 ** 32 - 1)).toBeNull();
    expect(checkSeed(-1)).toMatch(/seed/);
    expect(checkSeed(1.5)).toMatch(/seed/);
    expect(checkSeed(2 ** 32)).toMatch(/seed/);
    expect(nextSeed(5)).toBe(6);
    expect(nextSeed(2 ** 32 - 1)).toBe(0);
    // Seeds on either side of 2³¹ give different streams.
    expect(createRandom(2 ** 31).uniform()).not.toBe(createRandom(0).uniform());
  });
});

describe("t distribution", () => {
  it("matches table quantiles to 1e-6", () => {
    // Two-sided 95 % critical values (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2).
    const table: [number, number][] = [
      [1, 12.706205],
      [2, 4.302653],
      [5, 2.570582],
      [9, 2.262157],
      [10, 2.228139],
      [19, 2.093024],
      [30, 2.042272],
      [100, 1.983972],
      [199, 1.971957],
    ];
    for (const [df, t] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 6);
    expect(studentTQuantile(0.995, 10)).toBeCloseTo(3.169273, 6);
    expect(studentTQuantile(0.025, 9)).toBeCloseTo(-2.262157, 6);
    expect(studentTQuantile(0.975, 1e7)).toBeCloseTo(1.959964, 5);
    // One-sided 95 % values of the same table.
    expect(studentTQuantile(0.95, 5)).toBeCloseTo(2.015048, 6);
    expect(studentTQuantile(0.95, 30)).toBeCloseTo(1.697261, 6);
  });

  it("gives the table's probabilities back from its critical values", () => {
    expect(studentTCdf(12.706205, 1)).toBeCloseTo(0.975, 7);
    expect(studentTCdf(2.228139, 10)).toBeCloseTo(0.975, 7);
    expect(studentTCdf(-2.042272, 30)).toBeCloseTo(0.025, 7);
    expect(studentTCdf(1.697261, 30)).toBeCloseTo(0.95, 7);
  });

  it("names the bad argument", () => {
    expect(() => studentTQuantile(1, 5)).toThrow(/probability must be between 0 and 1, not 1/);
    expect(() => studentTQuantile(0.9, 0)).toThrow(/degrees of freedom must be positive, not 0/);
    expect(() => studentTCdf(1, -2)).toThrow(/degrees of freedom must be positive, not -2/);
  });

  it("has a CDF that inverts the quantile, also for fractional df (Welch)", () => {
    for (const df of [1.5, 7.3, 48.9]) {
      for (const p of [0.6, 0.9, 0.975, 0.999]) expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 10);
    }
    expect(studentTCdf(0, 4)).toBeCloseTo(0.5, 14);
    // df = 1 is the Cauchy distribution: P(T ≤ 1) = 3/4.
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 12);
  });
});

describe("confidence intervals and histograms", () => {
  it("gives mean ± t·s/√n", () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const ci = meanCI(x);
    const sd = Math.sqrt(55 / 6);
    expect(ci.mean).toBe(5.5);
    expect(ci.sd).toBeCloseTo(sd, 12);
    expect(ci.halfWidth).toBeCloseTo((2.262157 * sd) / Math.sqrt(10), 5);
    expect(ci.lo).toBeCloseTo(5.5 - ci.halfWidth, 12);
  });

  it("gives Welch's interval for a difference", () => {
    const a = [1, 2, 3, 4, 5];
    const b = [2, 4, 6, 8, 10, 12];
    const d = differenceCI(a, b);
    const va = 2.5 / 5;
    const vb = 14 / 6;
    const df = (va + vb) ** 2 / (va ** 2 / 4 + vb ** 2 / 5);
    expect(d.mean).toBe(7 - 3);
    expect(d.df).toBeCloseTo(df, 12);
    expect(d.halfWidth).toBeCloseTo(studentTQuantile(0.975, df) * Math.sqrt(va + vb), 12);
  });

  it("counts values into equal bins, the top edge into the last bin", () => {
    const h = histogram([0, 0.1, 0.5, 0.99, 1, 2], 2, 0, 1);
    expect(h.edges).toEqual([0, 0.5, 1]);
    expect(h.counts).toEqual([2, 3]);
  });
});
