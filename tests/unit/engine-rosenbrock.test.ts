import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileModel, loadModel, type Model, simulate } from "../../src/engine/index.ts";
import { defaultModel, stateIndex } from "./default-model.ts";

const model = defaultModel();
const MINIMAL = readFileSync("tests/fixtures/minimal-model.yaml", "utf8");

/** The minimal fixture model with its first rate replaced and that state kept ≥ 0. */
function minimalWith(rate: string): Model {
  const text = MINIMAL.replace(
    "    initial: 0\n    rate: (u - x) / tau",
    `    initial: 0\n    bounds: [0, null]\n    rate: ${rate}`,
  );
  expect(text).not.toBe(MINIMAL);
  return loadModel(text, "minimal-variant.yaml");
}

/** Central-difference Jacobian of the compiled rates at (y, inp). */
function numericJacobian(m: Model, y: number[], p: Float64Array, inp: Float64Array): number[][] {
  const { rhs } = compileModel(m);
  const n = y.length;
  const plus = new Float64Array(n);
  const minus = new Float64Array(n);
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      const h = 1e-6 * Math.max(1, Math.abs(y[j] as number));
      const yp = y.slice();
      const ym = y.slice();
      yp[j] = (y[j] as number) + h;
      ym[j] = (y[j] as number) - h;
      rhs(0, yp, p, inp, plus, null);
      rhs(0, ym, p, inp, minus, null);
      return ((plus[i] as number) - (minus[i] as number)) / (2 * h);
    }),
  );
}

function symbolicJacobian(
  m: Model,
  backend: "function" | "closures",
  y: number[],
  p: Float64Array,
  inp: Float64Array,
): { J: Float64Array; Ji: Float64Array; f: Float64Array } {
  const n = m.states.length;
  const J = new Float64Array(n * n);
  const Ji = new Float64Array(n * m.inputs.length);
  const f = new Float64Array(n);
  compileModel(m, backend).jacobian(0, y, p, inp, f, J, Ji);
  return { J, Ji, f };
}

describe("the Jacobian compiled from the model's symbolic derivatives", () => {
  // A state inside the bounds where every term is active: NE on, receptors part-way, calcium near the thresholds.
  const y = [0.8, 0.4, 0.1, 0.3, 0.5, 1.2];
  const inp = Float64Array.from([1, 1]);
  const values = Float64Array.from(model.parameters, (q) => q.default);
  for (const [name, value] of [
    ["nb", 2.5],
    ["na", 1.7],
    ["sb", 0.4],
    ["sa", 0.3],
    ["ia2", 0.5],
    ["ga", 0.2],
  ] as const)
    values[model.parameters.findIndex((q) => q.name === name)] = value;

  it("equals central differences of the rates to 1e-6 (relative), with both back ends", () => {
    const numeric = numericJacobian(model, y, values, inp);
    const n = y.length;
    for (const backend of ["function", "closures"] as const) {
      const { J, f } = symbolicJacobian(model, backend, y, values, inp);
      const rates = new Float64Array(n);
      compileModel(model).rhs(0, y, values, inp, rates, null);
      expect([...f]).toEqual([...rates]);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const want = (numeric[i] as number[])[j] as number;
          const got = J[i * n + j] as number;
          expect(Math.abs(got - want), `∂f${i}/∂x${j} (${backend})`).toBeLessThanOrEqual(
            1e-6 * Math.max(1, Math.abs(want)),
          );
        }
      }
    }
  });

  it("gives ∂f/∂inputs: ∂(dN/dt)/∂u = 1/τN and ∂(dC/dt)/∂a = cact(1 + gb·Rb)/τC", () => {
    const { Ji } = symbolicJacobian(model, "function", y, values, inp);
    const m = model.inputs.length;
    const v = (name: string) => values[model.parameters.findIndex((q) => q.name === name)] as number;
    const N = stateIndex(model, "N");
    const C = stateIndex(model, "C");
    expect(Ji[N * m + 0]).toBeCloseTo(1 / v("tauN"), 14);
    expect(Ji[C * m + 1]).toBeCloseTo((v("cact") * (1 + v("gb") * (y[1] as number))) / v("tauC"), 14);
  });

  it("fills a column by finite differences where the derivative is not symbolic (max) or not finite ((u·x)^0.5 at x = 0)", () => {
    const withMax = minimalWith("max(u - x, 0) / tau");
    const p = Float64Array.from(withMax.parameters, (q) => q.default);
    const a = symbolicJacobian(withMax, "function", [0.3, 1], p, Float64Array.from([1, 1]));
    expect(a.J[0]).toBeCloseTo(-1 / 5, 6);
    const withRoot = minimalWith("(u - (u * x) ^ 0.5) / tau");
    const b = symbolicJacobian(withRoot, "function", [0, 1], p, Float64Array.from([1, 1]));
    expect(Number.isFinite(b.J[0] as number)).toBe(true);
    expect(b.J[0]).toBeLessThan(-1);
    // And the solver runs through the infinite slope at x = 0.
    const r = simulate(withRoot, {}, { method: "rosenbrock" });
    expect(r.summary.wEnd).toBeGreaterThan(1);
  });
});

describe("the Rosenbrock method (RODAS4)", () => {
  it("follows a ramp input exactly as its analytic solution, to 1e-6 (∂f/∂t through the inputs)", () => {
    // x' = (u(t) − x)/τ with u = s·(t − tOn) on the ramp: x = s·(t' − τ(1 − e^{−t'/τ})), t' = t − tOn.
    const m = minimalWith("(u - x) / tau");
    const r = simulate(m, { protocol: "ramp", params: { u: 2, tOn: 10, dur: 100, tau: 5 } }, { method: "rosenbrock" });
    const slope = 2 / 100;
    let worst = 0;
    r.t.forEach((t, k) => {
      if (t > 110) return;
      const s = Math.max(0, t - 10);
      const exact = slope * (s - 5 * (1 - Math.exp(-s / 5)));
      worst = Math.max(worst, Math.abs(((r.states[0] as Float64Array)[k] as number) - exact));
    });
    expect(worst).toBeLessThan(1e-6);
  });

  it("is auto's choice for a stiff run, and says which and why", () => {
    const r = simulate(model, {});
    expect(r.method.id).toBe("rosenbrock");
    expect(r.method.description).toMatch(/RODAS4/);
    expect(r.method.description).toMatch(/stiff on this time scale/);
    // One Jacobian per step: a rejected step is retried with the same Jacobian and a smaller h.
    expect(r.method.stats.jacobians).toBe(r.method.stats.steps);
  });

  it("needs under a fifth of the exponential method's steps and half its evaluations on the default run", () => {
    const rb = simulate(model, {}, { method: "rosenbrock" });
    const ex = simulate(model, {}, { method: "exponential" });
    expect(rb.method.stats.steps * 5).toBeLessThan(ex.method.stats.steps);
    expect(rb.method.stats.evaluations * 2).toBeLessThan(ex.method.stats.evaluations);
  });
});
