import type { Model, Parameter } from "../model/model.ts";
import { formatValue, type ResolvedRun, type RunSpec, resolveRun } from "../run/run-spec.ts";
import type { MethodId, SimulateOptions } from "../solve/simulate.ts";
import { type Evaluation, evaluate, isFailure, tryEvaluate } from "./evaluate.ts";
import type { Progress } from "./progress.ts";

export const DEFAULT_RELATIVE_STEP = 1e-3;

/**
 * Solver tolerance for the sensitivity runs, per integrator. A difference quotient divides solver error
 * by the step, so the exponential integrator's interactive rtol (1e-5) would leave errors of a few % in
 * S at h = 1e-3; at 1e-7 S agrees with an rtol 1e-10 reference to about 1e-4. odex's default is already
 * tight enough; the Rosenbrock method is tightened by as much as its default is looser than odex's.
 */
export const SENSITIVITY_TOLERANCE = {
  exponential: { rtol: 1e-7, atol: 1e-9 },
  odex: { rtol: 1e-8, atol: 1e-10 },
  rosenbrock: { rtol: 1e-8, atol: 1e-10 },
} as const;

/** "failed": a perturbed solve did not finish, so this parameter has no sensitivity to report. */
export type Scheme = "central" | "forward" | "backward" | "skipped" | "failed";

export interface SensitivityOptions {
  /** Relative step h: δ = h·|p| (default 1e-3). */
  relStep?: number;
  /** Parameters to perturb; default every parameter that is not fixed. */
  params?: readonly string[];
  simulate?: SimulateOptions;
  onProgress?: Progress;
}

export interface SensitivityRow {
  param: string;
  value: number;
  /** Absolute step δ actually used (0 when skipped). */
  step: number;
  scheme: Scheme;
  /** Why the scheme is not central, when it is not. */
  note?: string;
  /** ∂y/∂p per output, in output units per parameter unit. */
  slope: Record<string, number>;
  /** Normalised sensitivity (∂y/∂p)·(p/y) per output: % change of y per % change of p. NaN if y = 0. */
  s: Record<string, number>;
}

export interface SensitivityResult {
  base: ResolvedRun;
  relStep: number;
  /** Output ids: "w_end", then "peak_<state>" for each of the readout's peaks. */
  outputs: string[];
  /** The outputs at the current point. */
  baseline: Record<string, number>;
  complete: boolean;
  rows: SensitivityRow[];
  method: string;
  methods: string[];
}

function outputsOf(e: Evaluation): Record<string, number> {
  const out: Record<string, number> = { w_end: e.wEnd };
  for (const [name, v] of Object.entries(e.peaks)) out[`peak_${name}`] = v;
  return out;
}

/** The parameters a sensitivity analysis perturbs unless told which: every one that is not fixed, in file order. */
export function sensitivityParams(model: Model): string[] {
  return model.parameters.filter((p) => !p.fixed).map((p) => p.name);
}

export function sensitivityMethodText(relStep: number): string {
  return (
    `Normalised local sensitivity S = (∂y/∂p)·(p/y) at the current point, every other parameter held. ` +
    `∂y/∂p by central finite difference (y(p+δ) − y(p−δ))/2δ with δ = ${relStep}·|p|. Where p±δ would leave ` +
    `the parameter's range, a one-sided second-order difference into the range: forward ` +
    `(−3y(p) + 4y(p+δ) − y(p+2δ))/2δ or its backward mirror. At p = 0, δ = ${relStep} × the range width and ` +
    `S = 0 (a zero parameter has no relative change); the slope is still given. Parameters that take whole ` +
    `steps are skipped. S = 0.5 means a 1 % rise in p raises y by 0.5 %; the sign is the direction.`
  );
}

/**
 * Normalised local sensitivity of w_end and of each peak to each parameter, by finite differences on
 * the full simulation (the derivative a student's slider experiment measures, including the effect on
 * the peak's timing).
 */
