import { type Model, type Parameter, sweepValues } from "../../engine/index.ts";
import type { DoseOutput } from "../compute/jobs.ts";
import { numericReadoutIds, readoutLabel, weightReadoutId } from "../compute/readouts-of.ts";
import { el } from "../ui/dom.ts";
import { showNumber, unitSuffix } from "../ui/units.ts";
import { AnalysisCard } from "./analysis-card.ts";
import { cell, csvText, jsonText, type Provenance } from "./analysis-export.ts";
import { type AnalysisView, SETTLE_MS, sweepableParams, type ViewContext } from "./analysis-view.ts";
import { doseResponseFigure } from "./dose-response-figure.ts";
import { doseTable } from "./dose-table.ts";
import { numberField, readNumber, selectField } from "./form-fields.ts";
import type { JobRunner, Wanted } from "./job-runner.ts";
import { paramRangeFields, readParamRange } from "./param-range-fields.ts";

const MAX_POINTS = 200;

/**
 * "Sweep a parameter": any continuous parameter over a chosen range (linear, negative ends allowed, or
 * log), any numeric readout on the y axis, with an overlay setting on the same axes. The model's display
 * block gives the parameter, readout and range it opens with, and where a readout means "no change".
 */
export class DoseResponseView implements AnalysisView {
  readonly id = "dose";
  readonly title = "Sweep a parameter";
  readonly root: HTMLElement;
  private readonly card: AnalysisCard;
  private readonly runner: JobRunner;
  private readonly f: ReturnType<typeof doseFields>;
  private shown: { out: DoseOutput; wanted: Wanted; run: Provenance["run"] } | undefined;

  constructor(private readonly ctx: ViewContext) {
    const { model } = ctx;
    this.card = new AnalysisCard(
      "dose-response",
      "Sweep a parameter: one parameter on x, any readout on y, everything else as set",
      "Each point is a full run (a dose-response when the parameter is a dose; an STDP curve when it is a spike timing). Overlay a preset to see how it moves the curve: it is applied on top of your settings, as its change from the defaults (a preset that multiplies a parameter by 10 multiplies yours by 10).",
      "runs",
    );
    this.f = doseFields(model, ctx.hidden, () => this.request(0));
    this.card.controls.append(...Object.values(this.f).map((x) => x.root));
    for (const k of ["count", "overlay"] as const) this.f[k].input.addEventListener("change", () => this.request(0));
    this.f.readout.input.addEventListener("change", () => void this.repaint());
    this.runner = this.card.jobRunner("dose", async (out, wanted) => {
      this.shown = { out, wanted, run: ctx.state.resolved };
      await this.repaint();
    });
    this.root = this.card.root;
    ctx.state.onChange(() => this.request(SETTLE_MS));
    this.request(0);
  }

  setActive(active: boolean): void {
    this.runner.setActive(active);
    if (active) void this.card.resize();
  }

  private request(delay: number): void {
    const { param, from, to, log, problems } = readParamRange(this.ctx.model, this.f);
    const count = readNumber(this.f.count.input);
    if (!Number.isInteger(count)) problems.push(`points: a whole number from 2 to ${MAX_POINTS}`);
    if (problems.length) {
      this.card.showError([...new Set(problems)].join("; "));
      return;
    }
    this.card.showError(null);
    const overlay = this.f.overlay.input.value;
    this.runner.want(
      this.ctx.state.current,
      { kind: "dose", param, values: sweepValues(from, to, count, log), overlays: overlay ? [overlay] : [] },
      delay,
    );
  }

  private async repaint(): Promise<void> {
    const s = this.shown;
    if (!s) return;
    const { model } = this.ctx;
    const readout = this.f.readout.input.value;
    const log = s.wanted.job.kind === "dose" && this.f.scale.input.value === "log";
    const fig = (width: number) => doseResponseFigure(model, s.run.values, s.out, readout, log, width);
    const p = model.parameters.find((q) => q.name === s.out.param);
    const prov = (): Provenance => ({
      run: s.run,
      analysis: `dose-response: ${s.out.param} over ${s.out.series[0]?.values.length ?? 0} values${
        s.out.series.length > 1
          ? `, overlay ${s.out.series
              .slice(1)
              .map((x) => x.label)
              .join(", ")}`
          : ""
      }`,
      extras: {},
    });
    const table = doseTable(model, s.out);
    await this.card.draw(fig, s.wanted.key, {
      width: 1000,
      provenance: prov,
      csv: () =>
        csvText(
          prov(),
          [
            `this run: ${s.out.param} = ${cell(s.out.current.x)}, ${readout} ${cell(s.out.current.readouts[readout] ?? Number.NaN)}`,
          ],
          table.columns,
          table.rows,
        ),
      json: () =>
        jsonText(prov(), "dose-response", {
          param: s.out.param,
          current: s.out.current,
          series: s.out.series,
          methods: s.out.methods,
        }),
    });
    const c = s.out.current;
    const series = s.out.series[0];
    const finite = (series?.readouts[readout] ?? []).filter(Number.isFinite);
    this.card.summary.replaceChildren(
      el(
        "p",
        {},
        `This run: ${s.out.param} = ${showNumber(c.x)}${unitSuffix(p?.unit ?? "")}, ${readoutLabel(model, readout)} ${showNumber(c.readouts[readout] ?? Number.NaN)}. `,
        finite.length
          ? `Over the sweep: from ${showNumber(Math.min(...finite))} to ${showNumber(Math.max(...finite))}. `
          : "",
        `Solved by ${s.out.methods.join(", ")}.`,
      ),
    );
  }
}

function doseFields(model: Model, hidden: ReadonlySet<string>, onChange: () => void) {
  const params = sweepableParams(model, hidden);
  const u = params.find((p) => p.name === model.display.dose) ?? params[0];
  const ids = numericReadoutIds(model);
  const wanted = model.display.sweep.readout;
  const readout = wanted !== undefined && ids.includes(wanted) ? wanted : (weightReadoutId(model) ?? ids[0] ?? "");
  // The display block's range is the dose's starting range (the STDP curve's ±100 ms within Δt's ±250 ms).
  const rangeOf = (p: Parameter) => (p.name === model.display.dose ? (model.display.sweep.range ?? p.range) : p.range);
  const presets = model.presets.filter((p) => !p.isDefault);
  return {
    ...paramRangeFields(
      model,
      { param: "dose-param", scale: "dose-scale", from: "dose-from", to: "dose-to" },
      { param: "Parameter", scale: "Scale" },
      params,
      u,
      onChange,
      rangeOf,
    ),
    count: numberField("dose-count", "Points", 41, { min: 2, max: MAX_POINTS, step: 1 }),
    readout: selectField(
      "dose-readout",
      "Readout",
      ids.map((id) => [id, readoutLabel(model, id)] as const),
      readout,
    ),
    overlay: selectField(
      "dose-overlay",
      "Overlay",
      [["", "none"], ...presets.map((p) => [p.id, `with ${p.label}`] as const)],
      model.population?.treatment ?? "",
    ),
  };
}
