import type { Model } from "../../engine/index.ts";
import type { SensitivityOutput } from "../compute/jobs.ts";
import type { Figure } from "../ui/figure.ts";
import type { Data } from "../ui/plotly.ts";
import { axis, baseLayout, SIGN_COLORS, titleAnnotation } from "./figure-style.ts";

/** The widest a character of a 14 px tick label is drawn, to size the margin the labels need. */
const LABEL_CHAR_PX = 9;

/** A sensitivity output ("w_end", "peak_<state>") by its readout label in the model's display block. */
export function outputTitle(model: Model, id: string): string {
  const readout = id === "w_end" ? `end:${model.readout.weight}` : id.replace(/^peak_/, "peak:");
  return model.display.readouts[readout] ?? id;
}

/** The outputs the tornado shows: the weight at the end and the peak of the banded state, when reported. */
export function tornadoOutputs(model: Model, r: SensitivityOutput): string[] {
  return ["w_end", `peak_${model.readout.bands?.state}`].filter((o) => r.outputs.includes(o));
}

/**
 * Tornado chart: one row per parameter, sorted by the size of its effect on w at the end (largest on
 * top), one panel per output, bars signed so the direction is read at a glance.
 */
export function tornadoFigure(model: Model, r: SensitivityOutput, hidden: ReadonlySet<string> = new Set()): Figure {
  const outputs = tornadoOutputs(model, r);
  const first = outputs[0] ?? "w_end";
  const rows = r.rows
    .filter((row) => row.scheme !== "skipped" && !hidden.has(row.param))
    .sort((a, b) => Math.abs(b.s[first] ?? 0) - Math.abs(a.s[first] ?? 0) || a.param.localeCompare(b.param))
    .reverse();
  const labels = rows.map((row) => `${row.param}${row.scheme === "central" ? "" : " *"}`);
  const gap = 0.1;
  const width = (1 - gap * (outputs.length - 1)) / outputs.length;
  const data: Data[] = outputs.map((o, k) => {
    const s = rows.map((row) => row.s[o] ?? Number.NaN);
    return {
      type: "bar",
      orientation: "h",
      name: outputTitle(model, o),
      xaxis: k === 0 ? "x" : `x${k + 1}`,
      yaxis: "y",
      y: rows.map((row) => row.param),
      x: s,
      marker: { color: s.map((v) => (v >= 0 ? SIGN_COLORS.up : SIGN_COLORS.down)) },
      textposition: "none",
      customdata: rows.map(
        (row) =>
          `${model.parameters.find((q) => q.name === row.param)?.label ?? row.param}: ${row.param} = ${row.value.toPrecision(4)} · ${row.scheme}${row.note ? ` (${row.note})` : ""}`,
      ),
      hovertemplate: `%{customdata}<br>S = %{x:.3f}<extra>${outputTitle(model, o)}</extra>`,
    } as Data;
  });
  const layout: Figure["layout"] = {
    ...baseLayout(Math.max(420, 24 * rows.length + 110)),
    // A left margin sized from the longest label, not Plotly's automargin: the export places its footer
    // from the declared margins, and an automatic one would move the plot area out from under it.
    margin: {
      l: Math.max(60, 16 + LABEL_CHAR_PX * Math.max(0, ...labels.map((l) => [...l].length))),
      r: 24,
      t: 44,
      b: 60,
    },
    bargap: 0.25,
    yaxis: axis("", { tickvals: rows.map((row) => row.param), ticktext: labels }),
    annotations: outputs.map((o, k) => ({
      ...titleAnnotation(`S of ${outputTitle(model, o)}`),
      xref: `${k === 0 ? "x" : `x${k + 1}`} domain` as "x",
      x: 0,
    })),
  };
  outputs.forEach((_, k) => {
    const ax = axis("normalised sensitivity S = (∂y/∂p)·(p/y)", {
      domain: [k * (width + gap), k * (width + gap) + width],
      zeroline: true,
      zerolinecolor: "#44525e",
      zerolinewidth: 1.5,
      anchor: "y",
    });
    (layout as Record<string, unknown>)[k === 0 ? "xaxis" : `xaxis${k + 1}`] = ax;
  });
  return { data, layout };
}
