import type { Model, Parameter } from "../model/model.ts";
import { checkValue, findPreset } from "../run/run-spec.ts";

/**
 * What a treatment does to a subject: `scale` multiplies the subject's own value (a competitive
 * blocker that raises Kb ten-fold does so whatever the subject's Kb), `set` replaces it.
 */
export interface TreatmentChange {
  param: string;
  kind: "scale" | "set";
  value: number;
}

export interface Treatment {
  label: string;
  changes: TreatmentChange[];
}

export const NO_TREATMENT: Treatment = { label: "control", changes: [] };

/**
 * A preset read as a treatment: each parameter it changes becomes a ratio to the model's default
 * (beta-blocker: Kb 5 against 0.5 → Kb × 10), applied to each subject's own value. A parameter whose
 * default or preset value is 0 has no ratio and is set outright.
 */
export function treatmentFromPreset(model: Model, presetId: string): Treatment {
  const preset = findPreset(model, presetId);
  if (!preset) throw new RangeError(`unknown preset "${presetId}"`);
  const changes: TreatmentChange[] = [];
  for (const [name, v] of Object.entries(preset.params)) {
    const p = model.parameters.find((q) => q.name === name) as Parameter;
    if (v === p.default) continue;
    if (p.default !== 0 && v !== 0) changes.push({ param: name, kind: "scale", value: v / p.default });
    else changes.push({ param: name, kind: "set", value: v });
  }
  return { label: preset.label, changes };
}

/** The model file's treatment (its `population.treatment` preset), if it names one. */
export function defaultTreatment(model: Model): Treatment | undefined {
  const id = model.population?.treatment;
  return id === undefined ? undefined : treatmentFromPreset(model, id);
}

export function describeTreatment(t: Treatment): string {
  if (t.changes.length === 0) return t.label;
  const parts = t.changes.map((c) =>
    c.kind === "scale" ? `${c.param} × ${Number(c.value.toPrecision(6))}` : `${c.param} = ${c.value}`,
  );
  return `${t.label}: ${parts.join(", ")}`;
}

export function checkTreatment(model: Model, t: Treatment): string[] {
  const problems: string[] = [];
  for (const c of t.changes) {
    const p = model.parameters.find((q) => q.name === c.param);
    if (!p) problems.push(`treatment: unknown parameter "${c.param}"`);
    else if (p.fixed) problems.push(`treatment: ${c.param} is fixed in this model`);
    if (!Number.isFinite(c.value)) problems.push(`treatment: ${c.param}: ${c.value} is not a finite number`);
    if (c.kind === "scale" && !(c.value > 0)) problems.push(`treatment: ${c.param}: a scale factor must be > 0`);
    if (p && c.kind === "set" && Number.isFinite(c.value)) {
      const problem = checkValue(model, c.param, c.value);
      if (problem) problems.push(`treatment: ${problem}`);
    }
  }
  return problems;
}

/**
 * The treated copy of a subject. The result is not clipped to the parameters' slider ranges: the
 * ranges bound what a person types, while a ten-fold shift of a subject already near the top of the
 * range is still a valid model setting, and clipping it would give those subjects a weaker drug.
 * `outside` says how many changed values left their range, so a report can show it.
 */
export function applyTreatment(
  model: Model,
  values: Float64Array,
  t: Treatment,
): { values: Float64Array; outside: number } {
  const out = Float64Array.from(values);
  let outside = 0;
  for (const c of t.changes) {
    const p = model.parameters.find((q) => q.name === c.param) as Parameter;
    const x = c.kind === "scale" ? (values[p.index] as number) * c.value : c.value;
    out[p.index] = x;
    if (p.range && (x < p.range[0] || x > p.range[1])) outside++;
  }
  return { values: out, outside };
}
