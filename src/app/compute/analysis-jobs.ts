import {
  applyTreatment,
  type Model,
  NO_TREATMENT,
  type Progress,
  type ResolvedRun,
  runMap,
  runPopulation,
  runSensitivity,
  runTrial,
  simulate,
  treatmentFromPreset,
} from "../../engine/index.ts";
import type { AnalysisJob, AnalysisOutput, DoseJob, DoseOutput, DosePoint, DoseSeries } from "./analysis-messages.ts";

/**
 * Runs one analysis job on the engine, without the DOM, so the worker and the tests run the very same
 * code. The engine's results carry the resolved run (which holds the model); it is left out because
 * the page has its own.
 */
export function runAnalysisJob(model: Model, run: ResolvedRun, job: AnalysisJob, onProgress: Progress): AnalysisOutput {
  switch (job.kind) {
    case "dose":
      return doseResponse(model, run, job, onProgress);
    case "population": {
      const treatment = job.treatment === null ? null : treatmentFromPreset(model, job.treatment);
      const { base: _b, ...r } = runPopulation(model, run, {
        seed: job.seed,
        n: job.n,
        spread: job.spread,
        treatment,
        onProgress,
      });
      return { kind: "population", ...r };
    }
    case "trial": {
      const { base: _b, ...r } = runTrial(model, run, {
        seed: job.seed,
        n: job.n,
        spread: job.spread,
        arms: [NO_TREATMENT, treatmentFromPreset(model, job.treatment)],
        onProgress,
      });
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
    wEnd: now.summary.wEnd,
    peakC: now.summary.peaks.C?.value ?? Number.NaN,
    timeInLtd: now.summary.timeInLtd,
    timeInLtp: now.summary.timeInLtp,
    outcome: now.summary.outcome,
  };
  const methods = new Set<string>();
  const series: DoseSeries[] = [];
  let done = 1;
  for (const s of settings) {
    const base = s.treatment ? applyTreatment(model, run.values, s.treatment).values : run.values;
    const out: DoseSeries = {
      label: s.label,
      treatment: s.treatment,
      values: job.values,
      wEnd: [],
      peakC: [],
      peaks: Object.fromEntries(model.readout.peaks.map((name) => [name, []])),
      timeInLtd: [],
      timeInLtp: [],
      outcome: [],
    };
    for (const v of job.values) {
      const values = Float64Array.from(base);
      values[p.index] = v;
      try {
        const r = simulate(model, { ...run, values });
        methods.add(r.method.id);
        out.wEnd.push(r.summary.wEnd);
        out.peakC.push(r.summary.peaks.C?.value ?? Number.NaN);
        for (const name of model.readout.peaks) out.peaks[name]?.push(r.summary.peaks[name]?.value ?? Number.NaN);
        out.timeInLtd.push(r.summary.timeInLtd);
        out.timeInLtp.push(r.summary.timeInLtp);
        out.outcome.push(r.summary.outcome);
      } catch {
        for (const k of ["wEnd", "peakC", "timeInLtd", "timeInLtp"] as const) out[k].push(Number.NaN);
        for (const name of model.readout.peaks) out.peaks[name]?.push(Number.NaN);
        out.outcome.push("failed");
      }
      if (onProgress(++done, total) === false)
        return { kind: "dose", param: job.param, series, current, methods: [...methods] };
    }
    series.push(out);
  }
  return { kind: "dose", param: job.param, series, current, methods: [...methods] };
}
