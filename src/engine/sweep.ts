import type { Model, Parameter } from "./model.ts";
import type { Outcome } from "./readouts.ts";
import { checkValue, type ResolvedRun, type RunSpec, resolveRun } from "./run-spec.ts";
import { type SimulateOptions, type SimulationResult, simulate } from "./simulate.ts";

/** `n` values from `from` to `to`, evenly spaced, or evenly spaced in log10 when `log`. */
export function sweepValues(from: number, to: number, n: number, log = false): number[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`the number of values must be a whole number ≥ 1, not ${n}`);
  if (log && (from <= 0 || to <= 0)) throw new RangeError("a log sweep needs positive end points");
  if (n === 1) return [from];
  const a = log ? Math.log10(from) : from;
  const b = log ? Math.log10(to) : to;
  // The end points are the ones asked for: 10 ** log10(0.05) is not exactly 0.05, and a sweep over a
  // parameter's whole range must not step outside it.
  return Array.from({ length: n }, (_, k) => {
    if (k === 0) return from;
    if (k === n - 1) return to;
    const x = a + ((b - a) * k) / (n - 1);
    return log ? 10 ** x : x;
  });
}

/** `n` values across a parameter's range, log-spaced when the parameter is log-scaled, to 6 significant digits. */
export function rangeSweepValues(p: Parameter, n: number): number[] {
  if (!p.range) throw new RangeError(`${p.name} is fixed in this model and cannot be swept`);
  return sweepValues(p.range[0], p.range[1], n, p.scale === "log").map((v) => Number(v.toPrecision(6)));
}

/**
 * The one sweep: runs `base` once per value of one parameter and hands each result to `each` (a
 * false return stops the sweep). With `gaps`, a value whose solve fails gives undefined instead of
 * ending the sweep, so one bad point leaves a gap in a curve.
 */
export function sweepRuns(
  model: Model,
  base: ResolvedRun,
  param: string,
  values: readonly number[],
  each: (value: number, result: SimulationResult | undefined, k: number) => boolean | undefined,
  options: SimulateOptions & { gaps?: boolean } = {},
): void {
  const p = model.parameters.find((q) => q.name === param);
  if (!p) throw new RangeError(`unknown parameter "${param}"`);
  const { gaps, ...simOptions } = options;
  const vals = Float64Array.from(base.values);
  for (const [k, v] of values.entries()) {
    vals[p.index] = v;
    let r: SimulationResult | undefined;
    try {
      r = simulate(model, { ...base, values: vals }, simOptions);
    } catch (err) {
      if (!gaps) throw err;
    }
    if (each(v, r, k) === false) return;
  }
}

export interface SweepRow {
  value: number;
  wEnd: number;
  outcome: Outcome;
  peaks: Record<string, number>;
  timeInLtd: number;
  timeInLtp: number;
  /** Every readout of the run by id (see listReadouts). */
  readouts: Record<string, number>;
}

export interface SweepResult {
  param: string;
  base: ResolvedRun;
  rows: SweepRow[];
  methods: string[];
}

/**
 * Runs the model once per value of one parameter, all else as in `spec`. Every value is checked
 * against the parameter's range first: a sweep never runs a value the model refuses.
 */
export function runSweep(
  model: Model,
  spec: RunSpec,
  param: string,
  values: readonly number[],
  options: SimulateOptions = {},
  onProgress?: (done: number, total: number) => boolean | undefined,
): SweepResult {
  const base = resolveRun(model, spec);
  const p = model.parameters.find((q) => q.name === param);
  if (!p) throw new RangeError(`unknown parameter "${param}"`);
  for (const v of values) {
    const problem = checkValue(model, param, v);
    if (problem) throw new RangeError(problem);
  }
  const rows: SweepRow[] = [];
  const methods = new Set<string>();
  sweepRuns(
    model,
    base,
    param,
    values,
    (v, r, k) => {
      if (!r) return false;
      methods.add(r.method.id);
      rows.push({
        value: v,
        wEnd: r.summary.wEnd,
        outcome: r.summary.outcome,
        peaks: Object.fromEntries(Object.entries(r.summary.peaks).map(([name, pk]) => [name, pk.value])),
        timeInLtd: r.summary.timeInLtd,
        timeInLtp: r.summary.timeInLtp,
        readouts: r.summary.readouts,
      });
      return onProgress?.(k + 1, values.length);
    },
    options,
  );
  return { param, base, rows, methods: [...methods] };
}

/** One row of a sweep table: a SweepRow, or one that failed (outcome "failed", numbers NaN), optionally labelled. */
export interface SweepTableRow {
  value: number;
  wEnd: number;
  outcome: string;
  peaks: Record<string, number>;
  timeInLtd: number;
  timeInLtp: number;
  /** Every numeric readout of the run by id (see listReadouts). */
  readouts: Record<string, number>;
  /** Which setting the row belongs to (e.g. "current settings", "β-blocker"), when a table has several. */
  setting?: string;
}

/**
 * The one table format of a sweep, written by the CLI's `sweep` and the app's dose-response alike:
 * the swept value, w at the end (where the model has a weight), the outcome, the highlighted peaks,
 * the time in each band (where the model has bands), then the readouts asked for by id.
 */
export function sweepTable(
  model: Model,
  param: string,
  rows: readonly SweepTableRow[],
  readouts: readonly string[] = model.derivedReadouts.map((r) => r.name),
): { columns: string[]; rows: (number | string)[][] } {
  const peaks = model.readout.peaks;
  const hasWeight = model.readout.weight !== undefined;
  const hasBands = model.readout.bands !== undefined;
  const settings = new Set(rows.map((r) => r.setting ?? ""));
  const labelled = settings.size > 1;
  return {
    columns: [
      param,
      ...(hasWeight ? ["w_end"] : []),
      "outcome",
      ...peaks.map((p) => `peak_${p}`),
      ...(hasBands ? ["time_in_ltd", "time_in_ltp"] : []),
      ...readouts,
      ...(labelled ? ["setting"] : []),
    ],
    rows: rows.map((r) => [
      r.value,
      ...(hasWeight ? [r.wEnd] : []),
      r.outcome,
      ...peaks.map((p) => r.peaks[p] ?? Number.NaN),
      ...(hasBands ? [r.timeInLtd, r.timeInLtp] : []),
      ...readouts.map((id) => r.readouts[id] ?? Number.NaN),
      ...(labelled ? [r.setting ?? ""] : []),
    ]),
  };
}

/** A CSV cell: numbers to 8 significant digits, a value not computed empty, text quoted when it must be. */
export function csvCell(x: number | string | null | undefined): string {
  if (x === null || x === undefined) return "";
  if (typeof x === "string") return /[",\n]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x;
  return Number.isFinite(x) ? String(Number(x.toPrecision(8))) : "";
}
