import { describe, expect, it } from "vitest";
import { buildSchedule, outputTimes, resolveRun, simulate } from "../../src/engine/index.ts";
import { defaultModel, stateIndex } from "./default-model.ts";

const model = defaultModel();
const N = stateIndex(model, "N");
const C = stateIndex(model, "C");

function schedule(spec: Parameters<typeof resolveRun>[1]) {
  const run = resolveRun(model, spec);
  const tEnd = run.values[model.parameters.find((p) => p.name === "tEnd")?.index ?? -1] as number;
  return buildSchedule(model, run.values, run, tEnd);
}

describe("input protocols", () => {
  it("a step is on over [tOn, tOn + dur) and both edges are breakpoints", () => {
    const s = schedule({});
    expect(s.breakpoints).toEqual([0, 60, 660, 3600]);
    const v = new Float64Array(2);
    s.valueAt(59.999, v);
    expect([...v]).toEqual([0, 0]);
    s.valueAt(60, v);
    expect([...v]).toEqual([1, 1]);
    s.valueAt(659.999, v);
    expect([...v]).toEqual([1, 1]);
    s.valueAt(660, v);
    expect([...v]).toEqual([0, 0]);
  });

  it("sampling a whole output grid gives valueAt's numbers at every time, edges and the end included", () => {
    for (const protocol of ["step", "pulse", "train", "ramp", "none"] as const) {
      const s = schedule({ protocol, params: { tOn: 60.5 } });
      const times = outputTimes(3600, 0.5);
      const columns = [new Float64Array(times.length), new Float64Array(times.length)];
      s.sample(times, columns);
      const v = new Float64Array(2);
      times.forEach((t, j) => {
        s.valueAt(t, v);
        expect([columns[0]?.[j], columns[1]?.[j]], `${protocol} at t = ${t}`).toEqual([v[0], v[1]]);
      });
    }
  });

  it("a 30 s pulse is never stepped over, even with a coarse output grid and a long run", () => {
    const params = { tOn: 590, tEnd: 14400, tauN: 10 };
    for (const method of ["odex", "exponential", "rosenbrock"] as const) {
      const r = simulate(model, { params, protocol: "pulse" }, { method, every: 600 });
      expect(r.breakpoints).toContain(590);
      expect(r.breakpoints).toContain(620);
      // N peaks at the pulse's end at u(1 − e^{−30/τN}); the per-step maximum must see it.
      expect(r.summary.peaks.Rb?.value).toBeGreaterThan(0.05);
      const nPeak = 1 - Math.exp(-3);
      const run = simulate(model, { params, protocol: "pulse" }, { method, every: 1 });
      const n = run.states[N] as Float64Array;
      expect(Math.abs((n[620] as number) - nPeak)).toBeLessThan(1e-6);
    }
  });

  it("the train protocol sees all five pulses", () => {
    const s = schedule({ protocol: "train" });
    expect(s.breakpoints).toEqual([0, 60, 120, 360, 420, 660, 720, 960, 1020, 1260, 1320, 3600]);
    const r = simulate(model, { protocol: "train" }, { every: 1 });
    const n = r.states[N] as Float64Array;
    let rises = 0;
    for (let k = 1; k < n.length; k++) if ((n[k - 1] as number) < 0.5 && (n[k] as number) >= 0.5) rises++;
    expect(rises).toBe(5);
    // Each pulse ends at tOn + k·period + width, where N peaks at 1 − e^{−6}.
    for (let k = 0; k < 5; k++) {
      const end = 60 + k * 300 + 60;
      expect(n[end]).toBeGreaterThan(0.99 * (1 - Math.exp(-6)));
    }
  });

  it("a ramp rises linearly from 0 at tOn to u at tOn + dur, then stops", () => {
    const s = schedule({ protocol: "ramp", params: { u: 2 } });
    const v = new Float64Array(2);
    s.valueAt(60, v);
    expect(v[0]).toBeCloseTo(0, 12);
    s.valueAt(360, v);
    expect(v[0]).toBeCloseTo(1, 12);
    s.valueAt(659.5, v);
    expect(v[0]).toBeCloseTo(2 * (599.5 / 600), 12);
    s.valueAt(660, v);
    expect(v[0]).toBe(0);
  });

  it("activity modes: paired follows NE plus actExtra, always is on throughout, off never", () => {
    const v = new Float64Array(2);
    const paired = schedule({ params: { actExtra: 100 } });
    expect(paired.breakpoints).toEqual([0, 60, 660, 760, 3600]);
    paired.valueAt(700, v);
    expect([...v]).toEqual([0, 1]);
    const always = schedule({ activity: "always" });
    always.valueAt(3000, v);
    expect(v[1]).toBe(1);
    const off = schedule({ activity: "off" });
    off.valueAt(100, v);
    expect([...v]).toEqual([1, 0]);
  });

  it("NE alone gives no lasting change; the vehicle (protocol none) keeps NE at zero", () => {
    const alone = simulate(model, { preset: "ne-alone" });
    expect(alone.summary.outcome).toBe("none");
    expect(alone.summary.peaks.C?.value).toBe(0);
    const vehicle = simulate(model, { preset: "activity-alone" });
    expect(Math.max(...(vehicle.states[N] as Float64Array))).toBe(0);
    expect(Math.max(...(vehicle.states[C] as Float64Array))).toBeCloseTo(0.2, 3);
    expect(vehicle.summary.outcome).toBe("none");
  });
});
