import type { Model, Parameter } from "../model/model.ts";
import type { Outcome } from "../run/readouts.ts";
import { checkValue, type ResolvedRun, type RunSpec, resolveRun } from "../run/run-spec.ts";
import type { SimulateOptions } from "../solve/simulate.ts";
import { type Evaluation, type Failure, type FailureCount, isFailure, noteFailure, tryEvaluate } from "./evaluate.ts";
import type { Progress } from "./progress.ts";
import { solveRange } from "./solve-range.ts";
import { sweepValues } from "./sweep.ts";

export const MAP_SIZE = { default: 40, min: 2, max: 200 };

/** One axis as asked: anything left out comes from the parameter (its range, its slider's scale). */
export interface MapAxisSpec {
  param: string;
  from?: number;
  to?: number;
  n?: number;
  log?: boolean;
}

export interface MapAxis {
  param: string;
  unit: string;
  log: boolean;
  values: number[];
}

export interface MapOptions {
  /** Default: the NE level (the amplitude of the model's first protocol input), log, over its range. */
  x?: MapAxisSpec;
  y: MapAxisSpec;
  simulate?: SimulateOptions;
  onProgress?: Progress;
}

export interface MapResult {
  base: ResolvedRun;
  x: MapAxis;
  y: MapAxis;
  /** wEnd[j][i] at y.values[j], x.values[i]; NaN where not run (cancelled) or where the solve failed. */
  wEnd: number[][];
  outcome: (Outcome | null)[][];
  /** The current point, to mark on the map. */
  current: { x: number; y: number };
  thresholds: { ltdBelow: number; ltpAbove: number };
  complete: boolean;
  failed: FailureCount;
  methods: string[];
}

/** The parameter the map's x axis shows by default: what the model applies (NE level u). */
export function defaultMapX(model: Model): string {
  for (const input of model.inputs) if (input.kind === "protocol") return input.amplitude;
  throw new RangeError("the model has no protocol input; give the x parameter");
}

/** Resolves an axis spec against the model; throws RangeError naming the problem. */
export function mapAxis(model: Model, spec: MapAxisSpec): MapAxis {
  const p: Parameter | undefined = model.parameters.find((q) => q.name === spec.param);
  if (!p) throw new RangeError(`unknown parameter "${spec.param}"`);
  if (p.fixed || !p.range) throw new RangeError(`${p.name} is fixed in this model and cannot be mapped`);
  const n = spec.n ?? MAP_SIZE.default;
  if (!Number.isInteger(n) || n < MAP_SIZE.min || n > MAP_SIZE.max)
    throw new RangeError(
      `${p.name}: number of values must be a whole number from ${MAP_SIZE.min} to ${MAP_SIZE.max}, not ${n}`,
    );
  const log = spec.log ?? p.scale === "log";
  const from = spec.from ?? p.range[0];
  const to = spec.to ?? p.range[1];
  for (const v of [from, to]) {
    const problem = checkValue(model, p.name, v);
    if (problem) throw new RangeError(problem);
  }
  if (from === to) throw new RangeError(`${p.name}: the axis needs two different end points`);
  if (log && (from <= 0 || to <= 0)) throw new RangeError(`${p.name}: a log axis needs positive end points`);
  if (p.step !== undefined) throw new RangeError(`${p.name} takes whole steps and cannot be a map axis`);
  return { param: p.name, unit: p.unit, log, values: sweepValues(from, to, n, log) };
}

interface MapPlan {
  base: ResolvedRun;
  x: MapAxis;
  y: MapAxis;
  ix: number;
  iy: number;
}

function mapPlan(model: Model, spec: RunSpec | ResolvedRun, options: MapOptions): MapPlan {
  const base = "values" in spec ? spec : resolveRun(model, spec);
  const x = mapAxis(model, options.x ?? { param: defaultMapX(model) });
  const y = mapAxis(model, options.y);
  if (x.param === y.param) throw new RangeError(`the two axes must be different parameters, not both ${x.param}`);
  const ix = model.parameters.find((p) => p.name === x.param)?.index as number;
  const iy = model.parameters.find((p) => p.name === y.param)?.index as number;
  return { base, x, y, ix, iy };
}

/** The number of cells of the map `options` asks for (after checking its axes). */
export function mapCellCount(model: Model, spec: RunSpec | ResolvedRun, options: MapOptions): number {
  const { x, y } = mapPlan(model, spec, options);
  return x.values.length * y.values.length;
}

/**
 * Solves the cells from ≤ k < to, numbered row by row (k = j·nx + i at y.values[j], x.values[i]), with
 * progress counted over that range; `complete` is false when the progress callback stopped it.
 */
export function runMapCells(
  model: Model,
  spec: RunSpec | ResolvedRun,
  options: MapOptions,
  from = 0,
  to?: number,
): { cells: (Evaluation | Failure)[]; complete: boolean } {
  const { base, x, y, ix, iy } = mapPlan(model, spec, options);
  const nx = x.values.length;
  const end = Math.min(nx * y.values.length, to ?? Number.POSITIVE_INFINITY);
  const values = Float64Array.from(base.values);
  const solved = solveRange(from, end, 1, options.onProgress, (k, next) => {
    values[iy] = y.values[Math.floor(k / nx)] as number;
    values[ix] = x.values[k % nx] as number;
    const cell = tryEvaluate(model, base, values, options.simulate);
    next();
    return cell;
  });
  return { cells: solved.items, complete: solved.complete };
}

/**
 * w_end over a grid of two parameters, all else as in the base run; filled row by row (one y value at
 * a time) so a partial map is still a set of whole rows plus one part row.
 */
export function runMap(model: Model, spec: RunSpec | ResolvedRun, options: MapOptions): MapResult {
  const { cells, complete } = runMapCells(model, spec, options);
  return assembleMap(model, spec, options, cells, complete);
}

/** The map from its first cells' solves, in cell order (cells not given stay empty): one run or joined shards. */
export function assembleMap(
  model: Model,
  spec: RunSpec | ResolvedRun,
  options: MapOptions,
  cells: readonly (Evaluation | Failure)[],
  complete = true,
): MapResult {
  const { base, x, y, ix, iy } = mapPlan(model, spec, options);
  const nx = x.values.length;
  const ny = y.values.length;
  const wEnd = Array.from({ length: ny }, () => new Array<number>(nx).fill(Number.NaN));
  const outcome = Array.from({ length: ny }, () => new Array<Outcome | null>(nx).fill(null));
  const failed: FailureCount = { count: 0 };
  const methods = new Set<string>();
  cells.forEach((e, k) => {
    const j = Math.floor(k / nx);
    const i = k % nx;
    if (isFailure(e)) noteFailure(failed, e);
    else {
      methods.add(e.method);
      (wEnd[j] as number[])[i] = e.wEnd;
      (outcome[j] as (Outcome | null)[])[i] = e.outcome;
    }
  });
  return {
    base,
    x,
    y,
    wEnd,
    outcome,
    current: { x: base.values[ix] as number, y: base.values[iy] as number },
    // NaN where the model has no LTP/LTD thresholds.
    thresholds: { ltdBelow: model.readout.ltdBelow ?? Number.NaN, ltpAbove: model.readout.ltpAbove ?? Number.NaN },
    complete,
    failed,
    methods: [...methods],
  };
}
