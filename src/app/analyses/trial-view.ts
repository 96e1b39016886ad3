import { MAX_SEED, nextSeed, TRIAL_ARM_SIZE } from "../../engine/index.ts";
import type { TrialOutput } from "../compute/jobs.ts";
import { el } from "../ui/dom.ts";
import { showNumber } from "../ui/units.ts";
import { AnalysisCard } from "./analysis-card.ts";
import { csvText, jsonText, type Provenance } from "./analysis-export.ts";
import { type AnalysisView, SETTLE_MS, type ViewContext } from "./analysis-view.ts";
import { type Field, numberField, readNumber } from "./form-fields.ts";
import type { JobRunner, Wanted } from "./job-runner.ts";
import { followSeed, seedFromLink, seedToLink } from "./link-seed.ts";
import type { PopulationSettings } from "./population-settings.ts";
import { type TrialRecord, trialFigure } from "./trial-figure.ts";

/** Trials kept in the list; enough to see them disagree, few enough to read. */
const HISTORY = 8;

/**
 * A parallel-group trial of the treatment against control, two arms of n subjects drawn from the same
 * population; "Run again" draws new subjects (the next seed), and the differences found are listed.
 */
export class TrialView implements Omit<AnalysisView, "id" | "title"> {
  readonly root: HTMLElement;
  private readonly card: AnalysisCard;
  private readonly runner: JobRunner;
  private readonly nField: Field<HTMLInputElement>;
  private readonly seedField: Field<HTMLInputElement>;
  private readonly list: HTMLOListElement;
  /** The finished trials, for the inputs other than the seed they were run under. */
  private history: { context: string; trials: TrialRecord[] } = { context: "", trials: [] };

  constructor(
    private readonly ctx: ViewContext,
    private readonly settings: PopulationSettings,
  ) {
    this.card = new AnalysisCard(
      "trial",
      "Run a trial: treatment against control",
      "Two arms of different subjects from the same population, as a real trial would recruit them. Run it again: new subjects, often a different answer, most of all with small arms.",
      "runs",
    );
    this.nField = numberField("trial-n", "Subjects per arm", TRIAL_ARM_SIZE.default, {
      min: TRIAL_ARM_SIZE.min,
      max: TRIAL_ARM_SIZE.max,
      step: 1,
    });
    this.seedField = numberField("trial-seed", "Trial seed", seedFromLink("trialSeed", ctx.state), {
      min: 0,
      max: MAX_SEED,
      step: 1,
    });
    const again = el("button", {
      type: "button",
      class: "primary",
      id: "trial-run-again",
      text: "Run again (new subjects)",
    });
    again.addEventListener("click", () => {
      const s = readNumber(this.seedField.input);
      this.seedField.input.value = String(nextSeed(Number.isNaN(s) ? 0 : s));
      this.request(0);
    });
    this.list = el("ol", { class: "trial-history", id: "trial-history" });
    this.card.controls.append(this.nField.root, this.seedField.root);
    this.card.actions.append(again);
    this.card.summary.after(
      el(
        "div",
        { class: "trial-history-box" },
        el("h4", { text: "Recent trials: difference in mean w (treated − control), 95 % CI" }),
        this.list,
      ),
    );
    this.nField.input.addEventListener("change", () => this.request(0));
    this.seedField.input.addEventListener("change", () => this.request(0));
    followSeed("trialSeed", ctx.state, this.seedField.input, () => this.request(0));
    settings.onChange(() => this.request(0));
    this.runner = this.card.jobRunner("trial", (out, wanted) => this.paint(out, wanted));
    this.root = this.card.root;
    ctx.state.onChange(() => this.request(SETTLE_MS));
    this.request(0);
  }

  setActive(active: boolean): void {
    this.runner.setActive(active);
    if (active) void this.card.resize();
  }

