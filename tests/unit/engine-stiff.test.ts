import { describe, expect, it } from "vitest";
import { resolveRun, simulate } from "../../src/engine/index.ts";
import { handWrittenRhs } from "../reference/ne-calcium-rhs.ts";
import { referenceSolve } from "../reference/odex-reference.ts";
import { defaultModel, stateIndex } from "./default-model.ts";

const model = defaultModel();
const W = stateIndex(model, "w");

describe("the stiff corner (tauC = 0.02 s, eta0 = 1, tauR = tauN = 1 s)", () => {
  const params = { tauC: 0.02, eta0: 1, tauR: 1, tauN: 1 };

  // Reference: tight-tolerance odex on the hand-written equations, over hand-listed input pieces; at
  // the end of the run and at the end of NE application. Computed once, on first use.
  let reference: { end: number; mid: number } | undefined;
  const referenceW = () => {
    if (!reference) {
      const run = resolveRun(model, { params });
      const y0 = [0, 0, 0, 0, 0, 1];
      const pieces = [
        { t0: 0, t1: 60, inputs: [0, 0] },
        { t0: 60, t1: 660, inputs: [1, 1] },
        { t0: 660, t1: 3600, inputs: [0, 0] },
      ];
      const rhs = handWrittenRhs(model);
      const mid = referenceSolve(rhs, run.values, y0, pieces.slice(0, 2), 1e-10);
      const end = referenceSolve(rhs, run.values, mid, pieces.slice(2), 1e-10);
      reference = { end: end[W] as number, mid: mid[W] as number };
    }
    return reference;
  };

  for (const method of ["auto", "exponential"] as const) {
    it(`finishes (${method}), says which method and why, and agrees with an accurate reference to 1e-2 in w`, () => {
      const r = simulate(model, { params }, { method });
      expect(r.method.id).toBe(method === "auto" ? "rosenbrock" : method);
      expect(r.method.description).toMatch(method === "exponential" ? /exponential/ : /RODAS4/);
      expect(r.method.description).toMatch(method === "auto" ? /stiff/ : /chosen explicitly/);
      const ref = referenceW();
      expect(Math.abs(r.summary.wEnd - ref.end)).toBeLessThan(1e-2);
      expect(Math.abs(((r.states[W] as Float64Array)[660] as number) - ref.mid)).toBeLessThan(1e-2);
    });
  }

  it("odex chosen explicitly on the same corner needs many times the stiff methods' evaluations", () => {
    const odex = simulate(model, { params }, { method: "odex" });
    const expo = simulate(model, { params }, { method: "exponential" });
    const rodas = simulate(model, { params }, { method: "rosenbrock" });
    expect(odex.method.stats.evaluations).toBeGreaterThan(10 * expo.method.stats.evaluations);
    expect(expo.method.stats.evaluations).toBeGreaterThan(4 * rodas.method.stats.evaluations);
    expect(Math.abs(odex.summary.wEnd - expo.summary.wEnd)).toBeLessThan(1e-3);
    expect(Math.abs(odex.summary.wEnd - rodas.summary.wEnd)).toBeLessThan(1e-4);
  });

  it("auto uses odex where the system is not stiff on its time scale", () => {
    const r = simulate(model, { params: { tauC: 10, tauN: 120, tauR: 300, tEnd: 600 } });
    expect(r.method.id).toBe("odex");
  });
});
