import { describe, expect, it } from "vitest";
import { defaultMapX, mapAxis, runMap } from "../../src/engine/index.ts";
import { defaultModel } from "./analyses-helpers.ts";

const model = defaultModel();

describe("plasticity map", () => {
  it("takes NE (u, log, over its range) as the default x axis and the slider's scale for y", () => {
    expect(defaultMapX(model)).toBe("u");
    const x = mapAxis(model, { param: "u", n: 5 });
    expect(x.log).toBe(true);
    expect(x.values.map((v) => Number(v.toPrecision(12)))).toEqual([0.01, 0.1, 1, 10, 100]);
    const y = mapAxis(model, { param: "gb", n: 3 });
    expect(y.log).toBe(false);
    expect(y.values).toEqual([0, 5, 10]);
    expect(() => mapAxis(model, { param: "gb", to: 20 })).toThrow(/outside its range/);
    expect(() => mapAxis(model, { param: "P1" })).toThrow(/fixed/);
    expect(() => mapAxis(model, { param: "nPulses" })).toThrow(/whole steps/);
  });

  it("fills an ny × nx grid with an LTD band between no change and LTP that moves with gb", () => {
    const r = runMap(
      model,
      {},
      { x: { param: "u", from: 0.03, to: 30, n: 16 }, y: { param: "gb", from: 3, to: 9, n: 4 } },
    );
    expect(r.complete).toBe(true);
    expect(r.wEnd).toHaveLength(4);
    for (const row of r.wEnd) expect(row).toHaveLength(16);
    expect(r.outcome.flat().every((o) => o !== null)).toBe(true);
    expect(r.current).toEqual({ x: 1, y: 3.5 });
    expect(r.y.values).toEqual([3, 5, 7, 9]);
    // Along NE, each row goes none → LTD → LTP (the BCM-like U of docs/model.md).
    const firstOf = (row: (string | null)[], o: string) => row.indexOf(o);
    for (const row of r.outcome) {
      expect(row[0]).toBe("none");
      expect(row.at(-1)).toBe("LTP");
      const ltd = firstOf(row, "LTD");
      expect(ltd).toBeGreaterThan(0);
      expect(ltd).toBeLessThan(firstOf(row, "LTP"));
    }
    // More β gain reaches the LTD window at lower NE: the band bends toward low u as gb rises.
    expect(firstOf(r.outcome[3] as string[], "LTD")).toBeLessThan(firstOf(r.outcome[0] as string[], "LTD"));
    expect(Math.min(...r.wEnd.flat())).toBeLessThan(0.8);
  });

  it("stops when cancelled, leaving the cells not run empty", () => {
    let calls = 0;
    const r = runMap(
      model,
      {},
      {
        x: { param: "u", n: 4 },
        y: { param: "cact", n: 3 },
        onProgress: (done, total) => {
          calls = done;
          expect(total).toBe(12);
          return done < 5;
        },
      },
    );
    expect(calls).toBe(5);
    expect(r.complete).toBe(false);
    const flat = r.wEnd.flat();
    expect(flat.slice(0, 5).every(Number.isFinite)).toBe(true);
    expect(flat.slice(5).every(Number.isNaN)).toBe(true);
    expect(
      r.outcome
        .flat()
        .slice(5)
        .every((o) => o === null),
    ).toBe(true);
  });

  it("refuses the same parameter on both axes", () => {
    expect(() => runMap(model, {}, { x: { param: "u", n: 2 }, y: { param: "u", n: 2 } })).toThrow(/different/);
  });
});
