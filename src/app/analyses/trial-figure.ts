import type { TrialOutput } from "../compute/jobs.ts";
import type { Figure } from "../ui/figure.ts";
import type { Data, Shape } from "../ui/plotly.ts";
import { COLORS } from "../ui/theme.ts";
import { axis, baseLayout, TREATED_COLOR, titleAnnotation } from "./figure-style.ts";

/** One finished trial as the history keeps it. */
export interface TrialRecord {
  seed: number;
  n: number;
  difference: { mean: number; lo: number; hi: number };
}

/** Spreads a subject's dot sideways by a fixed amount per index, so the same trial always looks the same. */
function jitter(k: number): number {
  return ((((k * 0.618034) % 1) + 1) % 1) * 0.5 - 0.25;
}

/**
 * Left: every subject's w at the end per arm, with the arm's mean ± 95 % CI. Right: the difference
 * (treated − control) with its CI for this trial and the ones before it, so small trials are seen
 * to disagree.
 */
export function trialFigure(r: TrialOutput, history: readonly TrialRecord[], w: string): Figure {
  const colors = [COLORS.ink, TREATED_COLOR];
  const names = r.arms.map((a) => (a.treatment.changes.length ? a.treatment.label : "control"));
  const data: Data[] = [];
  r.arms.forEach((arm, a) => {
    data.push({
      type: "scatter",
      mode: "markers",
      name: names[a],
      x: arm.wEnd.map((_, k) => a + jitter(k)),
      y: arm.wEnd,
      marker: { size: 7, color: colors[a], opacity: 0.45 },
      hovertemplate: `${w} %{y:.3f}<extra>${names[a]}</extra>`,
    });
    data.push({
      type: "scatter",
      mode: "markers",
      name: `${names[a]} mean`,
      x: [a + 0.38],
      y: [arm.ci.mean],
      error_y: { type: "data", array: [arm.ci.halfWidth], color: colors[a], thickness: 3, width: 10 },
      marker: { size: 13, color: colors[a], symbol: "diamond", line: { color: "#fff", width: 1.5 } },
      hovertemplate: `mean %{y:.3f} ± ${arm.ci.halfWidth.toFixed(3)} (95 % CI)<extra>${names[a]}</extra>`,
    });
  });
  const shown = history.slice(-8);
  data.push({
    type: "scatter",
    mode: "markers",
    name: "difference",
    xaxis: "x2",
    yaxis: "y2",
    x: shown.map((_, k) => k + 1),
    y: shown.map((h) => h.difference.mean),
    error_y: {
      type: "data",
      symmetric: false,
      array: shown.map((h) => h.difference.hi - h.difference.mean),
      arrayminus: shown.map((h) => h.difference.mean - h.difference.lo),
      color: COLORS.axis,
      thickness: 2,
      width: 6,
    },
    marker: {
      size: shown.map((_, k) => (k === shown.length - 1 ? 13 : 9)),
      color: shown.map((_, k) => (k === shown.length - 1 ? TREATED_COLOR : COLORS.axis)),
    },
    text: shown.map((h) => `seed ${h.seed}, n ${h.n}/arm`),
    hovertemplate: "%{text}: %{y:.3f}<extra>difference</extra>",
  } as Data);
  const zero: Partial<Shape> = {
    type: "line",
    xref: "x2 domain" as "x2",
    yref: "y2",
    x0: 0,
    x1: 1,
    y0: 0,
    y1: 0,
    line: { color: COLORS.axis, dash: "dot", width: 1.5 },
  };
  const baseline: Partial<Shape> = {
    type: "line",
    xref: "x domain" as "x",
    yref: "y",
    x0: 0,
    x1: 1,
    y0: 1,
    y1: 1,
    line: { color: COLORS.axis, dash: "dot", width: 1 },
  };
  return {
    data,
    layout: {
      ...baseLayout(420),
      // Two-line titles: one line each did not fit over its half of the figure at common widths.
      margin: { l: 70, r: 24, t: 62, b: 64 },
      xaxis: axis("", {
        domain: [0, 0.56],
        tickvals: [0, 1],
        ticktext: names.map((n, a) => `${n} (n ${r.arms[a]?.wEnd.length})`),
        range: [-0.5, 1.7],
        showgrid: false,
      }),
      yaxis: axis(`${w} at end of run`),
      xaxis2: axis("trial (latest in orange)", {
        domain: [0.68, 1],
        anchor: "y2",
        range: [0.4, Math.max(shown.length, 3) + 0.6],
        dtick: 1,
      }),
      yaxis2: axis("difference in mean w (treated − control)", { anchor: "x2", zeroline: false }),
      shapes: [zero, baseline],
      annotations: [
        titleAnnotation(`One trial, seed ${r.seed}:<br>mean ± 95 % CI per arm`),
        {
          ...titleAnnotation("Differences found<br>by recent trials"),
          xref: "x2 domain" as "x2",
          x: 0,
        },
      ],
    },
  };
}
