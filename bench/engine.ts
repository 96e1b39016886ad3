// Engine benchmarks: medians over repeated runs, each compared with a baseline measured in the same run.
// `npm run bench` runs this file bundled (see bundled.ts); `npx tsx bench/engine.ts` times tsx's output.
import { readFileSync, realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import {
  buildSchedule,
  compileModel,
  loadModel,
  outputTimes,
  type Rhs,
  resolveRun,
  runSweep,
  type SolveProblem,
  setAutoBackend,
  simulate,
  sweepValues,
  TOLERANCE,
} from "../src/engine/index.ts";
import { diagnoseModel } from "../src/engine/model/diagnose-model.ts";
import { solveExponential } from "../src/engine/solve/solve-exponential.ts";
import { solveOdex } from "../src/engine/solve/solve-odex.ts";
import { solveRosenbrock } from "../src/engine/solve/solve-rosenbrock.ts";
import { handWrittenRhs } from "../tests/reference/ne-calcium-rhs.ts";

const FILE = "models/ne-calcium-plasticity.yaml";
const model = loadModel(readFileSync(FILE, "utf8"), FILE);

/**
 * Median and 90th percentile (ms) of `reps` timed calls after at least `warm` untimed ones and at
 * least `warmMs` of them (the optimising compiler must have finished before timing starts).
 */
function time(fn: () => void, reps: number, warm = 5, warmMs = 1000): { median: number; p90: number } {
  const t0 = performance.now();
  for (let i = 0; i < warm || performance.now() - t0 < warmMs; i++) fn();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return { median: ts[Math.floor(reps / 2)] as number, p90: ts[Math.floor(reps * 0.9)] as number };
}

function problem(rhs: Rhs, spec: Parameters<typeof resolveRun>[1], every = 1): SolveProblem {
  const run = resolveRun(model, spec);
  const tEnd = run.values[model.parameters.find((p) => p.name === "tEnd")?.index ?? -1] as number;
  return {
    rhs,
    params: run.values,
    schedule: buildSchedule(model, run.values, run, tEnd),
    y0: Float64Array.from(model.states, (s) => s.initial),
    times: outputTimes(tEnd, every),
    stateNames: model.states.map((s) => s.name),
    maxSteps: 1_000_000,
    lower: Float64Array.from(model.states, (s) => s.bounds[0] ?? Number.NEGATIVE_INFINITY),
    upper: Float64Array.from(model.states, (s) => s.bounds[1] ?? Number.POSITIVE_INFINITY),
  };
}

export interface BenchRow {
  name: string;
  median: number;
  p90: number;
  target?: string;
  note?: string;
}

export function engineBench(): BenchRow[] {
  const rows: BenchRow[] = [];
  const compiled = compileModel(model).rhs;
  const hand = handWrittenRhs(model);
  const tol = { rtol: 1e-5, atol: 1e-7 };
  const odexTol = { rtol: 1e-8, atol: 1e-10 };

  const auto = time(() => simulate(model, {}), 60);
  const method = simulate(model, {}).method.id;
  rows.push({ name: `default simulation, 3600 s, output every 1 s (auto → ${method})`, ...auto, target: "≤ 2 ms" });

  // The methods against each other first: the solvers' call sites have then seen only the compiled
  // model, as in the app; the comparisons below hand the same solvers other rate functions.
  rows.push(...methodRows(compiled));

  const pc = problem(compiled, {});
  const ph = problem(hand, {});
  const pClosures = problem(compileModel(model, "closures").rhs, {});
  const exp = interleaved(
    {
      compiled: () => solveExponential(pc, tol),
      hand: () => solveExponential(ph, tol),
      closures: () => solveExponential(pClosures, tol),
    },
    60,
  );
  const expC = exp.compiled as { median: number; p90: number };
  const expH = exp.hand as { median: number; p90: number };
  const expK = exp.closures as { median: number; p90: number };
  rows.push({ name: "exponential, compiled equations", ...expC });
  rows.push({ name: "  exponential, hand-written equations (floor)", ...expH });
  rows.push({
    name: "  ratio compiled ÷ hand-written (exponential)",
    median: expC.median / expH.median,
    p90: Number.NaN,
    target: "≤ 1.5",
    note: "ratio",
  });
  rows.push({ name: "  exponential, eval-free back end (pages that forbid eval)", ...expK });
  rows.push({
    name: "  ratio eval-free ÷ generated function (exponential)",
    median: expK.median / expC.median,
    p90: Number.NaN,
    note: "ratio",
  });
  rows.push(...evalFreeRows());
  const odx = interleaved({ compiled: () => solveOdex(pc, odexTol), hand: () => solveOdex(ph, odexTol) }, 30);
  const odxC = odx.compiled as { median: number; p90: number };
  const odxH = odx.hand as { median: number; p90: number };
  rows.push({ name: "  odex rtol 1e-8, compiled equations", ...odxC });
  rows.push({ name: "  odex rtol 1e-8, hand-written equations (floor)", ...odxH });
  rows.push({
    name: "  ratio compiled ÷ hand-written (odex)",
    median: odxC.median / odxH.median,
    p90: Number.NaN,
    target: "≤ 1.5",
    note: "ratio",
  });
  rows.push({
    name: "  ratio odex ÷ exponential (compiled)",
    median: odxC.median / expC.median,
    p90: Number.NaN,
    note: "ratio",
  });

  const stiff = STIFF;
  const st = time(() => simulate(model, stiff), 30);
  rows.push({
    name: `stiff corner (tauC 0.02, eta0 1, tauR = tauN = 1), auto → ${simulate(model, stiff).method.id}`,
    ...st,
    target: "≤ 20 ms",
  });
  rows.push({ name: "  ratio stiff ÷ default", median: st.median / auto.median, p90: Number.NaN, note: "ratio" });
  const stOdex = time(() => simulate(model, stiff, { method: "odex" }), 5, 1, 0);
  rows.push({ name: "  same corner forced to odex", ...stOdex });

  rows.push(batchErrorRow());

  const us = sweepValues(0.01, 100, 33, true);
  const sw = time(() => runSweep(model, {}, "u", us), 10, 2);
  rows.push({ name: "33-point dose-response (u 0.01–100, log)", ...sw, target: "≤ 100 ms" });
  rows.push({
    name: "  ratio sweep ÷ (33 × default)",
    median: sw.median / (33 * auto.median),
    p90: Number.NaN,
    note: "ratio",
  });
  // The model editor's diagnosis after a keystroke: each call sees a text it has not seen before.
  const text = readFileSync(FILE, "utf8");
  let keystroke = 0;
  const diag = time(() => diagnoseModel(`${text}#${keystroke++}`, FILE), 40);
  rows.push({ name: "model editor: diagnostics of the default model after a keystroke", ...diag, target: "≤ 50 ms" });
  return rows;
}

const STIFF = { params: { tauC: 0.02, eta0: 1, tauR: 1, tauN: 1 } };

/**
 * The whole default simulate() as the explorer runs it on a page that forbids eval (the eval-free
 * back end), against the generated function, interleaved: a separate copy of the model, since a
 * model's compiled form is cached with the first back end it met.
 */
function evalFreeRows(): BenchRow[] {
  const evalFree = loadModel(readFileSync(FILE, "utf8"), FILE);
  setAutoBackend("closures");
  compileModel(evalFree);
  setAutoBackend("function");
  const t = interleaved({ generated: () => simulate(model, {}), evalFree: () => simulate(evalFree, {}) }, 100);
  const k = t.evalFree as { median: number; p90: number };
  return [
    { name: "default simulation, eval-free back end (the explorer under its CSP)", ...k },
    {
      name: "  ratio eval-free ÷ generated function, whole simulate()",
      median: k.median / (t.generated?.median as number),
      p90: Number.NaN,
      note: "ratio",
    },
  ];
}

/**
 * Times several functions against each other: round-robin, the order rotated every round, so that
 * machine load and garbage collection fall on all of them alike. The warm-up runs for at least
 * `warmMs` (V8's optimising compiler can take most of a second for a solver on a busy machine, and a
 * fixed handful of warm-up calls then times unoptimised code). Median and 90th percentile (ms).
 */
export function interleaved(
  fns: Record<string, () => unknown>,
  reps: number,
  warmMs = 2000,
): Record<string, { median: number; p90: number }> {
  const names = Object.keys(fns);
  const t0 = performance.now();
  for (let k = 0; k < 5 || performance.now() - t0 < warmMs; k++) for (const name of names) fns[name]?.();
  const ts: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < reps; r++) {
    for (let j = 0; j < names.length; j++) {
      const name = names[(r + j) % names.length] as string;
      const fn = fns[name] as () => unknown;
      const start = performance.now();
      fn();
      ts[name]?.push(performance.now() - start);
    }
  }
  return Object.fromEntries(
    names.map((n) => {
      const s = (ts[n] as number[]).sort((a, b) => a - b);
      return [n, { median: s[Math.floor(reps / 2)] as number, p90: s[Math.floor(reps * 0.9)] as number }];
    }),
  );
}

