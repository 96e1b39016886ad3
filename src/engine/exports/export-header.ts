import type { ParamRef } from "../model.ts";
import { toQuery } from "../run-query.ts";
import { formatValue, type ResolvedRun } from "../run-spec.ts";

/** Where the exported run came from, for a comment block or SBML notes. */
export interface ExportHeader {
  lines: string[];
  /** Parameters whose change would move an input: inputs are written as numbers of this run. */
  inputParams: string[];
}

/**
 * The label, the model and its version, the run's settings and its share link, and how the inputs
 * are written. `link` is the full share link where the caller knows it (the app does; the engine only
 * knows the query).
 */
export function exportHeader(run: ResolvedRun, link?: string): ExportHeader {
  const m = run.model;
  const refs = (r: ParamRef) => ("param" in r ? [r.param] : []);
  const inputParams = [
    ...new Set(
      m.inputs.flatMap((i) =>
        i.kind === "protocol"
          ? [
              i.amplitude,
              ...refs(i.start),
              ...refs(i.duration),
              ...refs(i.pulseWidth),
              ...refs(i.train.count),
              ...refs(i.train.width),
              ...refs(i.train.period),
            ]
          : refs(i.extra),
      ),
    ),
    m.endParam,
  ];
  const endValue = run.values[m.parameters.find((p) => p.name === m.endParam)?.index ?? -1] as number;
  const lines = [
    m.label,
    `${m.title}: model ${m.id}, version ${m.version}, exported from Plasticity Lab.`,
    `Run: preset ${run.preset?.id ?? "none"}, protocol ${run.protocol}, activity ${run.activity}, ${formatValue(endValue)} ${m.timeUnit} simulated.`,
    `Share link: ${link ?? `?${toQuery(run)}`}`,
    `Parameters are this run's values. The inputs (${m.inputs.map((i) => i.name).join(", ")}) are written as functions of time with this run's numbers, so changing ${inputParams.join(", ")} here does not move them: change it in Plasticity Lab and export again.`,
  ];
  return { lines, inputParams };
}
