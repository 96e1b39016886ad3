import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileModel, loadModel, type Model, simulate } from "../../src/engine/index.ts";

function load(file: string): Model {
  return loadModel(readFileSync(file, "utf8"), file);
}

// Graupner & Brunel 2012: numbers from the paper's analysis (αd, αp by hand from the calcium
// transients; the change values of its Fig. 2 DP curve), not from this engine.
describe("Graupner & Brunel 2012 (models/graupner-brunel-2012.yaml)", () => {
  const gb = load("models/graupner-brunel-2012.yaml");
  const at = (deltaT: number, preset = "dp", method: "auto" | "odex" | "exponential" = "auto") =>
    simulate(gb, { preset, params: { deltaT } }, { method }).summary.readouts;

  for (const method of ["odex", "exponential"] as const) {
    it(`DP at Δt = +10 ms: αd = 0.02328 and αp = 0.01804 (±1e-4), ${method}`, () => {
      // Post at 10 ms (c = 2), pre calcium at 13.7 ms (c = 2e^(−3.7/20) + 1): above θd for
      // 3.7 + 20 ln 2.6622 ms, above θp for 3.7 + 20 ln(2.6622/1.3) ms, per pair.
      const r = at(0.01, "dp", method);
      expect(Math.abs((r.alphaD as number) - 0.02328)).toBeLessThan(1e-4);
      expect(Math.abs((r.alphaP as number) - 0.01804)).toBeLessThan(1e-4);
    });
  }

  it.each([
    [-0.02, 0.764],
    [0.01, 1.221],
    [0.02, 1.172],
  ])("DP change at Δt = %s s is %s (±0.003)", (deltaT, expected) => {
    expect(Math.abs((at(deltaT).change as number) - expected)).toBeLessThan(0.003);
  });

  it("fires 120 calcium jumps for 60 pairs", () => {
    expect(simulate(gb).events).toBe(120);
  });

  it("change is exactly 1 (not NaN) when calcium never reaches θd", () => {
    const r = simulate(gb, { params: { Cpre: 0.3, Cpost: 0.3 } }).summary;
    expect(r.readouts.alphaD).toBe(0);
    expect(r.readouts.change).toBe(1);
    expect(r.outcome).toBe("none");
  });

  // The drift τ dρ/dt = −ρ(1−ρ)(ρ*−ρ) + γp(1−ρ)Θp − γd ρ Θd, read from the compiled rate with the
  // switches held at chosen values.
  const rho = gb.states.find((s) => s.name === "rho")?.index as number;
  const drift = (r: number, thetaD: 0 | 1, thetaP: 0 | 1) => {
    const p = new Float64Array(gb.parameters.length + gb.switches.length);
    for (const q of gb.parameters) p[q.index] = q.default;
    for (const s of gb.switches) p[gb.parameters.length + s.index] = s.name === "aboveD" ? thetaD : thetaP;
    const y = new Float64Array(gb.states.length);
    y[rho] = r;
    const out = new Float64Array(gb.states.length);
    compileModel(gb).rhs(0, y, p, new Float64Array(0), out, null);
    return out[rho] as number;
  };

  it("with no calcium, ρ = 0, ρ* and 1 are fixed points; the two ends are stable, ρ* unstable", () => {
    for (const r of [0, 0.5, 1]) expect(drift(r, 0, 0)).toBe(0);
    expect(drift(0.01, 0, 0)).toBeLessThan(0);
    expect(drift(0.99, 0, 0)).toBeGreaterThan(0);
    expect(drift(0.49, 0, 0)).toBeLessThan(0);
    expect(drift(0.51, 0, 0)).toBeGreaterThan(0);
  });

  it("with both thresholds exceeded, ρ settles at γp/(γp+γd) corrected by the cubic term (≈ 0.6168)", () => {
    // Root of the drift by bisection: the cubic shifts γp/(γp+γd) = 0.61672 up by about 5e-5.
    let lo = 0;
    let hi = 1;
    for (let k = 0; k < 60; k++) {
      const mid = (lo + hi) / 2;
      if (drift(mid, 1, 1) > 0) lo = mid;
      else hi = mid;
    }
    expect(Math.abs(lo - 0.6168)).toBeLessThan(5e-5);
    expect(drift(lo - 0.01, 1, 1)).toBeGreaterThan(0);
    expect(drift(lo + 0.01, 1, 1)).toBeLessThan(0);
  });

  // Reference: the paper's formula with αd, αp measured on a 0.1 µs grid of the two calcium transients
  // (an independent computation, in Python), for the DPD set.
  it.each([
    [0.005, 1.1933],
    [0.02, 0.8675],
  ])("DPD change at Δt = %s s is %s (±0.003): potentiation near 0, depression beyond", (deltaT, expected) => {
    expect(Math.abs((at(deltaT, "dpd").change as number) - expected)).toBeLessThan(0.003);
  });
});

describe("Shouval, Bear & Cooper 2002 rule under a calcium clamp (models/shouval-2002-rule.yaml)", () => {
  const sh = load("models/shouval-2002-rule.yaml");
  const sig = (x: number, b: number) => Math.exp(b * x) / (1 + Math.exp(b * x));

  for (const Ca of [0.2, 0.45, 0.8]) {
    for (const method of ["odex", "exponential"] as const) {
      it(`w(t) = Ω/λ + (w0 − Ω/λ)e^(−ληt) to 1e-6 at Ca = ${Ca} µM (${method})`, () => {
        const r = simulate(sh, { params: { Ca, dur: 30, tEnd: 30 } }, { method });
        const omega = 0.25 + sig(Ca - 0.55, 80) - 0.25 * sig(Ca - 0.35, 80);
        const eta = 1 / (0.1 / (1e-5 + Ca ** 3) + 1);
        const w = r.states[0] as Float64Array;
        r.t.forEach((t, k) => {
          expect(Math.abs((w[k] as number) - (omega + (0.25 - omega) * Math.exp(-eta * t)))).toBeLessThan(1e-6);
        });
      });
    }
  }
});
