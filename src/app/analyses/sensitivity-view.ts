import type { SensitivityOutput } from "../compute/jobs.ts";
import { el } from "../ui/dom.ts";
import { showNumber } from "../ui/units.ts";
import { AnalysisCard } from "./analysis-card.ts";
import { csvText, jsonText, type Provenance } from "./analysis-export.ts";
import { type AnalysisView, SETTLE_MS, type ViewContext } from "./analysis-view.ts";
import type { JobRunner, Wanted } from "./job-runner.ts";
import { outputTitle, tornadoFigure, tornadoOutputs } from "./tornado-figure.ts";

/** Which parameters matter here, and in which direction: a tornado chart at the current point. */
export class SensitivityView implements AnalysisView {
  readonly id = "sensitivity";
  readonly title = "Sensitivity";
  readonly root: HTMLElement;
  private readonly card: AnalysisCard;
  private readonly runner: JobRunner;
  private readonly method: HTMLElement;

  constructor(private readonly ctx: ViewContext) {
    this.card = new AnalysisCard(
      "sensitivity",
      "Sensitivity: which parameters matter at the current point",
      "Each bar: by what % the output changes for a 1 % rise of one parameter, all others held. Longest bars on top; warm bars raise the output, cool bars lower it. Move a slider and the ranking changes: sensitivity is local.",
      "parameters",
    );
    this.method = el("p", { class: "analysis-method" });
    this.card.summary.after(this.method);
    this.runner = this.card.jobRunner("sensitivity", (out, wanted) => this.paint(out, wanted));
    this.root = this.card.root;
    ctx.state.onChange(() => this.request(SETTLE_MS));
    this.request(0);
  }

  setActive(active: boolean): void {
    this.runner.setActive(active);
    if (active) void this.card.resize();
  }

  private request(delay: number): void {
    this.runner.want(this.ctx.state.current, { kind: "sensitivity" }, delay);
  }

  private async paint(r: SensitivityOutput, wanted: Wanted): Promise<void> {
    const { model } = this.ctx;
    const run = this.ctx.state.resolved;
    const fig = tornadoFigure(model, r, this.ctx.hidden);
    const outputs = tornadoOutputs(this.ctx.model, r);
    const prov = (): Provenance => ({
      run,
      analysis: `normalised local sensitivity at the current point, relative step ${r.relStep}`,
      extras: {},
    });
    await this.card.draw(fig, wanted.key, {
      width: 1100,
      provenance: prov,
      csv: () =>
        csvText(
          prov(),
          [`method: ${r.method}`, `baseline: ${r.outputs.map((o) => `${o} ${r.baseline[o]}`).join(", ")}`],
          [
            "param",
            "value",
            "step",
            "scheme",
            "note",
            ...r.outputs.map((o) => `S_${o}`),
            ...r.outputs.map((o) => `slope_${o}`),
          ],
          r.rows.map((row) => [
            row.param,
            row.value,
            row.step,
            row.scheme,
            row.note ?? "",
            ...r.outputs.map((o) => row.s[o]),
            ...r.outputs.map((o) => row.slope[o]),
          ]),
        ),
      json: () => {
        const { kind: _k, ...rest } = r;
        return jsonText(prov(), "sensitivity", rest);
      },
    });
    const top = (o: string) =>
      [...r.rows]
        .filter((row) => Number.isFinite(row.s[o]))
        .sort((a, b) => Math.abs(b.s[o] as number) - Math.abs(a.s[o] as number))
        .slice(0, 3)
        .map(
          (row) => `${row.param} (${(row.s[o] as number) >= 0 ? "+" : "−"}${showNumber(Math.abs(row.s[o] as number))})`,
        )
        .join(", ");
    const oneSided = r.rows.filter((row) => row.scheme === "forward" || row.scheme === "backward");
    this.card.summary.replaceChildren(
      ...outputs.map((o) =>
        el(
          "p",
          {},
          `${outputTitle(this.ctx.model, o)} = ${showNumber(r.baseline[o] as number)}; largest effects: ${top(o)}.`,
        ),
      ),
    );
    if (oneSided.length)
      this.card.summary.append(
        el("p", {
          class: "hint",
          text: `* one-sided difference (at a range edge or at 0): ${oneSided.map((row) => `${row.param} (${row.note})`).join("; ")}.`,
        }),
      );
    this.method.textContent = `Method: ${r.method}`;
  }
}
