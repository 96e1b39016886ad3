import type { Model } from "../model/model.ts";
import { type ResolvedRun, resolveRun } from "../run/run-spec.ts";
import { exportHeader } from "./export-header.ts";
import { exportSbml } from "./sbml.ts";
import { exportScipy } from "./scipy.ts";
import { exportXpp } from "./xpp.ts";

export const EXPORT_TARGETS = {
  sbml: "SBML Level 3 Version 2 (COPASI, tellurium, libRoadRunner)",
  xpp: "XPPAUT .ode file",
  scipy: "Python script (numpy and SciPy; plots with matplotlib if present)",
} as const;

export type ExportTarget = keyof typeof EXPORT_TARGETS;

export function isExportTarget(x: string): x is ExportTarget {
  return Object.hasOwn(EXPORT_TARGETS, x);
}

export interface ExportOptions {
  /** The full share link of the run, written into the file (default: the share query alone). */
  link?: string;
  /** Output interval of the XPPAUT and Python runs, in model time units (default 1, as the engine). */
  every?: number;
}

/** A model file for another tool: its text, a file name, a MIME type, and what the format could not express. */
export interface ModelExport {
  text: string;
  filename: string;
  mime: string;
  /** What this format cannot express for this model and how the export handles it. */
  notes: string[];
}

/** One generator's part: the file and its notes; the name and type are added here. */
export interface GeneratedFile {
  text: string;
  notes: string[];
}

const FILE: Record<ExportTarget, { ext: string; mime: string }> = {
  sbml: { ext: "xml", mime: "application/sbml+xml" },
  xpp: { ext: "ode", mime: "text/plain" },
  scipy: { ext: "py", mime: "text/x-python" },
};

/**
 * The model at one run's parameter values and inputs, written for another tool. `run` is a resolved
 * run (the app's current state) or a run spec (preset and parameter changes).
 */
export function exportModel(
  model: Model,
  run: ResolvedRun | Parameters<typeof resolveRun>[1],
  target: ExportTarget,
  options: ExportOptions = {},
): ModelExport {
  const resolved = run && "values" in run ? run : resolveRun(model, run);
  const every = options.every ?? 1;
  if (!(every > 0) || !Number.isFinite(every)) throw new RangeError(`output interval must be positive, not ${every}`);
  const generated =
    target === "sbml"
      ? exportSbml(resolved, options.link)
      : target === "xpp"
        ? exportXpp(resolved, every, options.link)
        : exportScipy(resolved, every, options.link);
  // Every format drives the inputs with this run's numbers; the generators add what else they lose.
  const { inputParams } = exportHeader(resolved);
  const inputNote = `The inputs are functions of time with this run's numbers: changing ${inputParams.join(", ")} in the exported model does not move them; change it here and export again.`;
  generated.notes = [inputNote, ...generated.notes];
  const stem = `${model.id}${resolved.preset ? `-${resolved.preset.id}` : ""}`;
  // XPPAUT reads names without dots or dashes more reliably; a Python module name cannot have dashes.
  const base = target === "sbml" ? stem : stem.replace(/[^A-Za-z0-9]+/g, "_");
  return { ...generated, filename: `${base}.${FILE[target].ext}`, mime: FILE[target].mime };
}