export function runSensitivity(
  model: Model,
  spec: RunSpec | ResolvedRun,
  options: SensitivityOptions = {},
): SensitivityResult {
  const base = "values" in spec ? spec : resolveRun(model, spec);
  const h = options.relStep ?? DEFAULT_RELATIVE_STEP;
  if (!(h > 0 && h < 0.1)) throw new RangeError(`relative step must be between 0 and 0.1, not ${h}`);
  const params: Parameter[] = [];
  for (const name of options.params ?? sensitivityParams(model)) {
    const p = model.parameters.find((q) => q.name === name);
    if (!p) throw new RangeError(`unknown parameter "${name}"`);
    if (p.fixed) throw new RangeError(`${name} is fixed in this model`);
    params.push(p);
  }
  // Every run uses the integrator the current point chose, so no difference straddles a change of method.
  const probe = evaluate(model, base, base.values, options.simulate);
  const method = probe.method as MethodId;
  const sim = {
    ...options.simulate,
    method,
    rtol: options.simulate?.rtol ?? SENSITIVITY_TOLERANCE[method].rtol,
    atol: options.simulate?.atol ?? SENSITIVITY_TOLERANCE[method].atol,
  };
  const methods = new Set<string>();
  const at = (p: Parameter, x: number): Record<string, number> => {
    const v = Float64Array.from(base.values);
    v[p.index] = x;
    const e = tryEvaluate(model, base, v, sim);
    if (isFailure(e)) throw new PerturbedSolveFailed(`${p.name} = ${formatValue(x)}: ${e.failed}`);
    methods.add(e.method);
    return outputsOf(e);
  };
  const centre = evaluate(model, base, base.values, sim);
  methods.add(centre.method);
  const baseline = outputsOf(centre);
  const outputs = Object.keys(baseline);

  const rows: SensitivityRow[] = [];
  let complete = true;
  for (const [k, p] of params.entries()) {
    const p0 = base.values[p.index] as number;
    try {
      rows.push(sensitivityRow(p, p0, h, outputs, baseline, (x) => at(p, x)));
    } catch (err) {
      if (!(err instanceof PerturbedSolveFailed)) throw err;
      const nan = Object.fromEntries(outputs.map((o) => [o, Number.NaN]));
      rows.push({ param: p.name, value: p0, step: 0, scheme: "failed", note: err.message, slope: nan, s: { ...nan } });
    }
    if (options.onProgress?.(k + 1, params.length) === false) {
      complete = false;
      break;
    }
  }
  return {
    base,
    relStep: h,
    outputs,
    baseline,
    complete,
    rows,
    method: `${sensitivityMethodText(h)} Every run: ${method} integrator, rtol ${sim.rtol}.`,
    methods: [...methods],
  };
}

class PerturbedSolveFailed extends Error {}

function sensitivityRow(
  p: Parameter,
  p0: number,
  h: number,
  outputs: string[],
  baseline: Record<string, number>,
  at: (x: number) => Record<string, number>,
): SensitivityRow {
  const empty = () => Object.fromEntries(outputs.map((o) => [o, Number.NaN]));
  const [lo, hi] = p.range ?? [p0, p0];
  if (p.step !== undefined)
    return {
      param: p.name,
      value: p0,
      step: 0,
      scheme: "skipped",
      note: `takes whole steps of ${p.step}`,
      slope: empty(),
      s: empty(),
    };
  const d = p0 === 0 ? h * (hi - lo) : h * Math.abs(p0);
  const fitsUp = p0 + 2 * d <= hi;
  const fitsDown = p0 - 2 * d >= lo;
  let scheme: Scheme;
  let note: string | undefined;
  const slope: Record<string, number> = {};
  if (p0 + d <= hi && p0 - d >= lo && p0 !== 0) {
    scheme = "central";
    const up = at(p0 + d);
    const down = at(p0 - d);
    for (const o of outputs) slope[o] = ((up[o] as number) - (down[o] as number)) / (2 * d);
  } else if (fitsUp || fitsDown) {
    // One-sided, into the range, second order so its error is of the same order as the central one.
    const sign = fitsUp ? 1 : -1;
    scheme = fitsUp ? "forward" : "backward";
    note = p0 === 0 ? "p = 0" : `p within ${formatValue(d)} of the ${fitsUp ? "lower" : "upper"} range edge`;
    const y1 = at(p0 + sign * d);
    const y2 = at(p0 + 2 * sign * d);
    for (const o of outputs)
      slope[o] = (sign * (-3 * (baseline[o] as number) + 4 * (y1[o] as number) - (y2[o] as number))) / (2 * d);
  } else {
    return {
      param: p.name,
      value: p0,
      step: 0,
      scheme: "skipped",
      note: "range too narrow for the step",
      slope: empty(),
      s: empty(),
    };
  }
  const s: Record<string, number> = {};
  for (const o of outputs) {
    const y = baseline[o] as number;
    s[o] = p0 === 0 ? 0 : y === 0 ? Number.NaN : ((slope[o] as number) * p0) / y;
  }
  return { param: p.name, value: p0, step: d, scheme, ...(note ? { note } : {}), slope, s };
}
