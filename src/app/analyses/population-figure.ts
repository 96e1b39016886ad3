import type { PopulationOutput } from "../compute/jobs.ts";
import type { Figure } from "../ui/figure.ts";
import type { Data, Shape } from "../ui/plotly.ts";
import { COLORS } from "../ui/theme.ts";
import { showNumber } from "../ui/units.ts";
import { axis, baseLayout, TREATED_COLOR, titleAnnotation, titledFrame, weightBands } from "./figure-style.ts";

export function percent(x: number): string {
  return `${Math.round(100 * x)} %`;
}

/**
 * Histogram of w at the end over the subjects, control and (outlined) treated on shared bins, with the
 * LTD / none / LTP regions shaded and each region's share written over it.
 */
export function populationFigure(
  r: PopulationOutput,
  treatmentLabel: string | null,
  w: string,
  /** The figure's width in pixels: the title and key wrap to fit it. */
  figureWidth = 1000,
): Figure {
  const edges = r.histogram.edges;
  const centres = edges.slice(0, -1).map((e, k) => (e + (edges[k + 1] as number)) / 2);
  const width = (edges[1] as number) - (edges[0] as number);
  const { ltdBelow, ltpAbove } = r.thresholds;
  const data: Data[] = [
    {
      type: "bar",
      name: "control",
      x: centres,
      y: r.histogram.control,
      width,
      marker: { color: "rgba(29, 43, 54, 0.78)", line: { color: "#fff", width: 0.5 } },
      hovertemplate: `${w} %{x:.3f}: %{y} subjects<extra>control</extra>`,
    },
  ];
  if (r.histogram.treated && treatmentLabel) {
    data.push({
      type: "bar",
      name: `same subjects, ${treatmentLabel}`,
      x: centres,
      y: r.histogram.treated,
      width,
      marker: { color: "rgba(224, 138, 30, 0.25)", line: { color: TREATED_COLOR, width: 2 } },
      hovertemplate: `${w} %{x:.3f}: %{y} subjects<extra>${treatmentLabel}</extra>`,
    });
  }
  const lo = edges[0] as number;
  const hi = edges[edges.length - 1] as number;
  const shapes: Partial<Shape>[] = [
    ...weightBands(ltdBelow, ltpAbove, lo - 1, hi + 1, "vertical"),
    ...[ltdBelow, ltpAbove].map(
      (v): Partial<Shape> => ({
        type: "line",
        xref: "x",
        yref: "paper",
        x0: v,
        x1: v,
        y0: 0,
        y1: 1,
        line: { color: COLORS.axis, dash: "dot", width: 1.5 },
      }),
    ),
  ];
  const region = (x: number, text: string, color: string) => ({
    xref: "x" as const,
    yref: "paper" as const,
    x,
    y: 0.97,
    yanchor: "top" as const,
    showarrow: false,
    text,
    font: { size: 14, color },
    bgcolor: "rgba(255,255,255,0.8)",
  });
  const f = r.fractions;
  const frame = titledFrame(
    430,
    `${w} at end in ${r.subjects.length} virtual subjects (seed ${r.seed})`,
    `${w} at end of run (thresholds ${showNumber(ltdBelow)} and ${showNumber(ltpAbove)})`,
    data,
    figureWidth,
    70,
  );
  const annotations = [
    titleAnnotation(frame.title),
    region((lo + ltdBelow) / 2, `<b>LTD ${percent(f.LTD)}</b>`, COLORS.outcome.LTD),
    region((ltdBelow + ltpAbove) / 2, `none<br>${percent(f.none)}`, COLORS.outcome.none),
    region((ltpAbove + hi) / 2, `<b>LTP ${percent(f.LTP)}</b>`, COLORS.outcome.LTP),
  ];
  return {
    data,
    layout: {
      ...baseLayout(frame.height),
      showlegend: data.length > 1,
      legend: frame.legend,
      margin: frame.margin,
      barmode: "overlay",
      bargap: 0,
      xaxis: axis(frame.xTitle, {
        range: [lo, hi],
      }),
      // Headroom above the tallest bar for the LTD / none / LTP labels, so they never print over a bar.
      yaxis: axis("subjects", { range: [0, headroom(r.histogram.control, r.histogram.treated)] }),
      shapes,
      annotations,
    },
  };
}

/** The y range's top: the tallest bar fills 72 % of the height, the band labels the space above it. */
function headroom(...counts: (readonly number[] | undefined)[]): number {
  const top = Math.max(1, ...counts.flatMap((c) => c ?? []));
  return top / 0.72;
}
