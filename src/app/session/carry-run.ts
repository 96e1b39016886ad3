import { type Model, type RunSpec, RunSpecError, resolveRun } from "../../engine/index.ts";

/**
 * The parameters renamed between two versions of a model: a name that is gone whose place in the list
 * is taken by a name that is new. (Renaming is the common edit; a moved parameter simply keeps its name.)
 */
export function renamedParams(from: Model, to: Model): Map<string, string> {
  const before = new Set(from.parameters.map((p) => p.name));
  const after = new Set(to.parameters.map((p) => p.name));
  const renames = new Map<string, string>();
  for (const p of from.parameters) {
    const q = to.parameters[p.index];
    if (q && !after.has(p.name) && !before.has(q.name)) renames.set(p.name, q.name);
  }
  return renames;
}

/**
 * The run `spec` of model `from`, restated for model `to`: presets and input choices it still has,
 * parameters by name (following renames), each only if the new model can take its value.
 */
export function carryRun(spec: RunSpec, from: Model, to: Model): RunSpec {
  const renames = renamedParams(from, to);
  const out: RunSpec = { params: {} };
  if (spec.preset !== undefined && to.presets.some((p) => p.id === spec.preset)) out.preset = spec.preset;
  if (spec.protocol !== undefined) out.protocol = spec.protocol;
  if (spec.activity !== undefined) out.activity = spec.activity;
  const params = out.params as Record<string, number>;
  for (const [name, value] of Object.entries(spec.params ?? {})) {
    const target = renames.get(name) ?? name;
    const p = to.parameters.find((q) => q.name === target);
    if (!p || p.fixed || (p.range && (value < p.range[0] || value > p.range[1]))) continue;
    params[target] = value;
  }
  try {
    resolveRun(to, out);
    return out;
  } catch (err) {
    if (!(err instanceof RunSpecError)) throw err;
    // An input choice the new model refuses: start from its defaults for those, keep the values.
    return { ...(out.preset !== undefined ? { preset: out.preset } : {}), params };
  }
}
