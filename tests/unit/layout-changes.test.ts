import { describe, expect, it } from "vitest";
import { layoutChanges } from "../../src/app/ui/layout-changes.ts";

const base = () => ({
  margin: { l: 60, r: 20 },
  xaxis: { range: [0, 3600], title: { text: "time (s)" } },
  yaxis2: { range: [0, 1], domain: [0, 0.4] },
  shapes: [{ type: "rect", x0: 0, x1: 3600, y0: 0.5, y1: 10 }],
  annotations: [{ x: 3600, y: 1, text: "LTP" }],
});

describe("the layout changes Plotly.relayout can make alone", () => {
  it("lists changed axis ranges, shape corners and annotation places as attribute strings", () => {
    const after = base();
    after.yaxis2.range = [0, 2];
    after.shapes[0] = { ...after.shapes[0], y1: 20 } as (typeof after.shapes)[0];
    after.annotations[0] = { ...after.annotations[0], y: 2 } as (typeof after.annotations)[0];
    expect(layoutChanges(base(), after)).toEqual({ "yaxis2.range": [0, 2], "shapes[0].y1": 20, "annotations[0].y": 2 });
  });

  it("refuses any other change, and a list that grew", () => {
    const margin = base();
    margin.margin.l = 70;
    expect(layoutChanges(base(), margin)).toBeUndefined();
    const domain = base();
    domain.yaxis2.domain = [0, 0.5];
    expect(layoutChanges(base(), domain)).toBeUndefined();
    const more = base();
    more.shapes.push({ type: "rect", x0: 0, x1: 1, y0: 0, y1: 1 });
    expect(layoutChanges(base(), more)).toBeUndefined();
    const both = base();
    both.yaxis2.range = [0, 2];
    both.xaxis.title.text = "t";
    expect(layoutChanges(base(), both)).toBeUndefined();
  });

  it("gives nothing when nothing changed", () => {
    expect(layoutChanges(base(), base())).toBeUndefined();
  });
});
