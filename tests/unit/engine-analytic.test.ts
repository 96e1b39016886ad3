import { describe, expect, it } from "vitest";
import { simulate } from "../../src/engine/index.ts";
import { defaultModel, stateIndex } from "./default-model.ts";

const model = defaultModel();
const N = stateIndex(model, "N");
const Rb = stateIndex(model, "Rb");
const D = stateIndex(model, "D");

/** N(t) for a step of height u on [tOn, tOn + dur): first-order wash-in, then wash-out. */
function nExact(t: number, u: number, tOn: number, dur: number, tauN: number): number {
  if (t <= tOn) return 0;
  const tOff = tOn + dur;
  if (t <= tOff) return u * (1 - Math.exp(-(t - tOn) / tauN));
  return u * (1 - Math.exp(-dur / tauN)) * Math.exp(-(t - tOff) / tauN);
}

/**
 * Rb(t) with D held at 0 (kdes = 0): Rb' = (Hb(N(t)) − Rb)/tauR is linear, so by variation of constants
 * Rb(t) = ∫₀ᵗ e^{−(t−s)/tauR} Hb(N(s)) ds / tauR, evaluated by composite Simpson on a fine grid.
 */
function rbExact(
  t: number,
  hb: (n: number) => number,
  nAt: (s: number) => number,
  tauR: number,
  breaks: number[],
): number {
  const edges = [0, ...breaks.filter((b) => b > 0 && b < t), t];
  let total = 0;
  for (let k = 0; k + 1 < edges.length; k++) {
    const a = edges[k] as number;
    const b = edges[k + 1] as number;
    const m = 2000;
    const h = (b - a) / m;
    const f = (s: number) => (Math.exp(-(t - s) / tauR) * hb(nAt(s))) / tauR;
    let sum = f(a) + f(b);
    for (let j = 1; j < m; j++) sum += (j % 2 ? 4 : 2) * f(a + j * h);
    total += (sum * h) / 3;
  }
  return total;
}

describe("linear parts against their analytic solutions", () => {
  const params = { u: 0.7, tOn: 60, dur: 600, tauN: 10 };
  for (const method of ["odex", "exponential", "rosenbrock"] as const) {
    it(`N(t) for a step equals u(1 − e^{−(t−tOn)/τN}) and its wash-out to 1e-6 (${method})`, () => {
      const r = simulate(model, { params }, { method, every: 5 });
      let worst = 0;
      r.t.forEach((t, k) => {
        worst = Math.max(worst, Math.abs(((r.states[N] as Float64Array)[k] as number) - nExact(t, 0.7, 60, 600, 10)));
      });
      expect(worst).toBeLessThan(1e-6);
    });
  }

  it("Rb(t) with desensitisation off equals its variation-of-constants solution to 1e-6 (odex)", () => {
    const p = { ...params, kdes: 0, Kb: 0.5, nb: 1, tauR: 30 };
    const r = simulate(model, { params: p }, { method: "odex", every: 60 });
    const hb = (n: number) => n / (n + 0.5);
    const nAt = (s: number) => nExact(s, 0.7, 60, 600, 10);
    for (const t of [120, 300, 660, 900, 1800]) {
      const k = Math.round(t / 60);
      expect((r.states[D] as Float64Array)[k]).toBe(0);
      expect(Math.abs(((r.states[Rb] as Float64Array)[k] as number) - rbExact(t, hb, nAt, 30, [60, 660]))).toBeLessThan(
        1e-6,
      );
    }
  });

  it("Rb(t) with desensitisation off agrees to 1e-5 with the exponential integrator (its rtol)", () => {
    const p = { ...params, kdes: 0, tauR: 30 };
    const r = simulate(model, { params: p }, { method: "exponential", every: 60 });
    const hb = (n: number) => n / (n + 0.5);
    const nAt = (s: number) => nExact(s, 0.7, 60, 600, 10);
    for (const t of [120, 300, 660, 900, 1800]) {
      const k = Math.round(t / 60);
      expect(Math.abs(((r.states[Rb] as Float64Array)[k] as number) - rbExact(t, hb, nAt, 30, [60, 660]))).toBeLessThan(
        1e-5,
      );
    }
  });
});
