import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { comparedRule } from "../../src/app/analyses/rule-curves.ts";
import { numericReadoutIds, weightReadoutId } from "../../src/app/compute/readouts-of.ts";
import { loadModel, type Model, resolveRun } from "../../src/engine/index.ts";

const load = (file: string) => loadModel(readFileSync(file, "utf8"), file);
const shouval = load("models/shouval-2002-rule.yaml");
const toy = load("models/ne-calcium-plasticity.yaml");
const gb = load("models/graupner-brunel-2012.yaml");

const value = (m: Model, values: Float64Array, name: string) =>
  values[m.parameters.find((p) => p.name === name)?.index as number] as number;
const sig = (x: number, k: number) => 1 / (1 + Math.exp(-k * x));

describe("the rule each model marks for comparison", () => {
  it("Shouval's Ω(Ca) is the paper's formula at every point, over the file's range, at the values given", () => {
    for (const params of [{}, { alpha2: 0.7, beta1: 40 }] as Record<string, number>[]) {
      const run = resolveRun(shouval, { params });
      const r = comparedRule(shouval, run.values);
      expect(r?.x).toEqual({ name: "Ca", label: "Clamped calcium", unit: "µM" });
      expect(r?.xs.length).toBe(201);
      expect(r?.xs[0]).toBe(0);
      expect(r?.xs.at(-1)).toBe(1);
      const a1 = value(shouval, run.values, "alpha1");
      const a2 = value(shouval, run.values, "alpha2");
      const b1 = value(shouval, run.values, "beta1");
      const b2 = value(shouval, run.values, "beta2");
      r?.xs.forEach((ca, k) => {
        expect(r.ys[k]).toBeCloseTo(0.25 + sig(ca - a2, b2) - 0.25 * sig(ca - a1, b1), 12);
      });
    }
  });

  it("the toy's Ω(C) at rest (receptors at their initial 0) is its written formula", () => {
    const v = resolveRun(toy).values;
    const r = comparedRule(toy, v);
    const at = (n: string) => value(toy, v, n);
    expect(r?.x.name).toBe("C");
    r?.xs.forEach((c, k) => {
      // With Rb = Ra = 0 the effective LTP threshold is thp itself.
      const omega =
        1 - at("Ad") * sig(c - at("thd"), at("bsig")) + (at("Ad") + at("Ap")) * sig(c - at("thp"), at("bsig"));
      expect(r.ys[k]).toBeCloseTo(omega, 12);
    });
  });

  it("a model that marks no rule gives none", () => {
    expect(comparedRule(gb, resolveRun(gb).values)).toBeUndefined();
  });
});

describe("the readouts analyses offer", () => {
  it("a weight that is a derived readout comes first, once, then the other derived readouts; no band times without bands", () => {
    expect(weightReadoutId(gb)).toBe("change");
    const ids = numericReadoutIds(gb);
    expect(ids[0]).toBe("change");
    expect(ids.filter((id) => id === "change")).toHaveLength(1);
    expect(ids).toContain("alphaD");
    expect(ids).toContain("peak:c");
    expect(ids).not.toContain("timeInLtd");
  });

  it("a state weight is read at the end, and band times are offered where the model has bands", () => {
    expect(numericReadoutIds(toy)).toEqual(["end:w", "peak:Rb", "peak:C", "timeInLtd", "timeInLtp"]);
  });

  it("derived readouts get their label and unit from the model", () => {
    expect(gb.display.readouts.change).toBe("Mean change in synaptic strength");
    expect(gb.display.readouts.T).toBe("Stimulation time T (s)");
  });
});
