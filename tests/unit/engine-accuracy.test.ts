import { Solver } from "odex";
import { describe, expect, it } from "vitest";
import {
  buildSchedule,
  type Model,
  type ResolvedRun,
  type RunSpec,
  resolveRun,
  simulate,
  sweepValues,
} from "../../src/engine/index.ts";
import { handWrittenRhs } from "../reference/ne-calcium-rhs.ts";
import { defaultModel, stateIndex } from "./default-model.ts";

const model = defaultModel();
const W = stateIndex(model, "w");
const rhs = handWrittenRhs(model);

/**
 * The reference: the hand-written equations (not the model file, not the expression compiler) solved
 * by odex at rtol 1e-10, segment by segment over the run's inputs; only w at the end is read, so no
 * dense output is needed.
 */
function referenceWEnd(m: Model, run: ResolvedRun): number {
  const tEnd = run.values[m.parameters.find((p) => p.name === m.endParam)?.index ?? -1] as number;
  const schedule = buildSchedule(m, run.values, run, tEnd);
  const inp = new Float64Array(m.inputs.length);
  const out: number[] = new Array(m.states.length).fill(0);
  let y = m.states.map((s) => s.initial);
  for (const seg of schedule.segments) {
    const solver = new Solver(y.length);
    solver.relativeTolerance = 1e-10;
    solver.absoluteTolerance = 1e-12;
    solver.maxSteps = 10_000_000;
    const r = solver.solve(
      (t, yy) => {
        for (let k = 0; k < inp.length; k++) inp[k] = (seg.v0[k] as number) + (seg.slope[k] as number) * (t - seg.t0);
        rhs(t, yy, run.values, inp, out, null);
        return out;
      },
      seg.t0,
      y,
      seg.t1,
    );
    if (r.outcome !== 0) throw new Error(`reference solve did not finish on [${seg.t0}, ${seg.t1}]`);
    y = r.y;
  }
  return y[W] as number;
}

function worstError(specs: RunSpec[]): { error: number; where: string; methods: Set<string> } {
  let error = 0;
  let where = "";
  const methods = new Set<string>();
  for (const spec of specs) {
    const run = resolveRun(model, spec);
    const r = simulate(model, run);
    methods.add(r.method.id);
    const e = Math.abs(r.summary.wEnd - referenceWEnd(model, run));
    if (!(e <= error)) {
      error = e;
      where = JSON.stringify(spec);
    }
  }
  return { error, where, methods };
}

describe("accuracy of w(3600) at the default tolerance against a tight, independent reference", () => {
  const dose = model.parameters.find((p) => p.name === "u");
  const [lo, hi] = dose?.range ?? [Number.NaN, Number.NaN];

  it("200 doses log-spaced over the dose's whole range: worst |error| ≤ 1e-4", () => {
    const specs = sweepValues(lo, hi, 200, true).map((u) => ({ params: { u } }));
    const { error, where, methods } = worstError(specs);
    expect(error, `worst at ${where}`).toBeLessThanOrEqual(1e-4);
    // The default run is stiff on its time scale, so every dose goes through the stiff solver.
    expect([...methods]).toEqual(["rosenbrock"]);
  });

  it("every preset, with its own protocol: worst |error| ≤ 1e-4", () => {
    const { error, where } = worstError(model.presets.map((p) => ({ preset: p.id })));
    expect(model.presets.length).toBeGreaterThan(3);
    expect(error, `worst at ${where}`).toBeLessThanOrEqual(1e-4);
  });

  it("the stiff corner (tauC 0.02, eta0 1, tauR = tauN = 1), at the default dose and at 17.8 µM: worst |error| ≤ 1e-4", () => {
    const corner = { tauC: 0.02, eta0: 1, tauR: 1, tauN: 1 };
    // 17.8 µM is where the exponential method's optimistic error estimate let through its worst error.
    const specs = [{ params: corner }, { params: { ...corner, u: 17.8 } }];
    const { error, where, methods } = worstError(specs);
    expect(error, `worst at ${where}`).toBeLessThanOrEqual(1e-4);
    expect([...methods]).toEqual(["rosenbrock"]);
  });
});
