import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  applyTreatment,
  createRandom,
  defaultSpread,
  drawSubjects,
  loadModel,
  ModelError,
  type PopulationResult,
  resolveRun,
  runPopulation,
  treatmentFromPreset,
} from "../../src/engine/index.ts";
import { defaultModel, MODEL_FILE } from "./analyses-helpers.ts";

const model = defaultModel();
const N = 1000;
let population: PopulationResult | undefined;
/** One 1000-subject population at the default point (1 µM), with the model file's β-blocker, shared. */
function atOneMicromolar(): PopulationResult {
  population ??= runPopulation(model, {}, { seed: 1, n: N });
  return population;
}

describe("population spread from the model file", () => {
  it("is docs/model.md's spread, with the β-blocker as treatment", () => {
    expect(defaultSpread(model)).toEqual([
      { param: "Kb", kind: "lognormal", sigma: 0.7 },
      { param: "gb", kind: "lognormal", sigma: 0.3 },
      { param: "cact", kind: "lognormal", sigma: 0.2 },
      { param: "kdes", kind: "lognormal", sigma: 0.5 },
      { param: "thp", kind: "normal", sigma: 0.03 },
    ]);
    expect(model.population?.treatment).toBe("beta-blocker");
    expect(treatmentFromPreset(model, "beta-blocker").changes).toEqual([{ param: "Kb", kind: "scale", value: 10 }]);
  });

  it("is refused with file and line when it names an unknown or fixed parameter or preset", () => {
    const text = readFileSync(MODEL_FILE, "utf8");
    const broken = text
      .replace("- { param: gb, kind: lognormal, sigma: 0.3 }", "- { param: gbb, kind: lognormal, sigma: 0.3 }")
      .replace("- { param: thp, kind: normal, sigma: 0.03 }", "- { param: P1, kind: normal, sigma: 0.03 }")
      .replace("treatment: beta-blocker", "treatment: no-such-preset");
    let error: unknown;
    try {
      loadModel(broken, "broken.yaml");
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ModelError);
    const issues = (error as ModelError).issues;
    const line = (needle: string) => broken.split("\n").findIndex((l) => l.includes(needle)) + 1;
    expect(issues).toContainEqual(
      expect.objectContaining({ file: "broken.yaml", line: line("param: gbb"), message: 'unknown parameter "gbb"' }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({ line: line("param: P1"), message: expect.stringMatching(/fixed/) }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({ path: "population.treatment", message: 'unknown preset "no-such-preset"' }),
    );
  });
});

describe("drawing subjects", () => {
  it("centres the spread on the current point: log-normal medians and normal means", () => {
    const base = resolveRun(model, { params: { Kb: 0.2 } });
    const { values } = drawSubjects(model, base.values, defaultSpread(model), 4000, createRandom(9));
    const idx = (name: string) => model.parameters.find((p) => p.name === name)?.index as number;
    const logKb = values.map((v) => Math.log(v[idx("Kb")] as number)).sort((a, b) => a - b);
    const thp = values.map((v) => v[idx("thp")] as number);
    // Median of ln Kb: SE ≈ 1.25·σ/√n = 0.014; mean of thp: SE = 0.03/√n = 0.0005. 4 SE each.
    expect(Math.abs((logKb[2000] as number) - Math.log(0.2))).toBeLessThan(0.056);
    expect(Math.abs(thp.reduce((a, b) => a + b, 0) / thp.length - 0.55)).toBeLessThan(0.002);
    // Parameters outside the spread stay at the base run's values.
    for (const v of values) expect(v[idx("tauR")]).toBe(30);
  });

  it("draws again whatever falls outside a range, and counts it", () => {
    const base = resolveRun(model, {});
    const wide = [{ param: "gb", kind: "lognormal" as const, sigma: 1 }];
    const { values, redrawn } = drawSubjects(model, base.values, wide, 500, createRandom(3));
    const gb = model.parameters.find((p) => p.name === "gb")?.index as number;
    // P(3.5·e^z > 10) = P(z > 1.05) ≈ 15 %, so about 75 redraws in 500.
    expect(redrawn.gb).toBeGreaterThan(30);
    for (const v of values) expect(v[gb]).toBeLessThanOrEqual(10);
  });

  it("applies a treatment to each subject's own value, unclipped", () => {
    const base = resolveRun(model, {});
    const kb = model.parameters.find((p) => p.name === "Kb")?.index as number;
    const v = Float64Array.from(base.values);
    v[kb] = 2;
    const t = applyTreatment(model, v, treatmentFromPreset(model, "beta-blocker"));
    expect(t.values[kb]).toBe(20);
    expect(t.outside).toBe(1);
  });
});

describe("population at 1 µM (docs/model.md)", () => {
  it("shows about a third LTD and two thirds not-LTD, within 3 binomial SE for N = 1000", () => {
    const r = atOneMicromolar();
    expect(r.complete).toBe(true);
    expect(r.subjects).toHaveLength(N);
    expect(r.failed.count).toBe(0);
    // Binomial SE of a fraction near 1/3 with N = 1000: √(⅓·⅔/1000) = 0.0149; 3 SE = 0.045.
    const se = Math.sqrt(((1 / 3) * (2 / 3)) / N);
    expect(Math.abs(r.fractions.LTD - 1 / 3)).toBeLessThan(3 * se);
    // The rest is mostly LTP: with 8000 subjects (seed 12345) the model gives LTD 33.6 %, no change 3.9 %,
    // LTP 62.4 %, so "two thirds LTP" holds for LTP plus the few with no lasting change.
    expect(Math.abs(r.fractions.LTP + r.fractions.none - 2 / 3)).toBeLessThan(3 * se);
    expect(r.fractions.none).toBeLessThan(0.1);
    expect(r.fractions.LTP).toBeGreaterThan(0.55);
  });

  it("gives LTD in some subjects and LTP in others at the same dose", () => {
    const r = atOneMicromolar();
    const ltd = r.subjects.filter((s) => s.outcome === "LTD");
    const ltp = r.subjects.filter((s) => s.outcome === "LTP");
    // Subjects with LTD have the less sensitive β branch on average: higher Kb.
    const meanLog = (xs: typeof ltd) => xs.reduce((a, s) => a + Math.log(s.params.Kb as number), 0) / xs.length;
    expect(meanLog(ltd)).toBeGreaterThan(meanLog(ltp));
  });

  it("shows the β-blocker raising w in some subjects and lowering it in others", () => {
    const t = atOneMicromolar().treated;
    expect(t).toBeDefined();
    if (!t) return;
    expect(t.raised + t.lowered + t.unchanged).toBe(N);
    // Those who had LTD are pushed back toward no change (raised), those with LTP lose it (lowered).
    expect(t.raised).toBeGreaterThan(0.2 * N);
    expect(t.lowered).toBeGreaterThan(0.4 * N);
    expect(t.transitions.LTD.none).toBeGreaterThan(0);
    expect(t.transitions.LTP.LTD + t.transitions.LTP.none).toBeGreaterThan(0);
  });

  it("gives histogram data that holds every subject and both thresholds", () => {
    const r = atOneMicromolar();
    const h = r.histogram;
    expect(h.edges).toHaveLength(41);
    expect(h.control.reduce((a, b) => a + b, 0)).toBe(N);
    expect(h.treated?.reduce((a, b) => a + b, 0)).toBe(N);
    expect(h.edges[0]).toBeLessThan(r.thresholds.ltdBelow);
    expect(h.edges[40]).toBeGreaterThan(r.thresholds.ltpAbove);
  });
});

describe("reproducibility and cancelling", () => {
  it("gives the same numbers for the same seed and different ones for another", () => {
    const a = runPopulation(model, {}, { seed: 77, n: 40 });
    const b = runPopulation(model, {}, { seed: 77, n: 40 });
    const c = runPopulation(model, {}, { seed: 78, n: 40 });
    expect(b.subjects).toEqual(a.subjects);
    expect(c.subjects.map((s) => s.wEnd)).not.toEqual(a.subjects.map((s) => s.wEnd));
  });

  it("stops when the progress callback returns false and says it is incomplete", () => {
    const seen: number[] = [];
    const r = runPopulation(
      model,
      {},
      {
        seed: 1,
        n: 500,
        onProgress: (done, total) => {
          seen.push(done);
          expect(total).toBe(1000);
          return done < 7;
        },
      },
    );
    expect(r.complete).toBe(false);
    expect(seen.at(-1)).toBe(7);
    // The seventh run was subject 3's control run: subjects 0–2 are whole, subject 3 is left out half done.
    expect(r.subjects).toHaveLength(3);
    expect(r.subjects.every((s) => s.treated !== undefined)).toBe(true);
  });

  it("refuses a bad size, seed or spread", () => {
    expect(() => runPopulation(model, {}, { seed: 1, n: 0 })).toThrow(RangeError);
    expect(() => runPopulation(model, {}, { seed: -1, n: 5 })).toThrow(/seed/);
    expect(() =>
      runPopulation(model, {}, { seed: 1, n: 5, spread: [{ param: "nope", kind: "normal", sigma: 1 }] }),
    ).toThrow(/unknown parameter/);
  });
});