  private request(delay: number): void {
    const n = readNumber(this.nField.input);
    const seed = readNumber(this.seedField.input);
    const spread = this.settings.spread();
    if (!Number.isInteger(n) || !Number.isInteger(seed)) {
      this.card.showError(
        `Subjects per arm: a whole number from ${TRIAL_ARM_SIZE.min} to ${TRIAL_ARM_SIZE.max}; seed: a whole number from 0 to ${MAX_SEED}.`,
      );
      return;
    }
    if (!spread) return;
    this.card.showError(null);
    seedToLink("trialSeed", seed, this.ctx.state);
    this.runner.want(
      this.ctx.state.current,
      { kind: "trial", seed, n, spread, treatment: this.settings.treatment },
      delay,
    );
  }

  private async paint(r: TrialOutput, wanted: Wanted): Promise<void> {
    const run = this.ctx.state.resolved;
    // Trials are comparable only under the same dose, population, treatment and arm size.
    const job = wanted.job.kind === "trial" ? { ...wanted.job, seed: 0 } : wanted.job;
    const context = JSON.stringify({ spec: wanted.spec, job });
    if (context !== this.history.context) this.history = { context, trials: [] };
    const d = r.difference;
    if (d && !this.history.trials.some((t) => t.seed === r.seed)) {
      this.history.trials.push({ seed: r.seed, n: r.n, difference: { mean: d.mean, lo: d.lo, hi: d.hi } });
      if (this.history.trials.length > HISTORY) this.history.trials.shift();
    }
    const trials = this.history.trials;
    const latest = trials.findIndex((t) => t.seed === r.seed);
    const shown = latest >= 0 ? [...trials.filter((_, k) => k !== latest), trials[latest] as TrialRecord] : trials;
    const fig = trialFigure(r, shown, this.ctx.model.readout.weight ?? "w");
    const [a, b] = r.arms;
    const prov = (): Provenance => ({
      run,
      analysis: `trial, ${r.n} subjects per arm, seed ${r.seed}: ${a.treatment.label} against ${b.treatment.label}`,
      extras: { seed: String(r.seed) },
    });
    await this.card.draw(fig, wanted.key, {
      width: 1000,
      provenance: prov,
      csv: () =>
        csvText(
          prov(),
          this.summaryLines(r),
          ["arm", "subject", "w_end"],
          r.arms.flatMap((arm, k) => arm.wEnd.map((w, i) => [k === 0 ? "control" : arm.treatment.label, i, w])),
        ),
      json: () => {
        const { kind: _k, ...rest } = r;
        return jsonText(prov(), "trial", { ...rest, recentTrials: this.history.trials });
      },
    });
    this.card.summary.replaceChildren(...this.summaryLines(r).map((l) => el("p", { text: l })));
    this.list.replaceChildren(
      ...shown.map((t) =>
        el(
          "li",
          { class: t.seed === r.seed ? "is-latest" : undefined, "data-seed": String(t.seed) },
          `seed ${t.seed}, n ${t.n}/arm: ${signed(t.difference.mean)} [${signed(t.difference.lo)}, ${signed(t.difference.hi)}]`,
          el("span", { class: "trial-verdict", text: verdict(t) }),
        ),
      ),
    );
  }

  private summaryLines(r: TrialOutput): string[] {
    const arm = (k: 0 | 1) => {
      const a = r.arms[k];
      const name = k === 0 ? "Control" : a.treatment.label;
      return `${name}: mean w ${showNumber(a.ci.mean)} ± ${showNumber(a.ci.halfWidth)} (95 % CI, n ${a.wEnd.length}; LTD ${a.counts.LTD}, none ${a.counts.none}, LTP ${a.counts.LTP}).`;
    };
    const lines = [arm(0), arm(1)];
    const d = r.difference;
    if (d)
      lines.push(
        `Difference (treated − control): ${signed(d.mean)}, 95 % CI ${signed(d.lo)} to ${signed(d.hi)} (Welch). ${verdict({ difference: d })}`,
      );
    return lines;
  }
}

function signed(x: number): string {
  return `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(3)}`;
}

function verdict(t: { difference: { lo: number; hi: number } }): string {
  if (t.difference.lo > 0) return " → treatment raised w";
  if (t.difference.hi < 0) return " → treatment lowered w";
  return " → no clear effect";
}
