import { loadModel, type Model, PALETTE, resolveRun } from "../../engine/index.ts";
import { shippedModels } from "../session/model-source.ts";
import { el } from "../ui/dom.ts";
import type { Figure } from "../ui/figure.ts";
import { showNumber, unitSuffix } from "../ui/units.ts";
import { AnalysisCard } from "./analysis-card.ts";
import { csvText, jsonText, type Provenance } from "./analysis-export.ts";
import { type AnalysisView, SETTLE_MS, type ViewContext } from "./analysis-view.ts";
import { axis, baseLayout, keyUnderAxis, titleAnnotation, wrapTitle } from "./figure-style.ts";
import { type ComparedRule, comparedRule, ruleToCompare } from "./rule-curves.ts";
import { charsAcross, wrapText } from "./wrap-text.ts";

/** A rule on the figure: the open model's at its current parameters, every other's at its defaults. */
interface Shown {
  rule: ComparedRule;
  current: boolean;
}

let others: Model[] | undefined;

/** The shipped models that mark a rule to compare, loaded once; a file that fails to load is left out. */
function shippedRuleModels(): Model[] {
  others ??= shippedModels().flatMap((e) => {
    try {
      const m = loadModel(e.text, e.file);
      return ruleToCompare(m) ? [m] : [];
    } catch {
      return [];
    }
  });
  return others;
}

/**
 * "Compare rules": the plasticity rule of every shipped model whose display block marks one (Ω(C) of a
 * calcium-control rule), on one set of axes, each labelled by its model's title and units. Computed on
 * the page: a few hundred evaluations of a helper, no solve.
 */
export class CompareRulesView implements AnalysisView {
  readonly id = "rules";
  readonly title = "Compare rules";
  readonly root: HTMLElement;
  private readonly card: AnalysisCard;
  private active = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly ctx: ViewContext) {
    this.card = new AnalysisCard(
      "compare-rules",
      "Compare rules: each model's plasticity rule against calcium",
      "The rule each model file declares (the weight's calcium-dependent target Ω), drawn against its own calcium variable in its own units: the open model at your settings, every other shipped model at its defaults. A model whose rule is not one curve of calcium (thresholds that act through the time spent above them, say) declares none and is listed below.",
      "curves",
    );
    this.root = this.card.root;
    ctx.state.onChange(() => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.paint(), SETTLE_MS);
    });
  }

  setActive(active: boolean): void {
    const was = this.active;
    this.active = active;
    if (active && !was) this.paint();
    if (active) void this.card.resize();
  }

  /** Shipped models that mark no rule, to name under the figure. */
  private withoutRule(): string[] {
    const have = new Set([this.ctx.model.id, ...shippedRuleModels().map((m) => m.id)]);
    const open = ruleToCompare(this.ctx.model) ? [] : [this.ctx.model.title];
    return [
      ...open,
      ...shippedModels()
        .filter((e) => !have.has(e.id))
        .map((e) => e.title),
    ];
  }

  private rules(): Shown[] {
    const { model, state } = this.ctx;
    const open = comparedRule(model, state.resolved.values);
    const shown: Shown[] = open ? [{ rule: open, current: true }] : [];
    for (const m of shippedRuleModels()) {
      if (m.id === model.id) continue;
      const r = comparedRule(m, resolveRun(m).values);
      if (r) shown.push({ rule: r, current: false });
    }
    return shown;
  }

  private paint(): void {
    if (!this.active) return;
    const shown = this.rules();
    const run = this.ctx.state.resolved;
    const fig = (width: number) => compareRulesFigure(shown, width);
    const prov = (): Provenance => ({
      run,
      analysis: `compare rules: ${shown.map((s) => `${s.rule.modelId} ${s.rule.helper}(${s.rule.x.name})${s.current ? " at these settings" : " at its defaults"}`).join("; ")}`,
      extras: {},
    });
    const key = JSON.stringify(shown.map((s) => [s.rule.modelId, s.rule.ys.slice(0, 3), s.rule.ys.at(-1)]));
    void this.card.draw(fig, key, {
      width: 1000,
      provenance: prov,
      csv: () =>
        csvText(
          prov(),
          [],
          ["model", "rule", "x_name", "x_unit", "x", "value"],
          shown.flatMap((s) =>
            s.rule.xs.map((x, k) => [
              s.rule.modelId,
              s.rule.helper,
              s.rule.x.name,
              s.rule.x.unit,
              x,
              s.rule.ys[k] ?? Number.NaN,
            ]),
          ),
        ),
      json: () => jsonText(prov(), "compare-rules", { rules: shown.map((s) => ({ ...s.rule, current: s.current })) }),
    });
    this.card.summary.replaceChildren(
      el(
        "ul",
        {},
        ...shown.map((s) => {
          const lo = Math.min(...s.rule.ys);
          const hi = Math.max(...s.rule.ys);
          const u = unitSuffix(s.rule.x.unit);
          return el(
            "li",
            {},
            `${s.rule.modelTitle}: ${s.rule.title} over ${s.rule.x.name} ${showNumber(s.rule.xs[0] ?? 0)}–${showNumber(s.rule.xs.at(-1) ?? 0)}${u}, from ${showNumber(lo)} to ${showNumber(hi)}${s.current ? " (the open model, at your settings)" : " (at its defaults)"}.`,
          );
        }),
      ),
      ...(this.withoutRule().length ? [el("p", {}, `No rule declared: ${this.withoutRule().join("; ")}.`)] : []),
    );
    if (!shown.length)
      this.card.showError("No shipped model marks a rule to compare (display: rules: curves: compare: true).");
    else this.card.showError(null);
  }
}

