import { describe, expect, it } from "vitest";
import {
  evaluate,
  resolveRun,
  runSensitivity,
  SENSITIVITY_TOLERANCE,
  type SensitivityResult,
} from "../../src/engine/index.ts";
import { defaultModel } from "./analyses-helpers.ts";

const model = defaultModel();
let atDefault: SensitivityResult | undefined;
function defaultSensitivity(): SensitivityResult {
  atDefault ??= runSensitivity(model, {});
  return atDefault;
}

/**
 * An independent central difference at a ten times smaller step (1e-4), straight from evaluate(), with
 * the same integrator and tolerance the analysis states it uses.
 */
function referenceS(param: string, output: "w_end" | "peak_C", spec = {}): number {
  const run = resolveRun(model, spec);
  const p = model.parameters.find((q) => q.name === param);
  if (!p) throw new Error(param);
  const p0 = run.values[p.index] as number;
  const options = { method: "rosenbrock" as const, ...SENSITIVITY_TOLERANCE.rosenbrock };
  const read = (x: number) => {
    const v = Float64Array.from(run.values);
    v[p.index] = x;
    const e = evaluate(model, run, v, options);
    return output === "w_end" ? e.wEnd : (e.peaks.C as number);
  };
  const d = 1e-4 * p0;
  return (((read(p0 + d) - read(p0 - d)) / (2 * d)) * p0) / read(p0);
}

describe("normalised local sensitivity", () => {
  it("covers every parameter that is not fixed, with w_end and each peak", () => {
    const r = defaultSensitivity();
    expect(r.complete).toBe(true);
    expect(r.rows.map((x) => x.param)).toEqual(model.parameters.filter((p) => !p.fixed).map((p) => p.name));
    expect(r.outputs).toEqual(["w_end", "peak_Rb", "peak_C"]);
    expect(r.method).toMatch(/central finite difference/);
    expect(r.method).toMatch(/rtol/);
    // Every perturbed solve finishes (nb and na just below 1 once gave NaN from N^nb at N < 0).
    expect(r.rows.filter((x) => x.scheme === "failed")).toEqual([]);
  });

  it("agrees with an independent central difference at a 10× smaller step", () => {
    const r = defaultSensitivity();
    // Tolerance: |ΔS| ≤ 1e-3 + 1 % of |S|. Solver error divided by the step is ~1e-4 in S here.
    for (const param of ["u", "Kb", "gb", "cact", "thp", "kdes", "tauR", "Ap", "eta0"]) {
      const row = r.rows.find((x) => x.param === param);
      expect(row?.scheme).toBe("central");
      for (const output of ["w_end", "peak_C"] as const) {
        const ref = referenceS(param, output);
        expect(Math.abs((row?.s[output] as number) - ref), `${param} ${output}`).toBeLessThan(
          1e-3 + 0.01 * Math.abs(ref),
        );
      }
    }
  });

  it("has the signs and exact values the equations imply", () => {
    const s = (param: string, output: string) => defaultSensitivity().rows.find((x) => x.param === param)?.s[output];
    // C is proportional to cact (dC/dt = (a·cact·(1 + gb·Rb) − C)/tauC, Rb does not depend on C): S = 1.
    expect(s("cact", "peak_C")).toBeCloseTo(1, 3);
    // NE and Kb enter Hb only as N/Kb (nb = 1): equal and opposite sensitivities.
    expect(s("u", "peak_C")).toBeCloseTo(-(s("Kb", "peak_C") as number), 3);
    // A higher LTP threshold means less LTP at 1 µM; more NE means more.
    expect(s("thp", "w_end")).toBeLessThan(-0.1);
    expect(s("u", "w_end")).toBeGreaterThan(0);
    // Protocol parameters of other protocols do nothing under a step.
    expect(s("period", "w_end")).toBe(0);
  });

  it("goes one-sided at a range edge and says so; zero parameters give S = 0", () => {
    const r = runSensitivity(model, { params: { thp: 1 } }, { params: ["thp", "ga", "nPulses"] });
    const row = (name: string) => r.rows.find((x) => x.param === name);
    expect(row("thp")?.scheme).toBe("backward");
    expect(row("thp")?.note).toMatch(/upper range edge/);
    expect(row("ga")?.scheme).toBe("forward");
    expect(row("ga")?.s.w_end).toBe(0);
    expect(row("nPulses")?.scheme).toBe("skipped");
  });

  it("gives one-sided values at range edges that match central ones just inside", () => {
    // ga = 0.5 is the top of its range (backward), eta0 = 0.001 the bottom (forward); 3δ inside, the
    // central difference applies. S changes little over 0.3 % of p, so they agree to 1e-3 + 2 %.
    const cases: [string, number, number, string][] = [
      ["ga", 0.5, 0.5 * (1 - 3e-3), "backward"],
      ["eta0", 0.001, 0.001 * (1 + 3e-3), "forward"],
    ];
    for (const [param, edgeValue, insideValue, scheme] of cases) {
      const edge = runSensitivity(model, { params: { [param]: edgeValue } }, { params: [param] }).rows[0];
      const inside = runSensitivity(model, { params: { [param]: insideValue } }, { params: [param] }).rows[0];
      expect(edge?.scheme).toBe(scheme);
      expect(inside?.scheme).toBe("central");
      for (const o of ["w_end", "peak_C"]) {
        const x = edge?.s[o] as number;
        const y = inside?.s[o] as number;
        expect(Math.abs(x - y), `${param} ${o}`).toBeLessThan(1e-3 + 0.02 * Math.abs(y));
      }
      expect(Math.abs(edge?.s.w_end as number)).toBeGreaterThan(0.1);
    }
  });

  it("stops when cancelled", () => {
    let calls = 0;
    const r = runSensitivity(model, {}, { onProgress: () => ++calls < 3 });
    expect(r.complete).toBe(false);
    expect(r.rows).toHaveLength(3);
  });
});
