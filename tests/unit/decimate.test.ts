import { describe, expect, it } from "vitest";
import { minMaxDecimate } from "../../src/app/explorer/decimate.ts";

const grid = (n: number) => Array.from({ length: n }, (_, k) => k);

describe("min–max decimation of a plotted trace", () => {
  it("keeps a one-sample spike that every-k-th thinning would step over", () => {
    const x = grid(3601);
    const y = x.map((k) => (k === 1234 ? 5 : 0));
    const d = minMaxDecimate(x, y, 300);
    expect(d.y).toContain(5);
    expect(d.x[d.y.indexOf(5)]).toBe(1234);
  });

  it("keeps, in every column of samples, its lowest and highest value, the first and the last sample", () => {
    const n = 3601;
    const x = grid(n).map((k) => k * 0.5);
    // A deterministic, rough signal: a sine with a fast wobble on it.
    const y = grid(n).map((k) => Math.sin(k / 200) + 0.3 * Math.sin(k * 1.7));
    const columns = 250;
    const d = minMaxDecimate(x, y, columns);
    expect(d.x.length).toBeLessThanOrEqual(2 * columns + 2);
    expect([d.x[0], d.y[0]]).toEqual([x[0], y[0]]);
    expect([d.x.at(-1), d.y.at(-1)]).toEqual([x.at(-1), y.at(-1)]);
    for (let k = 1; k < d.x.length; k++) expect(d.x[k]).toBeGreaterThan(d.x[k - 1] as number);
    const per = Math.ceil(n / columns);
    for (let c = 0; c * per < n; c++) {
      const seg = y.slice(c * per, (c + 1) * per);
      const inColumn = d.y.filter(
        (_, j) => (d.x[j] as number) >= c * per * 0.5 && (d.x[j] as number) < (c + 1) * per * 0.5,
      );
      expect(Math.max(...inColumn), `column ${c}`).toBe(Math.max(...seg));
      expect(Math.min(...inColumn), `column ${c}`).toBe(Math.min(...seg));
    }
  });

  it("returns every sample when there are too few per column to gain anything", () => {
    const x = grid(500);
    const y = x.map((k) => k * k);
    expect(minMaxDecimate(x, y, 400)).toEqual({ x, y });
  });
});
