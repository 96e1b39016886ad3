import type { Model } from "./model.ts";
import type { Outcome } from "./readouts.ts";
import { checkValue, type ResolvedRun, type RunSpec, resolveRun } from "./run-spec.ts";
import { type SimulateOptions, simulate } from "./simulate.ts";

/** `n` values from `from` to `to`, evenly spaced, or evenly spaced in log10 when `log`. */
export function sweepValues(from: number, to: number, n: number, log = false): number[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`the number of values must be a whole number ≥ 1, not ${n}`);
  if (log && (from <= 0 || to <= 0)) throw new RangeError("a log sweep needs positive end points");
  if (n === 1) return [from];
  const a = log ? Math.log10(from) : from;
  const b = log ? Math.log10(to) : to;
  return Array.from({ length: n }, (_, k) => {
    const x = a + ((b - a) * k) / (n - 1);
    return log ? 10 ** x : x;
  });
}

export interface SweepRow {
  value: number;
  wEnd: number;
  outcome: Outcome;
  peaks: Record<string, number>;
  timeInLtd: number;
  timeInLtp: number;
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
  const vals = Float64Array.from(base.values);
  for (const [k, v] of values.entries()) {
    vals[p.index] = v;
    const r = simulate(model, { ...base, values: vals }, options);
    methods.add(r.method.id);
    rows.push({
      value: v,
      wEnd: r.summary.wEnd,
      outcome: r.summary.outcome,
      peaks: Object.fromEntries(Object.entries(r.summary.peaks).map(([name, pk]) => [name, pk.value])),
      timeInLtd: r.summary.timeInLtd,
      timeInLtp: r.summary.timeInLtp,
    });
    if (onProgress?.(k + 1, values.length) === false) break;
  }
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
  /** Which setting the row belongs to (e.g. "current settings", "β-blocker"), when a table has several. */
  setting?: string;
}

/**
 * The one table format of a sweep, written by the CLI's `sweep` and the app's dose-response alike:
 * the swept parameter, w_end, outcome, one peak_<state> per peak readout, time in the LTD and LTP bands,
 * and a last `setting` column when the rows come from more than one setting.
 */
export function sweepTable(
  model: Model,
  param: string,
  rows: readonly SweepTableRow[],
): { columns: string[]; rows: (number | string)[][] } {
  const peaks = model.readout.peaks;
  const settings = new Set(rows.map((r) => r.setting ?? ""));
  const labelled = settings.size > 1;
  return {
    columns: [
      param,
      "w_end",
      "outcome",
      ...peaks.map((p) => `peak_${p}`),
      "time_in_ltd",
      "time_in_ltp",
      ...(labelled ? ["setting"] : []),
    ],
    rows: rows.map((r) => [
      r.value,
      r.wEnd,
      r.outcome,
      ...peaks.map((p) => r.peaks[p] ?? Number.NaN),
      r.timeInLtd,
      r.timeInLtp,
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
