import { MAX_SEED, nextSeed, POPULATION_SIZE } from "../../engine/index.ts";
import type { PopulationOutput } from "../compute/jobs.ts";
import { el } from "../ui/dom.ts";
import { AnalysisCard } from "./analysis-card.ts";
import { csvText, jsonText, type Provenance } from "./analysis-export.ts";
import { type AnalysisView, SETTLE_MS, type ViewContext } from "./analysis-view.ts";
import { type Field, numberField, readNumber } from "./form-fields.ts";
import type { JobRunner, Wanted } from "./job-runner.ts";
import { followSeed, seedFromLink, seedToLink } from "./link-seed.ts";
import { percent, populationFigure } from "./population-figure.ts";
import { PopulationSettings } from "./population-settings.ts";
import { TrialView } from "./trial-view.ts";

/** The UI's cap on subjects: enough for fractions to ±1.5 %, small enough to stay a few seconds. */
const MAX_SUBJECTS = 5000;

/** "Why do trials disagree?": one dose over many virtual subjects, and small trials drawn from them. */
export class PopulationView implements AnalysisView {
  readonly id = "population";
  readonly title = "Population and trials";
  readonly root: HTMLElement;
  private readonly card: AnalysisCard;
  private readonly runner: JobRunner;
  private readonly settings: PopulationSettings;
  private readonly trial: TrialView;
  private readonly nField: Field<HTMLInputElement>;
  private readonly seedField: Field<HTMLInputElement>;

  constructor(private readonly ctx: ViewContext) {
    const { model, state } = ctx;
    this.settings = new PopulationSettings(model);
    this.card = new AnalysisCard(
      "population",
      "Why do trials disagree? One dose, many subjects",
      "Every virtual subject gets the same protocol as the current run; their parameters differ as set below. The histogram shows where each ends up, and what the treatment does to the very same subjects.",
      "runs",
    );
    this.nField = numberField("population-n", "Subjects", POPULATION_SIZE.default, {
      min: 1,
      max: MAX_SUBJECTS,
      step: 1,
    });
    this.seedField = numberField("population-seed", "Seed", seedFromLink("seed", ctx.state), {
      min: 0,
      max: MAX_SEED,
      step: 1,
    });
    const newSeed = el("button", { type: "button", id: "population-new-seed", text: "New subjects (next seed)" });
    newSeed.addEventListener("click", () => {
      const s = readNumber(this.seedField.input);
      this.seedField.input.value = String(nextSeed(Number.isNaN(s) ? 0 : s));
      this.request(0);
    });
    this.card.controls.append(this.nField.root, this.seedField.root);
    this.card.actions.append(newSeed);
    this.nField.input.addEventListener("change", () => this.request(0));
    this.seedField.input.addEventListener("change", () => this.request(0));
    followSeed("seed", ctx.state, this.seedField.input, () => this.request(0));
    this.settings.onChange(() => this.request(0));
    this.runner = this.card.jobRunner("population", (out, wanted) => this.paint(out, wanted));
    this.trial = new TrialView(ctx, this.settings);
    this.root = el("div", { class: "population-view" }, this.settings.root, this.card.root, this.trial.root);
    state.onChange(() => this.request(SETTLE_MS));
    this.request(0);
  }

  setActive(active: boolean): void {
    this.runner.setActive(active);
    this.trial.setActive(active);
    if (active) void this.card.resize();
  }

  private request(delay: number): void {
    const n = readNumber(this.nField.input);
    const seed = readNumber(this.seedField.input);
    const spread = this.settings.spread();
    if (!Number.isInteger(n) || !Number.isInteger(seed)) {
      this.card.showError(
        `Subjects: a whole number from 1 to ${MAX_SUBJECTS}; seed: a whole number from 0 to ${MAX_SEED}.`,
      );
      return;
    }
    if (!spread) return;
    this.card.showError(null);
    seedToLink("seed", seed, this.ctx.state);
    this.runner.want(
      this.ctx.state.current,
      { kind: "population", seed, n, spread, treatment: this.settings.treatment },
      delay,
    );
  }

  private async paint(r: PopulationOutput, wanted: Wanted): Promise<void> {
    const run = this.ctx.state.resolved;
    const label = r.treatment?.label ?? null;
    const fig = (width: number) => populationFigure(r, label, this.ctx.model.readout.weight ?? "w", width);
    const prov = (): Provenance => ({
      run,
      analysis: `population of ${r.n} virtual subjects, seed ${r.seed}; spread ${r.spread.map((e) => `${e.param} ${e.kind} σ ${e.sigma}`).join(", ")}; treatment ${label ?? "none"}`,
      extras: { seed: String(r.seed) },
    });
    const params = r.spread.map((e) => e.param);
    await this.card.draw(fig, wanted.key, {
      width: 1000,
      provenance: prov,
      csv: () =>
        csvText(
          prov(),
          this.summaryLines(r),
          ["subject", ...params, "w_end", "outcome", "w_end_treated", "outcome_treated"],
          r.subjects.map((s) => [
            s.index,
            ...params.map((p) => s.params[p]),
            s.wEnd,
            s.outcome,
            s.treated?.wEnd,
            s.treated?.outcome,
          ]),
        ),
      json: () => {
        const { kind: _k, ...rest } = r;
        return jsonText(prov(), "population", rest);
      },
    });
    this.card.summary.replaceChildren(...this.summaryLines(r).map((l) => el("p", { text: l })));
  }

  private summaryLines(r: PopulationOutput): string[] {
    const c = r.counts;
    const f = r.fractions;
    const lines = [
      `Control: LTD in ${c.LTD} (${percent(f.LTD)}), no lasting change in ${c.none} (${percent(f.none)}), LTP in ${c.LTP} (${percent(f.LTP)}) of ${r.subjects.length} subjects.`,
    ];
    if (r.treated && r.treatment) {
      const t = r.treated;
      lines.push(
        `With ${r.treatment.label}: the treatment raised w in ${t.raised} subjects and lowered it in ${t.lowered} (unchanged within ±${t.tolerance} in ${t.unchanged}); LTD ${t.counts.LTD}, none ${t.counts.none}, LTP ${t.counts.LTP}.`,
      );
    }
    const redrawn = Object.entries(r.redrawn).filter(([, k]) => k > 0);
    if (redrawn.length)
      lines.push(`Draws outside a parameter's range, drawn again: ${redrawn.map(([p, k]) => `${p} ${k}`).join(", ")}.`);
    if (r.failed.count) lines.push(`Left out (solve did not finish): ${r.failed.count}.`);
    return lines;
  }
}
