import type { Model } from "../model/model.ts";
import { isActivityMode, isProtocolKind } from "./protocol-kinds.ts";
import { changedParams, checkValue, findPreset, parseNumber, type ResolvedRun, type RunSpec } from "./run-spec.ts";

/**
 * A run as URL query text: `preset=…&protocol=…&activity=…` then every parameter that differs from the
 * preset's value. The same text is the share link's query, and it is written into every export.
 */
export function toQuery(run: ResolvedRun, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  if (run.preset) q.set("preset", run.preset.id);
  const presetProtocol = run.preset?.protocol ?? "step";
  const presetActivity = run.preset?.activity ?? "paired";
  if (run.protocol !== presetProtocol) q.set("protocol", run.protocol);
  if (run.activity !== presetActivity) q.set("activity", run.activity);
  const base = Float64Array.from(run.model.parameters, (p) => run.preset?.params[p.name] ?? p.default);
  for (const [name, v] of Object.entries(changedParams(run.model, run.values, base))) q.set(name, String(v));
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q.toString();
}

export interface QueryReading {
  spec: RunSpec;
  /** Entries that were dropped, each with the reason, for a visible notice. */
  dropped: { key: string; message: string }[];
  /** Keys that are not model parameters nor run options, left for the caller (e.g. seed, lesson). */
  other: Record<string, string>;
}

const MAX_VALUE_LENGTH = 64;

/**
 * Reads a query leniently: a bad entry is dropped with its reason while the rest loads. Keys in
 * `known` are handed back in `other` instead of being reported as unknown.
 */
export function fromQuery(model: Model, query: string, known: readonly string[] = []): QueryReading {
  const q = new URLSearchParams(query.startsWith("?") ? query.slice(1) : query);
  const spec: RunSpec = { params: {} };
  const dropped: { key: string; message: string }[] = [];
  const other: Record<string, string> = {};
  const shown = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
  for (const [key, value] of q) {
    if (value.length > MAX_VALUE_LENGTH) {
      dropped.push({ key, message: `${shown(key)}: value is too long (${value.length} characters)` });
    } else if (key === "preset") {
      if (findPreset(model, value)) spec.preset = value;
      else dropped.push({ key, message: `unknown preset ${shown(value)}` });
    } else if (key === "protocol") {
      if (isProtocolKind(value)) spec.protocol = value;
      else dropped.push({ key, message: `unknown protocol ${shown(value)}` });
    } else if (key === "activity") {
      if (isActivityMode(value)) spec.activity = value;
      else dropped.push({ key, message: `unknown activity mode ${shown(value)}` });
    } else if (known.includes(key)) {
      other[key] = value;
    } else if (model.parameters.some((p) => p.name === key)) {
      const v = parseNumber(value);
      const problem = Number.isNaN(v) ? `${key}: ${shown(value)} is not a number` : checkValue(model, key, v);
      if (problem) dropped.push({ key, message: problem });
      else (spec.params as Record<string, number>)[key] = v;
    } else {
      dropped.push({ key, message: `unknown parameter ${shown(key)}` });
    }
  }
  return { spec, dropped, other };
}
