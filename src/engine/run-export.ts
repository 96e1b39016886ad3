import type { Model } from "./model.ts";
import { OUTCOME_TEXT } from "./readouts.ts";
import { toQuery } from "./run-query.ts";
import { describeRange, type ResolvedRun, type RunSpec, valuesRecord } from "./run-spec.ts";
import type { SimulationResult } from "./simulate.ts";

/** Version of the JSON export layout; an import of another version is refused. */
export const EXPORT_FORMAT = 1;

function num(x: number): string {
  return String(Number(x.toPrecision(10)));
}

/** The run a result was solved for, e.g. to write a share link for a pinned result. */
export function runOf(r: SimulationResult): ResolvedRun {
  const preset = r.model.presets.find((p) => p.id === r.presetId);
  return { model: r.model, preset, values: r.values, protocol: r.protocol, activity: r.activity };
}

/** Header lines shared by every text export: the label, what model, how solved, every parameter. */
export function headerLines(r: SimulationResult, link?: string): string[] {
  const m = r.model;
  const lines = [
    m.label,
    `model: ${m.id} ${m.version} (${m.title})`,
    `method: ${r.method.description}`,
    `preset: ${r.presetId ?? "none"}; protocol: ${r.protocol}; activity: ${r.activity}`,
    `share: ?${toQuery(runOf(r))}`,
  ];
  if (link) lines.push(`link: ${link}`);
  for (const p of m.parameters) {
    const unit = p.unit && p.unit !== "–" ? ` ${p.unit}` : "";
    lines.push(`param ${p.name} = ${num(r.values[p.index] as number)}${unit} (${p.label}; ${describeRange(p)})`);
  }
  const s = r.summary;
  const peaks = Object.entries(s.peaks)
    .map(([k, v]) => `peak ${k} ${num(v.value)} at ${num(v.time)} ${m.timeUnit}`)
    .join("; ");
  const weight = m.readout.weight !== undefined ? `w_end ${num(s.wEnd)}, ${OUTCOME_TEXT[s.outcome]}; ` : "";
  lines.push(`summary: ${weight}${peaks}`);
  const derived = m.derivedReadouts.map((d) => `${d.name} ${num(s.readouts[d.name] as number)}`);
  if (derived.length) lines.push(`readouts: ${derived.join("; ")}`);
  if (m.events.length) lines.push(`events fired: ${r.events}`);
  return lines;
}

/** CSV with `#` header lines, then time and every state, one row per output time. */
export function toCsv(r: SimulationResult, link?: string): string {
  const cols = ["t", ...r.model.states.map((s) => s.name)];
  const out = headerLines(r, link).map((l) => `# ${l}`);
  out.push(cols.join(","));
  const series = [r.t, ...r.states];
  for (let k = 0; k < r.t.length; k++) out.push(series.map((s) => num(s[k] as number)).join(","));
  return `${out.join("\n")}\n`;
}

export interface JsonExport {
  format: number;
  label: string;
  model: string;
  version: string;
  preset: string | null;
  protocol: string;
  activity: string;
  params: Record<string, number>;
  method: string;
  share: string;
  link?: string;
  t: number[];
  states: Record<string, number[]>;
  inputs: Record<string, number[]>;
  summary: JsonSummary;
}

/**
 * The run's readouts under the names the CSV header and the CLI use. The weight's entries are there
 * when the model declares a weight, the band times when it declares bands; `readouts` holds every
 * readout by id (`end:<state>`, `peak:<state>`, derived readouts by name).
 */
export interface JsonSummary {
  w_end?: number;
  outcome: string;
  peaks: Record<string, { value: number; time: number }>;
  time_in_ltd?: number;
  time_in_ltp?: number;
  w_min?: number;
  w_max?: number;
  readouts: Record<string, number>;
  /** Event jumps fired, for a model with events. */
  events?: number;
}

function jsonSummary(r: SimulationResult): JsonSummary {
  const s = r.summary;
  const m = r.model;
  return {
    ...(m.readout.weight !== undefined ? { w_end: s.wEnd } : {}),
    outcome: s.outcome,
    peaks: s.peaks,
    ...(m.readout.bands ? { time_in_ltd: s.timeInLtd, time_in_ltp: s.timeInLtp } : {}),
    ...(m.readout.weight !== undefined ? { w_min: s.weightMin, w_max: s.weightMax } : {}),
    readouts: s.readouts,
    ...(m.events.length ? { events: r.events } : {}),
  };
}

export function toJson(r: SimulationResult, link?: string): JsonExport {
  const m = r.model;
  return {
    format: EXPORT_FORMAT,
    label: m.label,
    model: m.id,
    version: m.version,
    preset: r.presetId ?? null,
    protocol: r.protocol,
    activity: r.activity,
    params: valuesRecord(m, r.values),
    method: r.method.description,
    share: `?${toQuery(runOf(r))}`,
    ...(link ? { link } : {}),
    t: Array.from(r.t),
    states: Object.fromEntries(m.states.map((s) => [s.name, Array.from(r.states[s.index] as Float64Array)])),
    inputs: Object.fromEntries(m.inputs.map((i) => [i.name, Array.from(r.inputs[i.index] as Float64Array)])),
    summary: jsonSummary(r),
  };
}

/**
 * Reads a JSON export back into a run spec. Refuses another model, model version or format, and
 * (through resolveRun) any value outside its range.
 */
export function fromJson(model: Model, data: unknown): RunSpec {
  if (typeof data !== "object" || data === null) throw new Error("not a Plasticity Lab JSON export");
  const d = data as Partial<JsonExport>;
  if (d.format !== EXPORT_FORMAT) throw new Error(`export format ${String(d.format)} is not ${EXPORT_FORMAT}`);
  if (d.model !== model.id) throw new Error(`export is for model "${String(d.model)}", not "${model.id}"`);
  if (d.version !== model.version)
    throw new Error(`export is for version ${String(d.version)} of the model, not ${model.version}`);
  if (typeof d.params !== "object" || d.params === null) throw new Error("export has no params");
  const params: Record<string, number> = {};
  for (const [k, v] of Object.entries(d.params)) {
    if (typeof v !== "number") throw new Error(`params.${k} is not a number`);
    const p = model.parameters.find((q) => q.name === k);
    if (!p) throw new Error(`unknown parameter "${k}"`);
    if (!p.fixed) params[k] = v;
    else if (v !== p.default) throw new Error(`${k} is fixed in this model and cannot be ${v}`);
  }
  return {
    ...(typeof d.preset === "string" ? { preset: d.preset } : {}),
    params,
    ...(typeof d.protocol === "string" ? { protocol: d.protocol } : {}),
    ...(typeof d.activity === "string" ? { activity: d.activity } : {}),
  };
}
