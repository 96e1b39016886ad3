import { compileModel } from "../compile/compile-model.ts";
import type { Model } from "../model/model.ts";
import { evaluateDerived } from "../run/derived-readouts.ts";
import { buildSchedule, type InputSchedule } from "../run/input-schedule.ts";
import type { ActivityMode, ProtocolKind } from "../run/protocol-kinds.ts";
import { type Summary, summarise } from "../run/readouts.ts";
import { type ResolvedRun, type RunSpec, RunSpecError, resolveRun } from "../run/run-spec.ts";
import { makeDiscrete, scheduleJumps } from "./events.ts";
import { solveExponential } from "./solve-exponential.ts";
import { solveOdex } from "./solve-odex.ts";
import { outputTimes, SolveError, type SolveProblem, type SolveStats } from "./solve-problem.ts";
import { solveRosenbrock } from "./solve-rosenbrock.ts";
import { SwitchRuntime } from "./switches.ts";

export type MethodId = "odex" | "exponential" | "rosenbrock";
export type MethodChoice = "auto" | MethodId;

export interface SimulateOptions {
  /** Output interval in model time units (default 1). */
  every?: number;
  method?: MethodChoice;
  rtol?: number;
  atol?: number;
  /** Bound on solver steps for the whole run. */
  maxSteps?: number;
}

export interface MethodReport {
  id: MethodId;
  /** One line for people: which integrator, its tolerance, and why it was chosen. */
  description: string;
  stats: SolveStats;
}

export interface SimulationResult {
  model: Model;
  /** The preset the run started from, if any. */
  presetId: string | undefined;
  values: Float64Array;
  protocol: ProtocolKind;
  activity: ActivityMode;
  t: Float64Array;
  /** Indexed as `model.states`. */
  states: Float64Array[];
  /** Indexed as `model.inputs`. */
  inputs: Float64Array[];
  breakpoints: number[];
  /** How many event jumps fired during the run. */
  events: number;
  method: MethodReport;
  summary: Summary;
}

const DEFAULTS = { every: 1, maxSteps: 200_000 };
/** Each method's default tolerance (what simulate gives it unless told otherwise). */
export const TOLERANCE: Readonly<Record<MethodId, { rtol: number; atol: number }>> = {
  odex: { rtol: 1e-8, atol: 1e-10 },
  exponential: { rtol: 1e-5, atol: 1e-6 },
  rosenbrock: { rtol: 1e-6, atol: 1e-8 },
};

const DESCRIPTION: Record<MethodId, string> = {
  odex: "odex (Gragg–Bulirsch–Stoer extrapolation)",
  exponential: "adaptive exponential midpoint (exponential Euler family)",
  rosenbrock: "RODAS4 (L-stable Rosenbrock method, symbolic Jacobian)",
};

/**
 * Stiffness index: the fastest rate times the simulated time. Above it an explicit method's step count
 * grows with the index whatever the accuracy asked (odex: ~150 steps and 5 900 evaluations at the
 * default index of 3 600; ~4 800 steps and 153 000 evaluations at tauC = 0.02 s), while the exponential
 * integrator's follow accuracy alone (~2 600 steps of 2 evaluations in both cases).
 */
export const STIFFNESS_INDEX = 200;

/** What a run needs from its model alone, whatever the parameter values: worked out once per model. */
interface ModelSetup {
  endIndex: number;
  y0: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  stateNames: string[];
}

const setups = new WeakMap<Model, ModelSetup>();

// Solvers only read these (each copies y0 before stepping), so runs of one model can share them.
function modelSetup(model: Model): ModelSetup {
  let setup = setups.get(model);
  if (!setup) {
    setup = {
      endIndex: model.parameters.find((p) => p.name === model.endParam)?.index ?? -1,
      y0: Float64Array.from(model.states, (s) => s.initial),
      lower: Float64Array.from(model.states, (s) => s.bounds[0] ?? Number.NEGATIVE_INFINITY),
      upper: Float64Array.from(model.states, (s) => s.bounds[1] ?? Number.POSITIVE_INFINITY),
      stateNames: model.states.map((s) => s.name),
    };
    setups.set(model, setup);
  }
  return setup;
}

