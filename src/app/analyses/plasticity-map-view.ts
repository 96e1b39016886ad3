import { defaultMapX, MAP_SIZE, type Model } from "../../engine/index.ts";
import type { MapOutput } from "../compute/jobs.ts";
import { el } from "../ui/dom.ts";
import { showNumber } from "../ui/units.ts";
import { AnalysisCard } from "./analysis-card.ts";
import { csvText, jsonText, type Provenance } from "./analysis-export.ts";
import { type AnalysisView, SETTLE_MS, sweepableParams, type ViewContext } from "./analysis-view.ts";
import { numberField, readNumber } from "./form-fields.ts";
import type { JobRunner, Wanted } from "./job-runner.ts";
import { paramRangeFields, readParamRange } from "./param-range-fields.ts";
import { plasticityMapFigure } from "./plasticity-map-figure.ts";

/** The weight at the end over the dose and a second parameter, with the LTD and LTP regions and the current point. */
export class PlasticityMapView implements AnalysisView {
  readonly id = "map";
  readonly title = "Plasticity map";
  readonly root: HTMLElement;
  private readonly card: AnalysisCard;
  private readonly runner: JobRunner;
  private readonly f: ReturnType<typeof mapFields>;
  private readonly xParam: string;

  constructor(private readonly ctx: ViewContext) {
    const { model } = ctx;
    this.xParam = model.display.dose ?? defaultMapX(model);
    const x = model.parameters.find((p) => p.name === this.xParam)?.label ?? this.xParam;
    this.card = new AnalysisCard(
      "map",
      `Plasticity map: outcome over ${x} and a second parameter`,
      `Every cell is a full run. Follow the LTD band (blue) as the second parameter changes: where it sits along ${x} depends on it.`,
      "runs",
    );
    this.f = mapFields(model, ctx.hidden, this.xParam, () => this.request(0));
    this.card.controls.append(...Object.values(this.f).map((x) => x.root));
    for (const k of ["nx", "ny"] as const) this.f[k].input.addEventListener("change", () => this.request(0));
    this.runner = this.card.jobRunner("map", (out, wanted) => this.paint(out, wanted));
    this.root = this.card.root;
    ctx.state.onChange(() => this.request(SETTLE_MS));
    this.request(0);
  }

  setActive(active: boolean): void {
    this.runner.setActive(active);
    if (active) void this.card.resize();
  }

  private request(delay: number): void {
    const { param: y, from, to, log, problems } = readParamRange(this.ctx.model, this.f);
    const nx = readNumber(this.f.nx.input);
    const ny = readNumber(this.f.ny.input);
    if (!Number.isInteger(nx) || !Number.isInteger(ny))
      problems.push(`grid: whole numbers from ${MAP_SIZE.min} to ${MAP_SIZE.max}`);
    if (problems.length) {
      this.card.showError([...new Set(problems)].join("; "));
      return;
    }
    this.card.showError(null);
    this.runner.want(
      this.ctx.state.current,
      { kind: "map", x: { param: this.xParam, n: nx }, y: { param: y, n: ny, from, to, log } },
      delay,
    );
  }

  private async paint(r: MapOutput, wanted: Wanted): Promise<void> {
    const { model } = this.ctx;
    const run = this.ctx.state.resolved;
    const fig = (width: number) => plasticityMapFigure(model, r, width);
    const prov = (): Provenance => ({
      run,
      analysis: `plasticity map, w_end over ${r.x.param} (${r.x.values.length}, ${r.x.log ? "log" : "linear"}) × ${r.y.param} (${r.y.values.length}, ${r.y.log ? "log" : "linear"})`,
      extras: {},
    });
    await this.card.draw(fig, wanted.key, {
      width: 1000,
      provenance: prov,
      csv: () =>
        csvText(
          prov(),
          [
            `current point: ${r.x.param} ${r.current.x}, ${r.y.param} ${r.current.y}`,
            `methods: ${r.methods.join(", ")}`,
          ],
          [r.x.param, r.y.param, "w_end", "outcome"],
          r.y.values.flatMap((yv, j) => r.x.values.map((xv, i) => [xv, yv, r.wEnd[j]?.[i], r.outcome[j]?.[i] ?? ""])),
        ),
      json: () => {
        const { kind: _k, ...rest } = r;
        return jsonText(prov(), "map", rest);
      },
    });
    const cells = r.outcome.flat();
    const count = (o: string) => cells.filter((c) => c === o).length;
    this.card.summary.replaceChildren(
      el(
        "p",
        {},
        `${r.y.values.length} × ${r.x.values.length} runs: LTD in ${count("LTD")} cells, no change in ${count("none")}, LTP in ${count("LTP")}. `,
        `This run: ${r.x.param} ${showNumber(r.current.x)}, ${r.y.param} ${showNumber(r.current.y)}.`,
        r.failed.count ? ` ${r.failed.count} cells could not be solved (left blank).` : "",
      ),
    );
  }
}

function mapFields(model: Model, hidden: ReadonlySet<string>, xParam: string, onChange: () => void) {
  const params = sweepableParams(model, hidden).filter((p) => p.name !== xParam);
  const xScale = model.parameters.find((p) => p.name === xParam)?.scale;
  const y = params.find((p) => p.name === model.display.map) ?? params[0];
  return {
    ...paramRangeFields(
      model,
      { param: "map-y", scale: "map-y-scale", from: "map-y-from", to: "map-y-to" },
      { param: "Second parameter", scale: "Its scale" },
      params,
      y,
      onChange,
    ),
    nx: numberField("map-nx", `${xParam} values${xScale === "log" ? " (log)" : ""}`, MAP_SIZE.default, {
      min: MAP_SIZE.min,
      max: MAP_SIZE.max,
      step: 1,
    }),
    ny: numberField("map-ny", "Second-parameter values", MAP_SIZE.default, {
      min: MAP_SIZE.min,
      max: MAP_SIZE.max,
      step: 1,
    }),
  };
}
