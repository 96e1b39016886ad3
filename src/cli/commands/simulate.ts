import { parseArgs } from "node:util";
// Straight from the engine's modules, not its index: a start of this command loads only what a run
// needs (see main.ts).
import { toCsv, toJson } from "../../engine/run/run-export.ts";
import { resolveRun } from "../../engine/run/run-spec.ts";
import { simulate } from "../../engine/solve/simulate.ts";
import { readModel } from "../read-model.ts";
import { formatFrom, RUN_OPTIONS, runSpecFrom, simulateOptionsFrom } from "../run-options.ts";
import { writeOutput } from "../write-output.ts";

export const SIMULATE_HELP = `simulate [run options] [--format csv|json] [--out FILE]
    One run: CSV (# header lines, then t and every state) or JSON.`;

export function simulateCommand(args: string[]): void {
  const { values: o } = parseArgs({ args, options: RUN_OPTIONS, strict: true, allowPositionals: false });
  const model = readModel(o.model);
  const format = formatFrom(o.format);
  const run = resolveRun(model, runSpecFrom(model, o));
  const result = simulate(model, run, simulateOptionsFrom(o));
  writeOutput(o.out, format === "csv" ? toCsv(result) : `${JSON.stringify(toJson(result), null, 1)}\n`);
}
