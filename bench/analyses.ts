/**
 * Node benchmarks of the analyses (issue 4): a 1000-subject population and a 40 × 40 plasticity map,
 * each the median of a few runs, against the median of one default simulate() measured in the same run.
 * Targets: population ≤ 2 s, map ≤ 3 s. Run with `npx tsx bench/analyses.ts [--repeats K]`.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadModel, resolveRun, runMap, runPopulation, runSensitivity, simulate } from "../src/engine/index.ts";

const { values: o } = parseArgs({ options: { repeats: { type: "string" } } });
const repeats = Math.max(1, Number(o.repeats ?? 3));
const MODEL_FILE = "models/ne-calcium-plasticity.yaml";
const model = loadModel(readFileSync(MODEL_FILE, "utf8"), MODEL_FILE);
const run = resolveRun(model, {});

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function time(fn: () => unknown, times: number): number[] {
  return Array.from({ length: times }, () => {
    const t0 = performance.now();
    fn();
    return performance.now() - t0;
  });
}

// Warm up the compiled model and the JIT so the first timed run is not an outlier.
time(() => simulate(model, run), 50);

const single = time(() => simulate(model, run), 41);
const population = time(() => runPopulation(model, run, { seed: 1, n: 1000, treatment: null }), repeats);
const withTreatment = time(() => runPopulation(model, run, { seed: 1, n: 1000 }), repeats);
const map = time(() => runMap(model, run, { x: { param: "u", n: 40 }, y: { param: "gb", n: 40 } }), repeats);
const sensitivity = time(() => runSensitivity(model, run), repeats);
const sensitivityRuns = 2 + 2 * model.parameters.filter((p) => !p.fixed).length;

const one = median(single);
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;
const row = (name: string, ts: number[], runs: number, target?: number) => {
  const t = median(ts);
  const verdict = target === undefined ? "" : `   target ≤ ${target / 1000} s: ${t <= target ? "met" : "MISSED"}`;
  return `${name.padEnd(46)}${ms(t).padStart(10)}${ms(Math.min(...ts)).padStart(10)}${(t / (runs * one)).toFixed(2).padStart(8)}×${verdict}`;
};

console.log(`Plasticity Lab analyses benchmark (Node ${process.version}, median of ${repeats} runs each)`);
console.log(`${"".padEnd(46)}${"median".padStart(10)}${"fastest".padStart(10)}  ÷ (runs × one simulate)`);
console.log(row("one default simulate() (41 runs)", single, 1));
console.log(row("population, 1000 subjects", population, 1000, 2000));
console.log(row("population, 1000 subjects + β-blocker each", withTreatment, 2000));
console.log(row("plasticity map, 40 × 40 (u × gb)", map, 1600, 3000));
console.log(row(`sensitivity, every parameter (≤ ${sensitivityRuns} runs)`, sensitivity, sensitivityRuns));
console.log(
  "Analyses write output only at the start and the end of a run (their readouts do not depend on it), hence ratios below 1.",
);
