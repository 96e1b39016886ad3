import { compileModel, type Model, type SimulationResult } from "../../engine/index.ts";

/** What a plotted name is in the model: a state, an input or a helper, with its label and unit. */
export interface SeriesInfo {
  name: string;
  kind: "state" | "input" | "helper";
  label: string;
  unit: string;
}

export function seriesInfo(model: Model, name: string): SeriesInfo | undefined {
  const s = model.states.find((x) => x.name === name);
  if (s) return { name, kind: "state", label: s.label, unit: s.unit };
  const i = model.inputs.find((x) => x.name === name);
  if (i) return { name, kind: "input", label: i.label, unit: i.unit };
  const h = model.helpers.find((x) => x.name === name);
  return h ? { name, kind: "helper", label: h.label, unit: h.unit } : undefined;
}

/** A series' label in a legend: "C: Spine Ca²⁺ above rest", "u(t): NE applied". */
export function seriesLabel(model: Model, name: string): string {
  const s = seriesInfo(model, name);
  if (!s) return name;
  return s.kind === "input" ? `${name}(t): ${s.label}` : `${name}: ${s.label}`;
}

/** The colour of a series: the model's display block gives every state, input and helper one. */
export function seriesColor(model: Model, name: string): string {
  return model.display.colors[name] ?? "#44525e";
}

// A helper's trajectory is computed from the run's states once per run and kept while the run is.
const helperCache = new WeakMap<SimulationResult, Map<string, Float64Array>>();

function helperSeries(r: SimulationResult, index: number): Float64Array {
  const model = r.model;
  const compiled = compileModel(model);
  const n = r.t.length;
  const out = new Float64Array(n);
  const y = new Float64Array(model.states.length);
  const inp = new Float64Array(model.inputs.length);
  const h = new Float64Array(model.helpers.length);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < y.length; j++) y[j] = (r.states[j] as Float64Array)[k] as number;
    for (let j = 0; j < inp.length; j++) inp[j] = (r.inputs[j] as Float64Array)[k] as number;
    compiled.helperValues(y, r.values, inp, h);
    out[k] = h[index] as number;
  }
  return out;
}

/** The trajectory of a state, input or helper in a run, or undefined if the model has no such name. */
export function seriesOf(r: SimulationResult, name: string): Float64Array | undefined {
  const model = r.model;
  const s = model.states.find((x) => x.name === name);
  if (s) return r.states[s.index];
  const i = model.inputs.find((x) => x.name === name);
  if (i) return r.inputs[i.index];
  const hi = model.helpers.findIndex((x) => x.name === name);
  if (hi < 0) return undefined;
  const cache = helperCache.get(r) ?? new Map<string, Float64Array>();
  helperCache.set(r, cache);
  const series = cache.get(name) ?? helperSeries(r, hi);
  cache.set(name, series);
  return series;
}