/**
 * Each method on the default run and on the stiff corner at the tolerance simulate() gives it:
 * rate evaluations, steps, and the time as a ratio to the exponential method (issue 15's targets:
 * ≤ 0.5 default, ≤ 0.35 stiff), all timed interleaved. Timed twice: the solver alone on one problem,
 * and the whole simulate() call that the app and the command line make; the two ratios should agree.
 */
function methodRows(rhs: Rhs): BenchRow[] {
  const rows: BenchRow[] = [];
  const jacobian = compileModel(model).jacobian;
  for (const [label, spec, target] of [
    ["default run", {}, 0.5],
    ["stiff corner", STIFF, 0.35],
  ] as const) {
    const p = { ...problem(rhs, spec), jacobian };
    const solvers = {
      exponential: () => solveExponential(p, TOLERANCE.exponential),
      rosenbrock: () => solveRosenbrock(p, TOLERANCE.rosenbrock),
    };
    const viaSimulate = {
      exponential: () => simulate(model, spec, { method: "exponential" }),
      rosenbrock: () => simulate(model, spec, { method: "rosenbrock" }),
    };
    const alone = interleaved(solvers, 200);
    const whole = interleaved(viaSimulate, 200);
    for (const [name, solve] of Object.entries(solvers)) {
      const { stats } = solve();
      rows.push({
        name: `${label}: ${name} (${stats.evaluations} rhs evaluations, ${stats.steps} steps, ${stats.rejected} rejected${stats.jacobians ? `, ${stats.jacobians} Jacobians` : ""})`,
        ...(alone[name] as { median: number; p90: number }),
      });
    }
    // odex is far slower on the stiff corner; it is timed on its own, after the others.
    const odex = () => solveOdex(p, TOLERANCE.odex);
    const { stats } = odex();
    rows.push({
      name: `${label}: odex (${stats.evaluations} rhs evaluations, ${stats.steps} steps, ${stats.rejected} rejected)`,
      ...(label === "stiff corner" ? time(odex, 5, 1, 0) : time(odex, 30, 2)),
    });
    const ratio = (t: Record<string, { median: number }>) =>
      (t.rosenbrock?.median as number) / (t.exponential?.median as number);
    rows.push({
      name: `  ${label}: ratio rosenbrock ÷ exponential, solver alone`,
      median: ratio(alone),
      p90: Number.NaN,
      target: `≤ ${target}`,
      note: "ratio",
    });
    rows.push({
      name: `  ${label}: ratio rosenbrock ÷ exponential, whole simulate() (${whole.rosenbrock?.median.toFixed(2)} ms)`,
      median: ratio(whole),
      p90: Number.NaN,
      target: `≤ ${target}`,
      note: "ratio",
    });
  }
  return rows;
}

