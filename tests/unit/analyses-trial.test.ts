import { describe, expect, it } from "vitest";
import {
  meanCI,
  NO_TREATMENT,
  nextSeed,
  runTrial,
  studentTQuantile,
  treatmentFromPreset,
} from "../../src/engine/index.ts";
import { defaultModel } from "./analyses-helpers.ts";

const model = defaultModel();

describe("virtual trial", () => {
  it("gives each arm its mean ± 95 % t interval and the difference B − A", () => {
    const r = runTrial(model, {}, { seed: 5, n: 20 });
    expect(r.complete).toBe(true);
    const [a, b] = r.arms;
    expect(a.treatment).toBe(NO_TREATMENT);
    expect(b.treatment.changes).toEqual([{ param: "Kb", kind: "scale", value: 10 }]);
    for (const arm of [a, b]) {
      expect(arm.wEnd).toHaveLength(20);
      const m = arm.wEnd.reduce((x, y) => x + y, 0) / 20;
      expect(arm.ci.mean).toBeCloseTo(m, 12);
      expect(arm.ci.halfWidth).toBeCloseTo((studentTQuantile(0.975, 19) * arm.ci.sd) / Math.sqrt(20), 12);
      expect(arm.counts.LTD + arm.counts.none + arm.counts.LTP).toBe(20);
    }
    expect(r.difference?.mean).toBeCloseTo(b.ci.mean - a.ci.mean, 12);
    expect(r.difference?.lo).toBeLessThan(r.difference?.hi as number);
  });

  it("draws different subjects for each arm: arm B is not arm A treated", () => {
    const same = runTrial(model, {}, { seed: 5, n: 20, arms: [NO_TREATMENT, NO_TREATMENT] });
    expect(same.arms[1].wEnd).not.toEqual(same.arms[0].wEnd);
    // Both arms untreated: the true difference is 0, and the arms come from one population.
    expect(meanCI(same.arms[0].wEnd).n).toBe(20);
  });

  it("is reproducible from its seed, and 'run again' gives a different trial", () => {
    const a = runTrial(model, {}, { seed: 11, n: 10 });
    const b = runTrial(model, {}, { seed: 11, n: 10 });
    const c = runTrial(model, {}, { seed: nextSeed(11), n: 10 });
    expect(b.arms[0].wEnd).toEqual(a.arms[0].wEnd);
    expect(b.difference).toEqual(a.difference);
    expect(c.difference?.mean).not.toBe(a.difference?.mean);
  });

  it("lets small trials disagree: three runs of 10 per arm give three different answers", () => {
    const diffs = [1, 2, 3].map((seed) => runTrial(model, {}, { seed, n: 10 }).difference?.mean as number);
    expect(new Set(diffs).size).toBe(3);
    // The spread between small trials is of the order of their intervals, not of rounding.
    expect(Math.max(...diffs) - Math.min(...diffs)).toBeGreaterThan(0.05);
  });

  it("accepts any two presets as arms", () => {
    const r = runTrial(
      model,
      {},
      {
        seed: 2,
        n: 20,
        arms: [treatmentFromPreset(model, "moderate-ne"), NO_TREATMENT],
      },
    );
    // moderate-ne changes u from 1 to 0.3: a ratio to the default, 0.3.
    expect(r.arms[0].treatment.changes).toEqual([{ param: "u", kind: "scale", value: 0.3 }]);
    // 0.3 µM sits in the LTD window, 1 µM mostly gives LTP.
    expect(r.arms[0].ci.mean).toBeLessThan(1);
    expect(r.arms[1].ci.mean).toBeGreaterThan(1);
  });

  it("refuses arm sizes outside 10–200 and stops when cancelled", () => {
    expect(() => runTrial(model, {}, { seed: 1, n: 9 })).toThrow(/10 to 200/);
    expect(() => runTrial(model, {}, { seed: 1, n: 201 })).toThrow(/10 to 200/);
    let calls = 0;
    const r = runTrial(model, {}, { seed: 1, n: 10, onProgress: () => ++calls < 4 });
    expect(calls).toBe(4);
    expect(r.complete).toBe(false);
    expect(r.difference).toBeUndefined();
    expect(r.arms[0].wEnd).toHaveLength(4);
  });
});