/**
 * The compared rules on one set of axes, `figureWidth` px wide (the title and key wrap to fit); the x
 * axis names each model's variable with its unit.
 */
export function compareRulesFigure(shown: readonly Shown[], figureWidth = 1000): Figure {
  const chars = charsAcross(figureWidth);
  const xTitles = [
    ...new Set(
      shown.map((s) => `${s.rule.x.name}${s.rule.x.unit && s.rule.x.unit !== "–" ? ` (${s.rule.x.unit})` : ""}`),
    ),
  ];
  const yTitles = [...new Set(shown.map((s) => s.rule.axis))];
  const left = 70;
  const title = wrapTitle("Plasticity rules of the shipped models", figureWidth, left);
  const data: Figure["data"] = shown.map((s, k) => ({
    type: "scatter",
    mode: "lines",
    name: wrapText(`${s.rule.modelTitle}: ${s.rule.title}${s.current ? " (open, your settings)" : ""}`, chars),
    x: s.rule.xs,
    y: s.rule.ys,
    line: { color: PALETTE[k % PALETTE.length], width: 3, dash: s.current ? "solid" : k % 2 ? "dash" : "dot" },
    hovertemplate: `${s.rule.x.name} %{x:.3g}${unitSuffix(s.rule.x.unit)}: ${s.rule.helper} %{y:.3g}<extra>${s.rule.modelId}</extra>`,
  }));
  // The key's lines: each entry is wrapped to the width, and may take a row of its own.
  const height = 480;
  const keyLines = data.reduce((n, d) => n + String(d.name ?? "").split("<br>").length, 0);
  const top = 22 + 18 * title.split("<br>").length;
  const xTitle = wrapText(`calcium: ${xTitles.join(" · ")}`, Math.floor(chars * 0.8));
  const key = keyUnderAxis(height, top, xTitle.split("<br>").length, keyLines);
  return {
    data,
    layout: {
      ...baseLayout(height),
      showlegend: true,
      legend: key.legend,
      margin: { l: left, r: 24, t: top, b: key.bottom },
      xaxis: axis(xTitle),
      yaxis: axis(yTitles.join(" · ")),
      annotations: [titleAnnotation(title)],
    },
  };
}
