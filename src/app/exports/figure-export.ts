import { OUTCOME_TEXT, type SimulationResult } from "../../engine/index.ts";
import { type Annotations, type Data, type Layout, Plotly, type PlotlyApi } from "../ui/plotly.ts";
import { plotText, showNumber, unitSuffix } from "../ui/units.ts";
import { downloadUrl } from "./downloads.ts";

export type ImageFormat = "png" | "svg";

export interface ExportedImage {
  figure: string;
  format: ImageFormat;
  scale: number;
  width: number;
  height: number;
  filename: string;
  layout: Partial<Layout>;
}

const LINE = 16;
const WRAP = 170;

function wrap(items: string[], width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const item of items) {
    if (line && line.length + item.length + 3 > width) {
      lines.push(line);
      line = "";
    }
    line = line ? `${line} · ${item}` : item;
  }
  if (line) lines.push(line);
  return lines;
}

function chunk(s: string, width: number): string[] {
  const out: string[] = [];
  for (let k = 0; k < s.length; k += width) out.push(s.slice(k, k + width));
  return out;
}

/** The lines every exported image carries: label, model, run, every parameter value and the share link. */
export function provenanceLines(r: SimulationResult, link: string): string[] {
  const m = r.model;
  const head = `${m.label} · model ${m.id} ${m.version}`;
  const run = `preset ${r.presetId ?? "none"} · protocol ${r.protocol} · activity ${r.activity} · w end ${showNumber(r.summary.wEnd)}: ${OUTCOME_TEXT[r.summary.outcome]}`;
  const params = m.parameters.map(
    (p) => `${p.name} = ${showNumber(r.values[p.index] as number, 6)}${unitSuffix(p.unit)}`,
  );
  return [head, run, ...wrap(params, WRAP), ...chunk(`share link: ${link}`, WRAP)];
}

/**
 * A copy of a figure with the provenance drawn into it (title line on top, parameters and link below),
 * rendered by Plotly off-screen so the figure on the page is untouched.
 */
export function exportLayout(layout: Partial<Layout>, lines: string[], width: number): Partial<Layout> {
  const margin = { l: 60, r: 20, t: 30, b: 50, ...layout.margin };
  const footer = (lines.length - 1) * LINE + 24;
  const top = 34;
  const annotations: Partial<Annotations>[] = [
    ...(layout.annotations ?? []),
    {
      xref: "paper",
      yref: "paper",
      x: 0,
      y: 1,
      xanchor: "left",
      yanchor: "bottom",
      yshift: (margin.t ?? 0) + 4,
      showarrow: false,
      align: "left",
      text: `<b>${plotText(lines[0] ?? "")}</b>`,
      font: { size: 13, color: "#7a2e0e" },
    },
    {
      xref: "paper",
      yref: "paper",
      x: 0,
      y: 0,
      xanchor: "left",
      yanchor: "top",
      yshift: -((margin.b ?? 0) + 6),
      xshift: -(margin.l ?? 0) + 12,
      showarrow: false,
      align: "left",
      text: lines.slice(1).map(plotText).join("<br>"),
      font: { size: 11, color: "#33404a", family: "ui-monospace, 'DejaVu Sans Mono', monospace" },
    },
  ];
  return {
    ...layout,
    width,
    height: (layout.height ?? 450) + footer + top,
    margin: { ...margin, t: (margin.t ?? 0) + top, b: (margin.b ?? 0) + footer },
    annotations,
  };
}

/**
 * Renders and downloads one figure as PNG (at 1×, 2× or 3×) or SVG, with the Plotly that draws it on
 * the page (the analyses use the full bundle).
 */
export async function exportImage(
  name: string,
  figure: { data: Data[]; layout: Partial<Layout> },
  lines: string[],
  format: ImageFormat,
  scale: number,
  width: number,
  plotly: PlotlyApi = Plotly,
): Promise<ExportedImage> {
  const layout = exportLayout(figure.layout, lines, width);
  const height = layout.height as number;
  // toImage accepts a whole figure, which its typings (element or id only) do not describe.
  const url = await plotly.toImage({ data: figure.data, layout, config: { staticPlot: true } } as never, {
    format,
    width,
    height,
    scale: format === "png" ? scale : 1,
  });
  const filename = `plasticity-lab-${name}${format === "png" ? `@${scale}x` : ""}.${format}`;
  downloadUrl(url, filename);
  return { figure: name, format, scale, width, height, filename, layout };
}
