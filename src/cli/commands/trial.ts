import { isatty } from "node:tty";
import { parseArgs } from "node:util";
import {
  defaultTreatment,
  NO_TREATMENT,
  nextSeed,
  resolveRun,
  runTrial,
  TRIAL_ARM_SIZE,
  type Treatment,
  type TrialResult,
} from "../../engine/index.ts";
import {
  ANALYSIS_OPTIONS_HELP,
  analysisHeader,
  baseJson,
  cell,
  describeSpread,
  describeTreatment,
  SEED_OPTIONS,
  seedFrom,
  spreadFrom,
  treatmentFrom,
  wholeNumber,
} from "../analysis-options.ts";
import { readModel } from "../read-model.ts";
import { formatFrom, number, RUN_OPTIONS, runSpecFrom, simulateOptionsFrom } from "../run-options.ts";
import { UsageError } from "../usage-error.ts";
import { writeOutput } from "../write-output.ts";

export const TRIAL_HELP = `trial [--n N] [--seed S] [--runs K] [--arm-a control|PRESET] [--arm-b PRESET] [run options]
    A virtual trial: two arms of N different subjects each (${TRIAL_ARM_SIZE.min}–${TRIAL_ARM_SIZE.max}, default ${TRIAL_ARM_SIZE.default}) drawn from the population;
    mean w_end ± 95 % CI per arm (t distribution) and the difference B − A (Welch). --runs K repeats the
    trial with seeds S, S+1, … ("run again"): one row per trial, so small trials can be seen to disagree.
${ANALYSIS_OPTIONS_HELP}
    --arm-a, --arm-b       control or a preset read as ratios to the defaults (default: control vs the model
                           file's treatment, e.g. the β-blocker)
    --level L              confidence level (default 0.95)`;

export function trialCommand(args: string[]): void {
  const { values: o } = parseArgs({
    args,
    options: {
      ...RUN_OPTIONS,
      ...SEED_OPTIONS,
      n: { type: "string" },
      runs: { type: "string" },
      "arm-a": { type: "string" },
      "arm-b": { type: "string" },
      level: { type: "string" },
    },
    strict: true,
    allowPositionals: false,
  });
  const model = readModel(o.model);
  const format = formatFrom(o.format);
  const seed = seedFrom(o.seed);
  const n = wholeNumber(o.n, "--n", TRIAL_ARM_SIZE.default, TRIAL_ARM_SIZE.min, TRIAL_ARM_SIZE.max);
  const runs = wholeNumber(o.runs, "--runs", 1, 1, 1000);
  const level = o.level === undefined ? 0.95 : number(o.level, "--level");
  if (!(level > 0 && level < 1)) throw new UsageError(`--level: must be between 0 and 1, not ${o.level}`);
  const spread = spreadFrom(model, o.spread);
  const armA: Treatment = o["arm-a"] === undefined ? NO_TREATMENT : treatmentFrom(model, o["arm-a"], "--arm-a");
  let armB: Treatment;
  if (o["arm-b"] !== undefined) armB = treatmentFrom(model, o["arm-b"], "--arm-b");
  else {
    const t = defaultTreatment(model);
    if (!t) throw new UsageError("the model file names no treatment; give --arm-b");
    armB = t;
  }
  const base = resolveRun(model, runSpecFrom(model, o));
  const results: TrialResult[] = [];
  try {
    let s = seed;
    for (let k = 0; k < runs; k++, s = nextSeed(s)) {
      results.push(
        runTrial(model, base, { seed: s, n, arms: [armA, armB], spread, level, simulate: simulateOptionsFrom(o) }),
      );
    }
  } catch (err) {
    if (err instanceof RangeError) throw new UsageError(err.message);
    throw err;
  }
  const extra = { seed: String(seed) };
  if (format === "json") {
    const trials = results.map(({ base: _base, spread: _spread, ...rest }) => rest);
    writeOutput(
      o.out,
      `${JSON.stringify({ model: model.id, version: model.version, label: model.label, analysis: "trial", base: baseJson(base, extra), seed, runs, n, level, spread, arms: [armA, armB], trials }, null, 1)}\n`,
    );
    return;
  }
  const pct = `${Number((100 * level).toPrecision(6))} %`;
  const lines = [
    ...analysisHeader(
      model,
      base,
      `virtual trial, ${n} subjects per arm, ${runs} run${runs > 1 ? "s" : ""} from seed ${seed}${runs > 1 ? ` (seeds ${seed}, ${nextSeed(seed)}, …)` : ""}`,
      extra,
    ),
    `# spread: ${describeSpread(spread)}`,
    `# arm A: ${describeTreatment(armA)}; arm B: ${describeTreatment(armB)}`,
    `# design: parallel groups, 2n different subjects per trial; ${pct} CI of each mean from the t distribution (n − 1 df); difference B − A with Welch's CI`,
    `# methods: ${[...new Set(results.flatMap((r) => r.methods))].join(", ")}`,
    [
      "seed",
      "mean_a",
      "lo_a",
      "hi_a",
      "mean_b",
      "lo_b",
      "hi_b",
      "diff",
      "diff_lo",
      "diff_hi",
      "ltd_a",
      "none_a",
      "ltp_a",
      "ltd_b",
      "none_b",
      "ltp_b",
      "failed",
    ].join(","),
  ];
  for (const r of results) {
    const [a, b] = r.arms;
    const d = r.difference;
    lines.push(
      [
        r.seed,
        a.ci.mean,
        a.ci.lo,
        a.ci.hi,
        b.ci.mean,
        b.ci.lo,
        b.ci.hi,
        d?.mean,
        d?.lo,
        d?.hi,
        a.counts.LTD,
        a.counts.none,
        a.counts.LTP,
        b.counts.LTD,
        b.counts.none,
        b.counts.LTP,
        a.failed.count + b.failed.count,
      ]
        .map(cell)
        .join(","),
    );
  }
  writeOutput(o.out, `${lines.join("\n")}\n`);
  if (o.out === undefined && isatty(1)) {
    process.stderr.write(
      `${results.map((r) => `seed ${r.seed}: B − A = ${r.difference?.mean.toFixed(3)} (${pct} CI ${r.difference?.lo.toFixed(3)} to ${r.difference?.hi.toFixed(3)})`).join("\n")}\n`,
    );
  }
}
