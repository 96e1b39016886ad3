import { parseArgs } from "node:util";
import { EXPORT_TARGETS, exportModel, isExportTarget, resolveRun } from "../../engine/index.ts";
import { readModel } from "../read-model.ts";
import { number, RUN_OPTIONS, runSpecFrom } from "../run-options.ts";
import { UsageError } from "../usage-error.ts";
import { writeOutput } from "../write-output.ts";

export const EXPORT_HELP = `export --to sbml|xpp|scipy [run options] [--out FILE]
    The model at the run's parameter values and inputs, for another tool: SBML Level 3 Version 2,
    an XPPAUT .ode file or a Python/SciPy script. What the format cannot express goes to stderr.`;

export function exportCommand(args: string[]): void {
  const { values: o } = parseArgs({
    args,
    options: { ...RUN_OPTIONS, to: { type: "string" } },
    strict: true,
    allowPositionals: false,
  });
  const targets = Object.keys(EXPORT_TARGETS).join(", ");
  if (o.to === undefined) throw new UsageError(`export: --to is required (one of ${targets})`);
  if (!isExportTarget(o.to)) throw new UsageError(`--to: "${o.to}" is not one of ${targets}`);
  if (o.format !== undefined) throw new UsageError("export: --format does not apply; use --to");
  if (o.method !== undefined) throw new UsageError("export: --method does not apply; each format names its own solver");
  const model = readModel(o.model);
  const run = resolveRun(model, runSpecFrom(model, o));
  const every = o.every === undefined ? undefined : number(o.every, "--every");
  if (every !== undefined && !(every > 0)) throw new UsageError(`--every: must be positive, not ${o.every}`);
  const file = exportModel(model, run, o.to, every === undefined ? {} : { every });
  writeOutput(o.out, file.text);
  for (const note of file.notes) process.stderr.write(`note: ${note}\n`);
}
