import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { timeCourseFigure } from "../../src/app/explorer/time-course-figure.ts";
import { loadModel, OUTCOME_TEXT, simulate } from "../../src/engine/index.ts";

const files = readdirSync("models").filter((f) => f.endsWith(".yaml"));

type Axis = { range?: number[] };

describe.each(files)("the time-course figure of %s", (file) => {
  const model = loadModel(readFileSync(`models/${file}`, "utf8"), `models/${file}`);
  const result = simulate(model);

  it("gives every panel's y axis a range that holds all its data", () => {
    const fig = timeCourseFigure(result, [], { legends: false, width: 1000, height: 700 });
    const layout = fig.layout as Record<string, Axis>;
    fig.data.forEach((trace) => {
      const t = trace as { yaxis?: string; y: number[] };
      const axis = layout[`yaxis${(t.yaxis ?? "y").slice(1)}`];
      const [lo, hi] = axis?.range ?? [Number.NaN, Number.NaN];
      expect(Math.min(...t.y)).toBeGreaterThanOrEqual(lo as number);
      expect(Math.max(...t.y)).toBeLessThanOrEqual(hi as number);
    });
  });

  it("draws each axis with the range its caller picks, asked once, from the range the data needs", () => {
    const asked: string[] = [];
    const fig = timeCourseFigure(result, [], {
      legends: false,
      range: (axis, needed) => {
        asked.push(axis);
        return [needed[0] - 1, needed[1] + 1];
      },
    });
    const plain = timeCourseFigure(result, [], { legends: false });
    // Once per axis: a held range must be asked with the range the axis finally needs, not a first guess.
    expect(asked).toEqual(model.display.panels.map((_, k) => (k === 0 ? "y" : `y${k + 1}`)));
    model.display.panels.forEach((_, k) => {
      const key = k === 0 ? "yaxis" : `yaxis${k + 1}`;
      const wide = (fig.layout as Record<string, Axis>)[key]?.range ?? [];
      const fitted = (plain.layout as Record<string, Axis>)[key]?.range ?? [];
      expect(wide[0]).toBeCloseTo((fitted[0] as number) - 1, 12);
      expect(wide[1]).toBeCloseTo((fitted[1] as number) + 1, 12);
    });
  });

  it("says the outcome in an annotation, or apart from the figure in the same words and place", () => {
    const annotated = timeCourseFigure(result, [], { legends: false, width: 1000 });
    const apart = timeCourseFigure(result, [], { legends: false, width: 1000, outcome: "label" });
    const { weight, ltdBelow, ltpAbove } = model.readout;
    const shown = model.display.panels.some((p) => weight !== undefined && p.series.includes(weight));
    if (!shown || ltdBelow === undefined || ltpAbove === undefined) {
      // No weight panel to put it by: neither way has an outcome.
      expect(apart.outcome).toBeUndefined();
      return;
    }
    const headline = OUTCOME_TEXT[result.summary.outcome];
    const note = annotated.layout.annotations?.find((a) => String(a.text).includes(headline));
    expect(note).toBeDefined();
    expect(annotated.outcome).toBeUndefined();
    expect(apart.layout.annotations?.some((a) => String(a.text).includes(headline))).toBe(false);
    expect(apart.outcome?.headline).toBe(headline);
    expect(apart.outcome?.detail).toContain(String(model.readout.weight));
    expect([apart.outcome?.x, apart.outcome?.y, apart.outcome?.xanchor, apart.outcome?.yanchor]).toEqual([
      note?.x,
      note?.y,
      note?.xanchor,
      note?.yanchor,
    ]);
  });
});
