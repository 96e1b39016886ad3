import { defaultPreset, type Model, type Parameter, type Preset } from "../model/model.ts";
import { type ActivityMode, isActivityMode, isProtocolKind, type ProtocolKind } from "./protocol-kinds.ts";

/**
 * Everything that defines one run, as a user states it: a preset, the parameters changed on top of it
 * and the input choices. The URL, the exports and the CLI all speak in this shape.
 */
export interface RunSpec {
  preset?: string;
  params?: Record<string, number>;
  protocol?: string;
  activity?: string;
}

export interface ResolvedRun {
  model: Model;
  preset: Preset | undefined;
  /** Every parameter's value, indexed as `model.parameters`. */
  values: Float64Array;
  protocol: ProtocolKind;
  activity: ActivityMode;
}

/** A value or name a user gave that the model cannot take; `name` is the parameter or option. */
export class RunSpecError extends Error {
  readonly problems: { name: string; message: string }[];
  constructor(problems: { name: string; message: string }[]) {
    super(problems.map((p) => p.message).join("\n"));
    this.name = "RunSpecError";
    this.problems = problems;
  }
}

export function formatValue(x: number): string {
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(3).replace(/\.?0+e/, "e");
  return String(Number(x.toPrecision(6)));
}

export function describeRange(p: Parameter): string {
  if (!p.range) return "fixed";
  const unit = p.unit && p.unit !== "–" ? ` ${p.unit}` : "";
  return `${formatValue(p.range[0])} to ${formatValue(p.range[1])}${unit}`;
}

/**
 * Why `value` cannot be given to parameter `name`, or null if it can. Values are refused, never clamped.
 */
export function checkValue(model: Model, name: string, value: number): string | null {
  const p = model.parameters.find((q) => q.name === name);
  if (!p) return `unknown parameter "${name}"`;
  if (!Number.isFinite(value)) return `${name}: ${String(value)} is not a finite number`;
  if (p.fixed) return `${name} is fixed in this model and cannot be changed`;
  if (p.range && (value < p.range[0] || value > p.range[1])) {
    return `${name} = ${formatValue(value)} is outside its range, ${describeRange(p)}`;
  }
  if (p.step !== undefined && p.range) {
    const k = (value - p.range[0]) / p.step;
    if (Math.abs(k - Math.round(k)) > 1e-9) return `${name} = ${formatValue(value)} must be a multiple of ${p.step}`;
  }
  return null;
}

/** Parses a number as a user typed it ("0.3", "1e-2"); anything else is NaN, never a partial parse. */
export function parseNumber(text: string): number {
  const s = text.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return Number.NaN;
  return Number(s);
}

export function findPreset(model: Model, id: string): Preset | undefined {
  return model.presets.find((p) => p.id === id);
}

/** Turns a spec into the full parameter vector, or throws RunSpecError naming every bad entry. */
export function resolveRun(model: Model, spec: RunSpec = {}): ResolvedRun {
  const problems: { name: string; message: string }[] = [];
  let preset: Preset | undefined;
  if (spec.preset !== undefined) {
    preset = findPreset(model, spec.preset);
    if (!preset) {
      problems.push({
        name: "preset",
        message: `unknown preset "${spec.preset}" (presets: ${model.presets.map((p) => p.id).join(", ")})`,
      });
    }
  } else preset = defaultPreset(model);

  const values = Float64Array.from(model.parameters, (p) => p.default);
  for (const [name, v] of Object.entries(preset?.params ?? {})) {
    const p = model.parameters.find((q) => q.name === name);
    if (p) values[p.index] = v;
  }
  for (const [name, v] of Object.entries(spec.params ?? {})) {
    const problem = checkValue(model, name, v);
    if (problem) problems.push({ name, message: problem });
    else values[(model.parameters.find((q) => q.name === name) as Parameter).index] = v;
  }
  const protocol = spec.protocol ?? preset?.protocol ?? "step";
  const activity = spec.activity ?? preset?.activity ?? "paired";
  if (!isProtocolKind(protocol)) problems.push({ name: "protocol", message: `unknown protocol "${protocol}"` });
  if (!isActivityMode(activity)) problems.push({ name: "activity", message: `unknown activity mode "${activity}"` });
  if (problems.length) throw new RunSpecError(problems);
  return { model, preset, values, protocol: protocol as ProtocolKind, activity: activity as ActivityMode };
}

/** Parameter values as a name → value record, in model order. */
export function valuesRecord(model: Model, values: Float64Array): Record<string, number> {
  return Object.fromEntries(model.parameters.map((p) => [p.name, values[p.index] as number]));
}

/** The parameters whose values differ from `base` (by default, the model's defaults). */
export function changedParams(model: Model, values: Float64Array, base?: Float64Array): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of model.parameters) {
    const ref = base ? (base[p.index] as number) : p.default;
    if ((values[p.index] as number) !== ref) out[p.name] = values[p.index] as number;
  }
  return out;
}
