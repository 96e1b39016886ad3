import { parseArgs } from "node:util";
import { DEFAULT_RELATIVE_STEP, resolveRun, runSensitivity, type SensitivityResult } from "../../engine/index.ts";
import { analysisHeader, baseJson, cell } from "../analysis-options.ts";
import { readModel } from "../read-model.ts";
import { formatFrom, number, RUN_OPTIONS, runSpecFrom, simulateOptionsFrom } from "../run-options.ts";
import { UsageError } from "../usage-error.ts";
import { writeOutput } from "../write-output.ts";

export const SENSITIVITY_HELP = `sensitivity [--step H] [--param NAME]... [run options]
    Normalised local sensitivity S = (∂y/∂p)·(p/y) of w_end and of each peak to every parameter that is not
    fixed (or only those given with --param), at the run's point, by central finite differences with
    relative step H (default ${DEFAULT_RELATIVE_STEP}; one-sided at a range edge). One row per parameter, signed.`;

export function sensitivityCommand(args: string[]): void {
  const { values: o } = parseArgs({
    args,
    options: { ...RUN_OPTIONS, step: { type: "string" }, param: { type: "string", multiple: true } },
    strict: true,
    allowPositionals: false,
  });
  const model = readModel(o.model);
  const format = formatFrom(o.format);
  const relStep = o.step === undefined ? DEFAULT_RELATIVE_STEP : number(o.step, "--step");
  for (const name of o.param ?? []) {
    const p = model.parameters.find((q) => q.name === name);
    if (!p) throw new UsageError(`--param: unknown parameter "${name}"`);
    if (p.fixed) throw new UsageError(`--param: ${name} is fixed in this model`);
  }
  const base = resolveRun(model, runSpecFrom(model, o));
  let result: SensitivityResult;
  try {
    result = runSensitivity(model, base, {
      relStep,
      ...(o.param ? { params: o.param } : {}),
      simulate: simulateOptionsFrom(o),
    });
  } catch (err) {
    if (err instanceof RangeError) throw new UsageError(err.message);
    throw err;
  }
  if (format === "json") {
    const { base: _base, ...rest } = result;
    writeOutput(
      o.out,
      `${JSON.stringify({ model: model.id, version: model.version, label: model.label, analysis: "sensitivity", base: baseJson(base), ...rest }, null, 1)}\n`,
    );
    return;
  }
  const outs = result.outputs;
  const lines = [
    ...analysisHeader(model, base, `normalised local sensitivity, relative step ${result.relStep}`),
    `# method: ${result.method}`,
    `# at the base point: ${outs.map((k) => `${k} ${cell(result.baseline[k])}`).join(", ")}`,
    [
      "param",
      "value",
      "unit",
      "step",
      "scheme",
      ...outs.map((k) => `S_${k}`),
      ...outs.map((k) => `slope_${k}`),
      "note",
    ].join(","),
    ...result.rows.map((r) =>
      [
        r.param,
        cell(r.value),
        model.parameters.find((p) => p.name === r.param)?.unit ?? "",
        cell(r.step),
        r.scheme,
        ...outs.map((k) => cell(r.s[k])),
        ...outs.map((k) => cell(r.slope[k])),
        r.note ? `"${r.note.replaceAll('"', '""')}"` : "",
      ].join(","),
    ),
  ];
  writeOutput(o.out, `${lines.join("\n")}\n`);
}
