import { type Model, type RunSpec, resolveRun, simulate } from "../../engine/index.ts";

/**
 * w at the end of the run for each value of one parameter, everything else as in `spec`. A value whose
 * solve fails gives NaN, so one bad point leaves a gap instead of losing the curve.
 */
export function doseSweep(model: Model, spec: RunSpec, param: string, values: readonly number[]) {
  const base = resolveRun(model, spec);
  const p = model.parameters.find((q) => q.name === param);
  if (!p) throw new Error(`unknown parameter "${param}"`);
  const wEnd: number[] = [];
  const outcomes: string[] = [];
  for (const v of values) {
    const run = { ...base, values: Float64Array.from(base.values) };
    run.values[p.index] = v;
    try {
      const r = simulate(model, run);
      wEnd.push(r.summary.wEnd);
      outcomes.push(r.summary.outcome);
    } catch {
      wEnd.push(Number.NaN);
      outcomes.push("failed");
    }
  }
  return { wEnd, outcomes };
}
