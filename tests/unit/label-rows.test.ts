import { describe, expect, it } from "vitest";
import { type LineLabel, labelRows, type PlacedLabel } from "../../src/app/analyses/label-rows.ts";

/** Checks no two labels of a row come closer than `gap`, each lies on the line and covers its point. */
function expectClear(labels: readonly LineLabel[], placed: readonly PlacedLabel[], length: number, gap: number) {
  placed.forEach((p, i) => {
    const l = labels[i] as LineLabel;
    expect(p.centre - l.width / 2, `label ${i} left`).toBeGreaterThanOrEqual(-1e-9);
    expect(p.centre + l.width / 2, `label ${i} right`).toBeLessThanOrEqual(length + 1e-9);
    expect(Math.abs(p.centre - l.at), `label ${i} covers its point`).toBeLessThanOrEqual(l.width / 2 + 1e-9);
    placed.forEach((q, j) => {
      if (j <= i || q.row !== p.row) return;
      const m = labels[j] as LineLabel;
      expect(Math.abs(p.centre - q.centre), `labels ${i} and ${j}`).toBeGreaterThanOrEqual(
        (l.width + m.width) / 2 + gap - 1e-9,
      );
    });
  });
}

describe("labelRows", () => {
  it("leaves labels with room at their points, in one row", () => {
    const labels = [
      { at: 100, width: 60 },
      { at: 300, width: 40 },
      { at: 600, width: 70 },
    ];
    expect(labelRows(labels, 800, 8)).toEqual([
      { centre: 100, row: 0 },
      { centre: 300, row: 0 },
      { centre: 600, row: 0 },
    ]);
  });

  it("moves labels that nearly touch apart by the gap, each still over its point", () => {
    const labels = [
      { at: 100, width: 60 },
      { at: 160, width: 60 },
    ];
    const placed = labelRows(labels, 400, 8);
    expect(placed.map((p) => p.row)).toEqual([0, 0]);
    expectClear(labels, placed, 400, 8);
    // Each moved by half of the 8 px they lacked.
    expect(placed[0]?.centre).toBeCloseTo(96, 10);
    expect(placed[1]?.centre).toBeCloseTo(164, 10);
  });

  it("keeps labels on the line at its ends", () => {
    const labels = [
      { at: 5, width: 70 },
      { at: 395, width: 70 },
    ];
    const placed = labelRows(labels, 400, 8);
    expect(placed).toEqual([
      { centre: 35, row: 0 },
      { centre: 365, row: 0 },
    ]);
  });

  it("puts a label that cannot stay over its point beside its neighbours in the next row", () => {
    // A phone's LTD / none / LTP: the narrow middle band's label would be pushed off its band.
    const labels = [
      { at: 32, width: 75 },
      { at: 74, width: 36 },
      { at: 170, width: 75 },
    ];
    const placed = labelRows(labels, 258, 8);
    expect(placed.map((p) => p.row)).toEqual([0, 1, 0]);
    expectClear(labels, placed, 258, 8);
  });

  it("never lets labels of a row overlap, for any points, widths and line length", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let trial = 0; trial < 500; trial++) {
      const length = 150 + random() * 1200;
      const labels = Array.from({ length: 1 + Math.floor(random() * 6) }, () => ({
        at: random() * length,
        width: 20 + random() * 100,
      }));
      expectClear(labels, labelRows(labels, length, 8), length, 8);
    }
  });
});
