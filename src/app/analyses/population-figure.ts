import type { PopulationOutput } from "../compute/jobs.ts";
import type { Figure } from "../ui/figure.ts";
import type { Annotations, Data, Shape } from "../ui/plotly.ts";
import { COLORS } from "../ui/theme.ts";
import { showNumber } from "../ui/units.ts";
import { axis, baseLayout, TREATED_COLOR, titleAnnotation, titledFrame, weightBands } from "./figure-style.ts";
import { labelRows, type PlacedLabel } from "./label-rows.ts";
import { textWidth } from "./text-width.ts";

export function percent(x: number): string {
  return `${Math.round(100 * x)} %`;
}

/**
 * Histogram of w at the end over the subjects, control and (outlined) treated on shared bins, with the
 * LTD / none / LTP regions shaded and each region's share written over it (see bandLabels).
 */
export function populationFigure(
  r: PopulationOutput,
  treatmentLabel: string | null,
  w: string,
  /** The figure's width in pixels: the title and key wrap, and the band labels make room, to fit it. */
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
  const f = r.fractions;
  const frame = titledFrame(
    430,
    `${w} at end in ${r.subjects.length} virtual subjects (seed ${r.seed})`,
    `${w} at end of run (thresholds ${showNumber(ltdBelow)} and ${showNumber(ltpAbove)})`,
    data,
    figureWidth,
    70,
  );
  const bands = bandLabels(
    [
      { from: lo, to: ltdBelow, text: `<b>LTD ${percent(f.LTD)}</b>`, color: COLORS.outcome.LTD },
      { from: ltdBelow, to: ltpAbove, text: `none<br>${percent(f.none)}`, color: COLORS.outcome.none },
      { from: ltpAbove, to: hi, text: `<b>LTP ${percent(f.LTP)}</b>`, color: COLORS.outcome.LTP },
    ],
    lo,
    hi,
    Math.max(1, figureWidth - frame.margin.l - frame.margin.r),
  );
  const plotHeight = frame.height - frame.margin.t - frame.margin.b;
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
      yaxis: axis("subjects", {
        range: [0, headroom(bands.height / plotHeight, r.histogram.control, r.histogram.treated)],
      }),
      shapes,
      annotations: [titleAnnotation(frame.title), ...bands.annotations],
    },
  };
}

/**
 * The y range's top: the band labels take `labels` of the plot's height (a fraction) at its top, and
 * the tallest bar reaches just under them, filling at most 80 % of the height and at least 30 %.
 */
function headroom(labels: number, ...counts: (readonly number[] | undefined)[]): number {
  const top = Math.max(1, ...counts.flatMap((c) => c ?? []));
  return top / Math.min(0.8, Math.max(0.3, 1 - labels - 0.02));
}

interface Band {
  from: number;
  to: number;
  text: string;
  color: string;
}

const LABEL_SIZE = 14;
/** Plotly's line height, a label's background padding, and the space kept between labels. */
const LINE = Math.ceil(1.3 * LABEL_SIZE);
const PAD = 2;
const GAP = 8;

/**
 * Each band's label (its share) over the band at the top of the plot, `plotWidth` px across for w
 * from `lo` to `hi`: in rows that keep labels at least GAP px apart, a crowded label (a narrow band's,
 * on a phone) going down a row (see labelRows). Gives the annotations and the height they take.
 */
function bandLabels(
  bands: readonly Band[],
  lo: number,
  hi: number,
  plotWidth: number,
): { annotations: Partial<Annotations>[]; height: number } {
  const toPx = (x: number) => ((Math.min(hi, Math.max(lo, x)) - lo) / (hi - lo)) * plotWidth;
  const widths = bands.map(
    (b) =>
      Math.max(...b.text.split("<br>").map((line) => textWidth(line, LABEL_SIZE, b.text.startsWith("<b>")))) + 2 * PAD,
  );
  const placed = labelRows(
    bands.map((b, k) => ({ at: toPx((b.from + b.to) / 2), width: widths[k] as number })),
    plotWidth,
    GAP,
  );
  const lines = bands.map((b) => b.text.split("<br>").length);
  const rows = Math.max(...placed.map((p) => p.row)) + 1;
  // Each row as tall as its tallest label, the first a few pixels under the plot's top.
  const tops: number[] = [4];
  for (let row = 0; row < rows; row++) {
    const tallest = Math.max(0, ...placed.map((p, k) => (p.row === row ? (lines[k] as number) : 0)));
    tops.push((tops[row] as number) + tallest * LINE + 2 * PAD + GAP / 2);
  }
  const annotations = bands.map(
    (b, k): Partial<Annotations> => ({
      xref: "x",
      yref: "paper",
      x: lo + ((placed[k] as PlacedLabel).centre / plotWidth) * (hi - lo),
      y: 1,
      yanchor: "top",
      yshift: -(tops[(placed[k] as PlacedLabel).row] as number),
      showarrow: false,
      text: b.text,
      font: { size: LABEL_SIZE, color: b.color },
      bgcolor: "rgba(255,255,255,0.8)",
      borderpad: PAD,
    }),
  );
  return { annotations, height: tops[rows] as number };
}
