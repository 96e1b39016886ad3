import {
  assembleMap,
  assemblePopulation,
  assembleTrial,
  type Model,
  mapCellCount,
  NO_TREATMENT,
  type Progress,
  type ResolvedRun,
  runMapCells,
  runPopulationSubjects,
  runSensitivity,
  runTrialSubjects,
  sensitivityParams,
  type Treatment,
  treatmentFromPreset,
  trialSubjectCount,
} from "../../engine/index.ts";
import type {
  AnalysisJob,
  AnalysisOutput,
  PartJob,
  PartOutput,
  PopulationJob,
  SensitivityOutput,
  SplittableJob,
  TrialJob,
} from "./jobs.ts";

/**
 * A job cut into parts for a pool of workers, and joined again. Every part draws what it needs from the
 * same seeded stream as the whole job (the engine's population and trial draw all subjects, then solve a range),
 * so the joined result is the one a single worker gives, number for number.
 */
export function isSplittable(job: AnalysisJob): job is SplittableJob {
  return job.kind === "population" || job.kind === "trial" || job.kind === "map" || job.kind === "sensitivity";
}

/** How many items the job has: subjects (both arms of a trial), map cells or perturbed parameters. */
function itemCount(model: Model, run: ResolvedRun, job: SplittableJob): number {
  switch (job.kind) {
    case "population":
      return job.n;
    case "trial":
      return trialSubjectCount(model, run, trialOptions(model, job));
    case "map":
      return mapCellCount(model, run, { x: job.x, y: job.y });
    case "sensitivity":
      return sensitivityParams(model).length;
  }
}

/** The job as `parts` contiguous, nearly equal ranges of its items (fewer when it has fewer items). */
export function splitJob(model: Model, run: ResolvedRun, job: SplittableJob, parts: number): PartJob[] {
  const n = itemCount(model, run, job);
  const k = Math.max(1, Math.min(parts, n));
  return Array.from({ length: k }, (_, i) => ({
    kind: "part",
    whole: job,
    from: Math.floor((i * n) / k),
    to: Math.floor(((i + 1) * n) / k),
  }));
}

/** The population job as the engine's options: the chosen preset, if any, as the treatment. */
export const populationOptions = (model: Model, job: PopulationJob, onProgress?: Progress) => ({
  seed: job.seed,
  n: job.n,
  spread: job.spread,
  treatment: job.treatment === null ? null : treatmentFromPreset(model, job.treatment),
  onProgress,
});

/** The trial job as the engine's options: control against the chosen preset as a treatment. */
export const trialOptions = (model: Model, job: TrialJob, onProgress?: Progress) => ({
  seed: job.seed,
  n: job.n,
  spread: job.spread,
  arms: [NO_TREATMENT, treatmentFromPreset(model, job.treatment)] as [Treatment, Treatment],
  onProgress,
});

/** Solves one part, in the worker. */
export function runPart(model: Model, run: ResolvedRun, part: PartJob, onProgress: Progress): PartOutput {
  const { whole, from, to } = part;
  switch (whole.kind) {
    case "population": {
      const r = runPopulationSubjects(model, run, populationOptions(model, whole, onProgress), from, to);
      return { kind: "part", whole: "population", from, ...r };
    }
    case "trial": {
      const r = runTrialSubjects(model, run, trialOptions(model, whole, onProgress), from, to);
      return { kind: "part", whole: "trial", from, ...r };
    }
    case "map": {
      const r = runMapCells(model, run, { x: whole.x, y: whole.y, onProgress }, from, to);
      return { kind: "part", whole: "map", from, ...r };
    }
    case "sensitivity": {
      const params = sensitivityParams(model).slice(from, to);
      const { base: _b, ...r } = runSensitivity(model, run, { params, onProgress });
      return { kind: "part", whole: "sensitivity", from, result: { kind: "sensitivity", ...r } };
    }
  }
}

/** The whole job's output from its parts' outputs (in any order), on the page. */
export function joinParts(model: Model, run: ResolvedRun, job: SplittableJob, parts: PartOutput[]): AnalysisOutput {
  const sorted = [...parts].sort((a, b) => a.from - b.from);
  switch (job.kind) {
    case "population": {
      const ps = sorted.filter((p) => p.whole === "population");
      const runs = ps.flatMap((p) => p.runs);
      const { base: _b, ...r } = assemblePopulation(
        model,
        run,
        populationOptions(model, job),
        runs,
        ps.every((p) => p.complete),
      );
      return { kind: "population", ...r };
    }
    case "trial": {
      const ps = upToFirstStop(sorted.filter((p) => p.whole === "trial"));
      const { base: _b, ...r } = assembleTrial(
        model,
        run,
        trialOptions(model, job),
        ps.flatMap((p) => p.runs),
        ps.every((p) => p.complete),
      );
      return { kind: "trial", ...r };
    }
    case "map": {
      const ps = upToFirstStop(sorted.filter((p) => p.whole === "map"));
      const { base: _b, ...r } = assembleMap(
        model,
        run,
        { x: job.x, y: job.y },
        ps.flatMap((p) => p.cells),
        ps.every((p) => p.complete),
      );
      return { kind: "map", ...r };
    }
    case "sensitivity": {
      const results: SensitivityOutput[] = sorted.flatMap((p) => (p.whole === "sensitivity" ? [p.result] : []));
      const first = results[0];
      if (!first) throw new Error("a sensitivity analysis with no parts");
      return {
        ...first,
        rows: results.flatMap((r) => r.rows),
        complete: results.every((r) => r.complete),
        methods: [...new Set(results.flatMap((r) => r.methods))],
      };
    }
  }
}

/** Parts whose items are placed by their position in the joined list: a stopped part ends the list. */
function upToFirstStop<P extends { complete: boolean }>(parts: P[]): P[] {
  const stop = parts.findIndex((p) => !p.complete);
  return stop < 0 ? parts : parts.slice(0, stop + 1);
}
