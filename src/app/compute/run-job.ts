import {
  applyTreatment,
  checkClaim,
  type Model,
  type Progress,
  type ResolvedRun,
  runMap,
  runPopulation,
  runSensitivity,
  runTrial,
  simulate,
  sweepRuns,
  treatmentFromPreset,
} from "../../engine/index.ts";
import { populationOptions, runPart, trialOptions } from "./job-parts.ts";
import type { ComputeJob, ComputeOutput, DoseJob, DoseOutput, DosePoint, DoseSeries } from "./jobs.ts";
import { readoutsOf } from "./readouts-of.ts";

/**
 * Runs one job on the engine, without the DOM, so the worker and the tests run the very same code.
 * The engine's results carry the resolved run (which holds the model); it is left out because the
 * page has its own.
 */
export function runJob(model: Model, run: ResolvedRun, job: ComputeJob, onProgress: Progress): ComputeOutput {
  switch (job.kind) {
    case "claim": {
      const claim = model.claims.find((c) => c.id === job.claim);
      if (!claim) throw new RangeError(`unknown claim "${job.claim}"`);
      const check = checkClaim(claim, run);
      return { kind: "claim", claim: claim.id, verdict: check.verdict, text: check.text };
    }
    case "dose":
      return doseResponse(model, run, job, onProgress);
    case "population": {
      const { base: _b, ...r } = runPopulation(model, run, populationOptions(model, job, onProgress));
      return { kind: "population", ...r };
    }
    case "trial": {
      const { base: _b, ...r } = runTrial(model, run, trialOptions(model, job, onProgress));
      return { kind: "trial", ...r };
    }
    case "sensitivity": {
      const { base: _b, ...r } = runSensitivity(model, run, { onProgress });
      return { kind: "sensitivity", ...r };
    }
    case "map": {
      const { base: _b, ...r } = runMap(model, run, { x: job.x, y: job.y, onProgress });
      return { kind: "map", ...r };
    }
    case "part":
      return runPart(model, run, job, onProgress);
  }
}

/**
 * The current run swept over one parameter, and again with each overlay preset applied as a treatment
 * (so "with the β-blocker" keeps every other setting the user made). A value whose solve fails gives
 * NaN: one bad point leaves a gap instead of losing the curve. Runs keep the default output grid,
 * not the analyses' coarse one, because the time spent in each calcium band is read off that grid.
 */
function doseResponse(model: Model, run: ResolvedRun, job: DoseJob, onProgress: Progress): DoseOutput {
  const p = model.parameters.find((q) => q.name === job.param);
  if (!p) throw new RangeError(`unknown parameter "${job.param}"`);
  const settings = [
    { label: "current settings", treatment: null },
    ...job.overlays.map((id) => {
      const t = treatmentFromPreset(model, id);
      return { label: t.label, treatment: t };
    }),
  ];
  const total = settings.length * job.values.length + 1;
  const now = simulate(model, run);
  const current: DosePoint = {
    x: run.values[p.index] as number,
    readouts: readoutsOf(model, now.summary),
    outcome: now.summary.outcome,
  };
  const ids = Object.keys(current.readouts);
  const methods = new Set<string>();
  const series: DoseSeries[] = [];
  let done = 1;
  let stopped = false;
  for (const s of settings) {
    const base = s.treatment ? { ...run, values: applyTreatment(model, run.values, s.treatment).values } : run;
    const out: DoseSeries = {
      label: s.label,
      treatment: s.treatment,
      values: job.values,
      readouts: Object.fromEntries(ids.map((id) => [id, []])),
      outcome: [],
    };
    sweepRuns(
      model,
      base,
      job.param,
      job.values,
      (_v, r) => {
        const values = r ? readoutsOf(model, r.summary) : {};
        if (r) methods.add(r.method.id);
        for (const id of ids) out.readouts[id]?.push(values[id] ?? Number.NaN);
        out.outcome.push(r ? r.summary.outcome : "failed");
        if (onProgress(++done, total) === false) stopped = true;
        return !stopped;
      },
      { gaps: true },
    );
    if (stopped) break;
    series.push(out);
  }
  return { kind: "dose", param: job.param, series, current, methods: [...methods] };
}
