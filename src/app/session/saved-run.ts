import { type Model, type RunSpec, RunSpecError, resolveRun } from "../../engine/index.ts";

/** The most pinned runs a saved session may hold; more means the data was not written by this app. */
const MAX_SAVED_PINS = 20;

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

/** The pinned runs of a saved session; a pin that cannot be read is left out and named in `dropped`. */
export function savedPinSpecs(model: Model, value: unknown): { specs: RunSpec[]; dropped: string[] } {
  if (!Array.isArray(value)) throw new Error("not a list of pinned runs");
  if (value.length > MAX_SAVED_PINS) throw new Error(`${value.length} pinned runs is more than this app saves`);
  const specs: RunSpec[] = [];
  const dropped: string[] = [];
  value.forEach((x, k) => {
    try {
      specs.push(savedRunSpec(model, x));
    } catch (err) {
      dropped.push(`pin ${k + 1}: ${(err as Error).message}`);
    }
  });
  return { specs, dropped };
}
