import { describe, expect, it } from "vitest";
import { compileModel, resolveRun, simulate, sweepValues } from "../../src/engine/index.ts";
import { handWrittenRhs } from "../reference/ne-calcium-rhs.ts";
import { defaultModel } from "./default-model.ts";

const model = defaultModel();

// docs/model.md, reference behaviour (tests/reference/radau_table.py): scipy Radau (rtol 1e-6) at the defaults, 10 min NE step paired with activity, read at 3600 s.
const TABLE = [
  { u: 0.05, peakRb: 0.09, peakC: 0.263, w: 1.0, outcome: "none" },
  { u: 0.2, peakRb: 0.28, peakC: 0.396, w: 0.667, outcome: "LTD" },
  { u: 0.3, peakRb: 0.366, peakC: 0.456, w: 0.631, outcome: "LTD" },
  { u: 0.5, peakRb: 0.484, peakC: 0.539, w: 0.739, outcome: "LTD" },
  { u: 1.0, peakRb: 0.641, peakC: 0.649, w: 1.959, outcome: "LTP" },
  { u: 10, peakRb: 0.905, peakC: 0.834, w: 1.984, outcome: "LTP" },
] as const;

describe("the default model against the reference table of docs/model.md", () => {
  for (const method of ["auto", "odex", "exponential"] as const) {
    for (const row of TABLE) {
      it(`u = ${row.u} µM (${method}): w(3600) within 2e-3, peaks within 1e-3`, () => {
        const r = simulate(model, { params: { u: row.u } }, { method });
        // The table's values are rounded to 3 decimals: allow that half-unit on top of the tolerance.
        expect(Math.abs(r.summary.wEnd - row.w)).toBeLessThanOrEqual(2e-3 + 5e-4);
        expect(Math.abs((r.summary.peaks.Rb?.value ?? Number.NaN) - row.peakRb)).toBeLessThanOrEqual(1e-3 + 5e-4);
        expect(Math.abs((r.summary.peaks.C?.value ?? Number.NaN) - row.peakC)).toBeLessThanOrEqual(1e-3 + 5e-4);
        expect(r.summary.outcome).toBe(row.outcome);
      });
    }
  }

  it("at 1 µM, w dips to about 0.956 on its way up to LTP", () => {
    const r = simulate(model, { params: { u: 1 } });
    expect(r.summary.weightMin).toBeCloseTo(0.956, 3);
  });
});

describe("the dose-response of w(3600) against NE is U-shaped", () => {
  const us = sweepValues(0.01, 100, 81, true);
  const w = us.map((u) => simulate(model, { params: { u } }).summary.wEnd);
  const outcome = (x: number) => (x > 1.05 ? "LTP" : x < 0.95 ? "LTD" : "none");

  it("no change below ≈0.13 µM, LTD from ≈0.13 to 0.42 µM, LTP from ≈0.75 µM", () => {
    us.forEach((u, k) => {
      const o = outcome(w[k] as number);
      if (u < 0.12) expect(o, `u=${u}`).toBe("none");
      if (u > 0.14 && u < 0.41) expect(o, `u=${u}`).toBe("LTD");
      if (u > 0.76) expect(o, `u=${u}`).toBe("LTP");
    });
  });

  it("the LTD minimum is ≈0.63 near 0.32 µM", () => {
    let k = 0;
    w.forEach((x, j) => {
      if (x < (w[k] as number)) k = j;
    });
    expect(w[k]).toBeGreaterThan(0.62);
    expect(w[k]).toBeLessThan(0.64);
    expect(us[k]).toBeGreaterThan(0.26);
    expect(us[k]).toBeLessThan(0.4);
  });

  it("a competitive β-blocker (Kb × 10) shifts the whole curve ten-fold to the right", () => {
    for (const u of [0.05, 0.3, 1, 5]) {
      const plain = simulate(model, { params: { u } }).summary.wEnd;
      const blocked = simulate(model, { params: { u: 10 * u, Kb: 5 } }).summary.wEnd;
      expect(Math.abs(blocked - plain), `u=${u}`).toBeLessThan(1e-3);
    }
  });
});

describe("compiled equations", () => {
  it("equal the hand-written equations at random states and parameters (relative 1e-12)", () => {
    const compiled = compileModel(model).rhs;
    const hand = handWrittenRhs(model);
    const run = resolveRun(model, {});
    let seed = 7;
    const rand = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const a = new Float64Array(6);
    const b = new Float64Array(6);
    const da = new Float64Array(6);
    const db = new Float64Array(6);
    for (let trial = 0; trial < 500; trial++) {
      const p = Float64Array.from(run.values);
      for (const q of model.parameters) {
        if (!q.range) continue;
        const [lo, hi] = q.range;
        p[q.index] = q.scale === "log" ? lo * (hi / lo) ** rand() : lo + (hi - lo) * rand();
      }
      const y = [rand() * 10, rand(), rand(), rand(), rand(), 0.5 + rand() * 2];
      const inp = Float64Array.from([rand() * 10, rand() < 0.5 ? 0 : 1]);
      compiled(0, y, p, inp, a, da);
      hand(0, y, p, inp, b, db);
      for (let i = 0; i < 6; i++) {
        const scale = Math.max(1e-12, Math.abs(b[i] as number));
        expect(Math.abs((a[i] as number) - (b[i] as number)) / scale).toBeLessThan(1e-12);
        const dscale = Math.max(1e-12, Math.abs(db[i] as number));
        expect(Math.abs((da[i] as number) - (db[i] as number)) / dscale).toBeLessThan(1e-12);
      }
    }
  });

  it("report that every default-model rate is linear in its own state", () => {
    const c = compileModel(model);
    expect(c.linearInOwnState).toEqual([true, true, true, true, true, true]);
    expect(c.diagonal.every((d) => d === "symbolic")).toBe(true);
  });
});

describe("the closure back end (for pages whose policy forbids eval)", () => {
  it("gives exactly the generated function's rates, derivatives and helper values", () => {
    const fn = compileModel(model, "function");
    const cl = compileModel(model, "closures");
    expect(fn.backend).toBe("function");
    expect(cl.backend).toBe("closures");
    const run = resolveRun(model, { params: { nb: 1.7, ia2: 0.4, ga: 0.2, sb: 0.3, sa: 0.1 } });
    const y = [0.7, 0.4, 0.2, 0.3, 0.5, 1.2];
    const inp = Float64Array.from([1, 1]);
    const [a, b, da, db] = [new Float64Array(6), new Float64Array(6), new Float64Array(6), new Float64Array(6)];
    fn.rhs(0, y, run.values, inp, a, da);
    cl.rhs(0, y, run.values, inp, b, db);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(db)).toEqual(Array.from(da));
    const ha = new Float64Array(model.helpers.length);
    const hb = new Float64Array(model.helpers.length);
    fn.helperValues(y, run.values, inp, ha);
    cl.helperValues(y, run.values, inp, hb);
    expect(Array.from(hb)).toEqual(Array.from(ha));
  });
});
