import { csvCell, type ResolvedRun, toQuery } from "../../engine/index.ts";
import { downloadText } from "../exports/downloads.ts";
import type { ImageFooter } from "../exports/figure-export.ts";
import { showNumber, unitSuffix } from "../ui/units.ts";

/**
 * What every analysis export carries, text or image: the label, the model, what was computed (with its
 * seed), every parameter value of the base run and the link that reopens it.
 */
export interface Provenance {
  run: ResolvedRun;
  /** One line naming the analysis and its settings. */
  analysis: string;
  /** Keys the link carries beside the run, e.g. the seed. */
  extras: Record<string, string>;
}

export function shareQuery(p: Provenance): string {
  return `?${toQuery(p.run, p.extras)}`;
}

export function shareLink(p: Provenance): string {
  return `${location.origin}${location.pathname}${shareQuery(p)}`;
}

export function headerLines(p: Provenance): string[] {
  const m = p.run.model;
  const lines = [
    m.label,
    `model: ${m.id} ${m.version} (${m.title})`,
    `analysis: ${p.analysis}`,
    `preset: ${p.run.preset?.id ?? "none"}; protocol: ${p.run.protocol}; activity: ${p.run.activity}`,
    `share: ${shareQuery(p)}`,
    `link: ${shareLink(p)}`,
  ];
  if (p.extras.seed !== undefined) lines.push(`seed: ${p.extras.seed}`);
  for (const q of m.parameters)
    lines.push(`param ${q.name} = ${cell(p.run.values[q.index] as number)}${unitSuffix(q.unit)}`);
  return lines;
}

/** Numbers with 8 significant digits, as the CLI writes them; a missing value is an empty cell. */
export const cell = csvCell;

export function csvText(
  p: Provenance,
  notes: string[],
  columns: string[],
  rows: (number | string | null | undefined)[][],
): string {
  const out = [...headerLines(p), ...notes].map((l) => `# ${l}`);
  out.push(columns.join(","));
  for (const r of rows) out.push(r.map(cell).join(","));
  return `${out.join("\n")}\n`;
}

export function jsonText(p: Provenance, analysis: string, body: Record<string, unknown>): string {
  const m = p.run.model;
  const data = {
    label: m.label,
    model: m.id,
    version: m.version,
    analysis,
    description: p.analysis,
    share: shareQuery(p),
    link: shareLink(p),
    ...(p.extras.seed === undefined ? {} : { seed: Number(p.extras.seed) }),
    base: {
      preset: p.run.preset?.id ?? null,
      protocol: p.run.protocol,
      activity: p.run.activity,
      params: Object.fromEntries(m.parameters.map((q) => [q.name, p.run.values[q.index] as number])),
    },
    ...body,
  };
  // JSON has no NaN: a value that was not computed is written as null.
  return `${JSON.stringify(data, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 1)}\n`;
}

export function downloadCsv(text: string, name: string): string {
  const filename = `plasticity-lab-${name}.csv`;
  downloadText(text, filename, "text/csv");
  return filename;
}

export function downloadJson(text: string, name: string): string {
  const filename = `plasticity-lab-${name}.json`;
  downloadText(text, filename, "application/json");
  return filename;
}

/** What an exported image of an analysis carries, in the form the explorer's images use. */
export function imageFooter(p: Provenance): ImageFooter {
  const m = p.run.model;
  return {
    head: `${m.label} · model ${m.id} ${m.version}`,
    lines: [p.analysis],
    items: m.parameters.map(
      (q) => `${q.name} = ${showNumber(p.run.values[q.index] as number, 6)}${unitSuffix(q.unit)}`,
    ),
    link: shareLink(p),
  };
}