/**
 * The worst |error| in w(3600) of simulate() at its default settings over 200 doses log-spaced over
 * the dose's range, against odex at rtol 1e-10 on the hand-written equations (as in the accuracy test).
 */
function batchErrorRow(): BenchRow {
  const hand = handWrittenRhs(model);
  const dose = model.parameters.find((p) => p.name === "u");
  const [lo, hi] = dose?.range ?? [0.01, 100];
  const W = model.states.findIndex((s) => s.name === "w");
  let worst = 0;
  let at = Number.NaN;
  for (const u of sweepValues(lo, hi, 200, true)) {
    const ref = solveOdex(problem(hand, { params: { u } }, 3600), { rtol: 1e-10, atol: 1e-12 }).recorder.samples[W];
    const r = simulate(model, { params: { u } });
    const e = Math.abs(r.summary.wEnd - (ref?.[ref.length - 1] as number));
    if (e > worst) {
      worst = e;
      at = u;
    }
  }
  return {
    name: `worst |error| in w(3600), 200 doses (auto, default tolerance; at u = ${at.toPrecision(3)})`,
    median: worst,
    p90: Number.NaN,
    target: "≤ 1e-4",
    note: "value",
  };
}

export function printRows(title: string, rows: BenchRow[]): void {
  console.log(`\n${title}`);
  for (const r of rows) {
    const value =
      r.note === "ratio"
        ? `${r.median.toFixed(2)}×`
        : r.note === "value"
          ? r.median.toExponential(2)
          : `${r.median.toFixed(2)} ms (p90 ${r.p90.toFixed(2)})`;
    console.log(`${r.name.padEnd(72)} ${value.padEnd(26)} ${r.target ?? ""}`);
  }
}

// Run as a script (not imported): compared as real paths, as Node resolves the main module's links.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href)
  printRows("Engine (Node)", engineBench());