/** Solves one run of the model. Throws SolveError if the solve does not reach the end. */
export function simulate(
  model: Model,
  spec: RunSpec | ResolvedRun = {},
  options: SimulateOptions = {},
): SimulationResult {
  const run = "values" in spec ? spec : resolveRun(model, spec);
  const compiled = compileModel(model);
  const setup = modelSetup(model);
  const tEnd = run.values[setup.endIndex] as number;
  const every = options.every ?? DEFAULTS.every;
  if (!(every > 0) || !Number.isFinite(every))
    throw new RangeError(`output interval must be a positive number, not ${every}`);
  const { jumps, problems } = scheduleJumps(model.events, model.parameters, run.values, tEnd, model.timeUnit);
  if (problems.length) {
    throw new RunSpecError(problems.map((p) => ({ name: p.event, message: `event "${p.event}": ${p.message}` })));
  }
  const schedule = buildSchedule(
    model,
    run.values,
    run,
    tEnd,
    jumps.map((j) => j.time),
  );
  // The solver's parameter vector: the run's values, then one slot per switch.
  const params = new Float64Array(run.values.length + model.switches.length);
  params.set(run.values);
  const switches = model.switches.length ? new SwitchRuntime(model, params, run.values.length) : undefined;
  const discrete = makeDiscrete(model, jumps, switches);
  const problem: SolveProblem = {
    rhs: compiled.rhs,
    jacobian: compiled.jacobian,
    params,
    schedule,
    y0: setup.y0,
    times: outputTimes(tEnd, every),
    stateNames: setup.stateNames,
    maxSteps: options.maxSteps ?? DEFAULTS.maxSteps,
    lower: setup.lower,
    upper: setup.upper,
  };
  if (discrete) problem.discrete = discrete;
  const choice = options.method ?? "auto";
  const rate = fastestRate(problem, schedule);
  const index = rate * tEnd;
  const stiff = index > STIFFNESS_INDEX;
  let id: MethodId;
  let why: string;
  if (choice === "auto") {
    id = stiff ? "rosenbrock" : "odex";
    why = stiff
      ? `stiff on this time scale (fastest rate × time = ${index.toPrecision(3)} > ${STIFFNESS_INDEX})`
      : `non-stiff (fastest rate × time = ${index.toPrecision(3)})`;
  } else {
    id = choice;
    why = "chosen explicitly";
  }
  const tol = (method: MethodId) => ({
    rtol: options.rtol ?? TOLERANCE[method].rtol,
    atol: options.atol ?? TOLERANCE[method].atol,
  });
  let solved: ReturnType<typeof solveOdex>;
  if (id === "odex") {
    try {
      solved = solveOdex(problem, tol("odex"));
    } catch (err) {
      // An explicit method can still run out of steps where stiffness appears mid-run.
      if (!(err instanceof SolveError) || err.kind !== "step-limit" || choice !== "auto") throw err;
      id = "rosenbrock";
      why = `stiff fallback: ${err.message}`;
      solved = solveRosenbrock(problem, tol("rosenbrock"));
    }
  } else if (id === "rosenbrock") {
    try {
      solved = solveRosenbrock(problem, tol("rosenbrock"));
    } catch (err) {
      // Where the linearisation fails (a rate with an unbounded slope at a bound, such as N^0.5 at
      // N = 0), the exponential method, which needs only each rate's own slope, still finishes.
      if (!(err instanceof SolveError) || err.kind === "step-limit" || choice !== "auto") throw err;
      id = "exponential";
      why = `fallback after the Rosenbrock method failed (${err.message}); ${why}`;
      solved = solveExponential(problem, tol("exponential"));
    }
  } else {
    solved = solveExponential(problem, tol("exponential"));
  }
  const { recorder, stats } = solved;
  const description = `${DESCRIPTION[id]}, rtol ${tol(id).rtol}; ${why}`;
  const inputs = model.inputs.map(() => new Float64Array(problem.times.length));
  schedule.sample(problem.times, inputs);
  const row = new Float64Array(model.inputs.length);
  const last = problem.times.length - 1;
  const yEnd = new Float64Array(recorder.samples.length);
  for (let i = 0; i < yEnd.length; i++) yEnd[i] = (recorder.samples[i] as Float64Array)[last] as number;
  schedule.valueAt(tEnd, row);
  // The switches as the final state sets them, whatever a solver last held.
  switches?.reset(yEnd, row);
  const derived = evaluateDerived(model, yEnd, params, row);
  return {
    model,
    presetId: run.preset?.id,
    values: run.values,
    protocol: run.protocol,
    activity: run.activity,
    t: problem.times,
    states: recorder.samples,
    inputs,
    breakpoints: schedule.breakpoints,
    events: stats.events ?? 0,
    method: { id, description, stats },
    summary: summarise(model, run.values, problem.times, recorder.samples, recorder.max, derived, recorder.peakAt),
  };
}

/**
 * The largest |∂f_i/∂x_i| at the start state with each input at its highest level: an estimate of the
 * fastest time scale that an explicit method must resolve.
 */
function fastestRate(problem: SolveProblem, schedule: InputSchedule): number {
  const n = problem.y0.length;
  const inp = new Float64Array(schedule.segments[0]?.v0.length ?? 0);
  for (const seg of schedule.segments) {
    for (let k = 0; k < inp.length; k++) {
      const a = seg.v0[k] as number;
      const b = a + (seg.slope[k] as number) * (seg.t1 - seg.t0);
      inp[k] = Math.max(inp[k] as number, a, b);
    }
  }
  const out = new Float64Array(n);
  const diag = new Float64Array(n);
  problem.rhs(0, problem.y0, problem.params, inp, out, diag);
  let rate = 0;
  for (const d of diag) if (Number.isFinite(d)) rate = Math.max(rate, Math.abs(d));
  return rate;
}
