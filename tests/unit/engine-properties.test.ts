import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ACTIVITY_MODES, PROTOCOLS, simulate } from "../../src/engine/index.ts";
import { defaultModel } from "./default-model.ts";

const model = defaultModel();
const free = model.parameters.filter((p) => !p.fixed && p.range);

/** A value anywhere in a parameter's range, uniform on its own scale (log or linear). */
function inRange(p: (typeof free)[number]): fc.Arbitrary<number> {
  const [lo, hi] = p.range as [number, number];
  const unit = fc.double({ min: 0, max: 1, noNaN: true });
  return unit.map((s) => {
    const v = p.scale === "log" ? lo * (hi / lo) ** s : lo + (hi - lo) * s;
    const clamped = Math.min(hi, Math.max(lo, v));
    return p.step ? lo + Math.round((clamped - lo) / p.step) * p.step : clamped;
  });
}

const paramVector = fc.record(
  Object.fromEntries(free.map((p) => [p.name, inRange(p)])) as Record<string, fc.Arbitrary<number>>,
);

describe("random parameter vectors within the ranges", () => {
  it("give finite states with 0 ≤ Rb, D, Ra ≤ 1 and C ≥ 0, and every solve ends", () => {
    let runs = 0;
    fc.assert(
      fc.property(
        paramVector,
        fc.constantFrom(...(Object.keys(PROTOCOLS) as (keyof typeof PROTOCOLS)[])),
        fc.constantFrom(...(Object.keys(ACTIVITY_MODES) as (keyof typeof ACTIVITY_MODES)[])),
        (params, protocol, activity) => {
          const r = simulate(model, { params, protocol, activity }, { every: 10 });
          runs++;
          expect(r.t[r.t.length - 1]).toBe(params.tEnd);
          for (const s of model.states) {
            const x = r.states[s.index] as Float64Array;
            const [lo, hi] = s.bounds;
            for (const v of x) {
              expect(Number.isFinite(v)).toBe(true);
              // A bound may be missed by the integrator's tolerance, never by more.
              if (lo !== null) expect(v).toBeGreaterThanOrEqual(lo - 1e-7);
              if (hi !== null) expect(v).toBeLessThanOrEqual(hi + 1e-7);
            }
          }
          expect(Number.isFinite(r.summary.wEnd)).toBe(true);
        },
      ),
      { numRuns: 150, seed: 20261126 },
    );
    expect(runs).toBe(150);
  });
});
