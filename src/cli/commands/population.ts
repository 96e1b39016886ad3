import { isatty } from "node:tty";
import { parseArgs } from "node:util";
import {
  assemblePopulation,
  POPULATION_SIZE,
  type PopulationResult,
  resolveRun,
  runPopulation,
  runPopulationSubjects,
  type SubjectRuns,
  type Treatment,
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
import { formatFrom, RUN_OPTIONS, runSpecFrom, simulateOptionsFrom } from "../run-options.ts";
import { SHARD_HELP, SHARD_OPTIONS, shardFrom, shardRange, writeShard } from "../shard.ts";
import { UsageError } from "../usage-error.ts";
import { writeOutput } from "../write-output.ts";

export const POPULATION_HELP = `population [--n N] [--seed S] [--spread P=KIND:SIGMA]... [--treatment PRESET|none] [run options]
    N virtual subjects (default ${POPULATION_SIZE.default}) whose parameters spread as the model file says, all given the
    same inputs: one row per subject with its parameters, w_end and outcome, then the same subject treated
    (default: the model file's treatment preset, e.g. the β-blocker). # lines give the LTD / none / LTP
    fractions and in how many subjects the treatment raised or lowered w.
${ANALYSIS_OPTIONS_HELP}
    --treatment PRESET     a preset read as ratios to the defaults (beta-blocker: Kb × 10); none for no treatment
    --bins K               histogram bins in the JSON output (default 40)
${SHARD_HELP}`;

/** With `merged` (the subjects' solves joined from shard files), renders those instead of solving. */
export function populationCommand(args: string[], merged?: readonly unknown[]): void {
  const { values: o } = parseArgs({
    args,
    options: {
      ...RUN_OPTIONS,
      ...SEED_OPTIONS,
      n: { type: "string" },
      treatment: { type: "string" },
      bins: { type: "string" },
      ...SHARD_OPTIONS,
    },
    strict: true,
    allowPositionals: false,
  });
  const model = readModel(o.model);
  const format = formatFrom(o.format);
  const seed = seedFrom(o.seed);
  const n = wholeNumber(o.n, "--n", POPULATION_SIZE.default, POPULATION_SIZE.min, POPULATION_SIZE.max);
  const bins = wholeNumber(o.bins, "--bins", 40, 1, 1000);
  const spread = spreadFrom(model, o.spread);
  let treatment: Treatment | null = null;
  if (o.treatment === undefined) {
    if (model.population?.treatment) treatment = treatmentFrom(model, model.population.treatment, "treatment");
  } else if (o.treatment !== "none" && o.treatment !== "control")
    treatment = treatmentFrom(model, o.treatment, "--treatment");
  const base = resolveRun(model, runSpecFrom(model, o));
  const shard = shardFrom(o.shard);
  let result: PopulationResult;
  try {
    const options = { seed, n, spread, treatment, bins, simulate: simulateOptionsFrom(o) };
    if (shard) {
      const [from, to] = shardRange(n, shard);
      const { runs } = runPopulationSubjects(model, base, options, from, to);
      writeShard(o.out, { command: "population", args, model, shard, total: n, from, to, items: runs });
      return;
    }
    result = merged
      ? assemblePopulation(model, base, options, merged as SubjectRuns[])
      : runPopulation(model, base, options);
  } catch (err) {
    if (err instanceof RangeError) throw new UsageError(err.message);
    throw err;
  }
  const extra = { seed: String(seed) };
  if (format === "json") {
    const { base: _base, ...rest } = result;
    writeOutput(
      o.out,
      `${JSON.stringify({ model: model.id, version: model.version, label: model.label, analysis: "population", base: baseJson(base, extra), ...rest }, null, 1)}\n`,
    );
    return;
  }
  writeOutput(o.out, `${populationCsv(result, extra).join("\n")}\n`);
  if (o.out === undefined && isatty(1)) process.stderr.write(`${summaryLines(result).join("\n")}\n`);
}

function percent(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

function summaryLines(r: PopulationResult): string[] {
  const c = r.counts;
  const lines = [
    `outcomes: LTD ${c.LTD} (${percent(r.fractions.LTD)}), none ${c.none} (${percent(r.fractions.none)}), LTP ${c.LTP} (${percent(r.fractions.LTP)}) of ${r.subjects.length}`,
  ];
  if (r.treated && r.treatment) {
    const t = r.treated;
    lines.push(
      `treated: LTD ${t.counts.LTD}, none ${t.counts.none}, LTP ${t.counts.LTP}; the treatment raised w in ${t.raised}, lowered it in ${t.lowered}, left it within ±${t.tolerance} in ${t.unchanged}`,
    );
  }
  return lines;
}

function populationCsv(r: PopulationResult, extra: Record<string, string>): string[] {
  const model = r.base.model;
  const redrawn = Object.entries(r.redrawn).filter(([, k]) => k > 0);
  const lines = [
    ...analysisHeader(model, r.base, `population of ${r.n} virtual subjects, seed ${r.seed}`, extra),
    `# spread: ${describeSpread(r.spread)} (lognormal: p0·exp(σz), normal: p0 + σz, around the base value p0)`,
    `# out-of-range draws drawn again: ${redrawn.length ? redrawn.map(([p, k]) => `${p} ${k}`).join(", ") : "none"}`,
    `# treatment: ${r.treatment ? describeTreatment(r.treatment) : "none"}`,
    ...summaryLines(r).map((l) => `# ${l}`),
  ];
  if (r.treated && r.treated.outsideRange > 0)
    lines.push(`# treated values beyond a slider range (applied unclipped) in ${r.treated.outsideRange} subjects`);
  if (r.failed.count > 0) lines.push(`# left out, solve did not finish: ${r.failed.count} (first: ${r.failed.first})`);
  lines.push(`# methods: ${r.methods.join(", ")}`);
  const params = r.spread.map((e) => e.param);
  lines.push(
    ["subject", ...params, "w_end", "outcome", ...(r.treatment ? ["w_end_treated", "outcome_treated"] : [])].join(","),
  );
  for (const s of r.subjects) {
    lines.push(
      [
        s.index,
        ...params.map((p) => s.params[p]),
        s.wEnd,
        s.outcome,
        ...(r.treatment ? [s.treated?.wEnd, s.treated?.outcome] : []),
      ]
        .map(cell)
        .join(","),
    );
  }
  return lines;
}
