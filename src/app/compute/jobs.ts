import type {
  Evaluation,
  Failure,
  MapAxisSpec,
  MapResult,
  PopulationResult,
  RunSpec,
  SensitivityResult,
  SpreadEntry,
  SubjectRuns,
  Treatment,
  TrialResult,
  Verdict,
} from "../../engine/index.ts";

/**
 * One swept setting of the dose-response: the current run, or the current run with a treatment.
 * `readouts` holds one array per readout id (end:<state>, peak:<state>, …), NaN where a solve failed.
 */
export interface DoseSeries {
  label: string;
  treatment: Treatment | null;
  values: number[];
  readouts: Record<string, number[]>;
  outcome: string[];
}

/** The readouts of the current run itself, to mark on the curve. */
export interface DosePoint {
  x: number;
  readouts: Record<string, number>;
  outcome: string;
}

export interface DoseJob {
  kind: "dose";
  param: string;
  values: number[];
  /** Presets to overlay, each applied to the current run as a treatment (its ratios to the defaults). */
  overlays: string[];
}

export interface PopulationJob {
  kind: "population";
  seed: number;
  n: number;
  spread: SpreadEntry[];
  /** Preset given to the same subjects, or null for none. */
  treatment: string | null;
}

export interface TrialJob {
  kind: "trial";
  seed: number;
  n: number;
  spread: SpreadEntry[];
  treatment: string;
}

export interface SensitivityJob {
  kind: "sensitivity";
}

export interface MapJob {
  kind: "map";
  x: MapAxisSpec;
  y: MapAxisSpec;
}

/** One of the model's claims checked under the run. */
export interface ClaimJob {
  kind: "claim";
  claim: string;
}

export type AnalysisJob = DoseJob | PopulationJob | TrialJob | SensitivityJob | MapJob;

/**
 * The jobs a pool of workers splits: a population or a trial by subjects, a map by cells, a sensitivity
 * by parameters.
 */
export type SplittableJob = PopulationJob | TrialJob | MapJob | SensitivityJob;

/**
 * Items from ≤ k < to of a splittable job: subjects (a trial's numbered over both arms), map cells (row
 * by row) or the model's free parameters.
 */
export interface PartJob {
  kind: "part";
  whole: SplittableJob;
  from: number;
  to: number;
}

export type ComputeJob = AnalysisJob | ClaimJob | PartJob;

/** Results as they cross to the page: the engine's, less the resolved run (it holds the model). */
export interface DoseOutput {
  kind: "dose";
  param: string;
  series: DoseSeries[];
  current: DosePoint;
  methods: string[];
}
export type PopulationOutput = { kind: "population" } & Omit<PopulationResult, "base">;
export type TrialOutput = { kind: "trial" } & Omit<TrialResult, "base">;
export type SensitivityOutput = { kind: "sensitivity" } & Omit<SensitivityResult, "base">;
export type MapOutput = { kind: "map" } & Omit<MapResult, "base">;
export type AnalysisOutput = DoseOutput | PopulationOutput | TrialOutput | SensitivityOutput | MapOutput;
export interface ClaimOutput {
  kind: "claim";
  claim: string;
  verdict: Verdict;
  text: string;
}
/** One part's solves, as the engine returns them, for the page to join in item order. */
export type PartOutput =
  | { kind: "part"; whole: "population"; from: number; runs: SubjectRuns[]; complete: boolean }
  | { kind: "part"; whole: "trial"; from: number; runs: (Evaluation | Failure)[]; complete: boolean }
  | { kind: "part"; whole: "map"; from: number; cells: (Evaluation | Failure)[]; complete: boolean }
  | { kind: "part"; whole: "sensitivity"; from: number; result: SensitivityOutput };
export type ComputeOutput = AnalysisOutput | ClaimOutput | PartOutput;

/**
 * What the worker's equations were compiled to: generated code, or closures where its own context
 * forbids eval (a worker is under its own script's policy, not the page's <meta> one).
 */
export type ComputeBackend = "function" | "closures";

/** Messages between the page and the compute worker: the model once, then one job per message. */
export type ComputeRequest =
  | { kind: "init"; modelText: string; modelFile: string }
  | { kind: "run"; id: number; spec: RunSpec; job: ComputeJob };

export type ComputeReply =
  | { kind: "progress"; id: number; done: number; total: number }
  | { kind: "result"; id: number; output: ComputeOutput; ms: number; backend: ComputeBackend }
  | { kind: "error"; id: number; message: string };
