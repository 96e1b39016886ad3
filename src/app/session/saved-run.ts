import { type Model, type RunSpec, RunSpecError, resolveRun } from "../../engine/index.ts";

/**
 * A run spec read back from storage, checked as strictly as a link: only known fields of the right
 * type, every value through the engine's own checks. Throws an Error naming what is wrong.
 */
export function savedRunSpec(model: Model, value: unknown): RunSpec {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not a run");
  const v = value as Record<string, unknown>;
  const spec: RunSpec = { params: {} };
  for (const key of ["preset", "protocol", "activity"] as const) {
    const x = v[key];
    if (x === undefined) continue;
    if (typeof x !== "string") throw new Error(`${key} is not a name`);
    spec[key] = x;
  }
  if (v.params !== undefined) {
    if (typeof v.params !== "object" || v.params === null || Array.isArray(v.params)) {
      throw new Error("params is not a set of values");
    }
    for (const [name, x] of Object.entries(v.params)) {
      if (typeof x !== "number") throw new Error(`${name} is not a number`);
      (spec.params as Record<string, number>)[name] = x;
    }
  }
  try {
    resolveRun(model, spec);
  } catch (err) {
    if (err instanceof RunSpecError) throw new Error(err.problems.map((p) => p.message).join("; "));
    throw err;
  }
  return spec;
}
