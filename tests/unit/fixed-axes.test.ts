import { describe, expect, it } from "vitest";
import { axesFixed } from "../../src/app/ui/fixed-axes.ts";
import type { Data } from "../../src/app/ui/plotly.ts";

const line = (yaxis?: string) => ({ type: "scatter", x: [0, 1], y: [1, 2], ...(yaxis ? { yaxis } : {}) }) as Data;

describe("whether a figure's traces can be moved without refitting an axis", () => {
  it("holds when every axis the traces use has a range", () => {
    expect(
      axesFixed([line(), line("y2")], {
        xaxis: { range: [0, 1] },
        yaxis: { range: [0, 2] },
        yaxis2: { range: [1, 3] },
      }),
    ).toBe(true);
  });
  it("fails when an axis a trace uses would autorange", () => {
    expect(axesFixed([line(), line("y2")], { xaxis: { range: [0, 1] }, yaxis: { range: [0, 2] }, yaxis2: {} })).toBe(
      false,
    );
    expect(axesFixed([line()], { xaxis: { range: [0, 1] } })).toBe(false);
    expect(axesFixed([line()], { xaxis: { range: [0, 1] }, yaxis: { range: [0, 2], autorange: true } })).toBe(false);
  });
  it("ignores axes no trace uses", () => {
    expect(axesFixed([line()], { xaxis: { range: [0, 1] }, yaxis: { range: [0, 2] }, yaxis5: {} })).toBe(true);
  });
});
