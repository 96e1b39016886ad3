import { checkSpread, defaultSpread, type Model, type SpreadEntry } from "../../engine/index.ts";
import { el } from "../ui/dom.ts";
import { readNumber, selectField } from "./form-fields.ts";

/**
 * How the virtual subjects differ (the model file's spread, editable) and which preset is the
 * treatment; shared by the population and the trial, so both draw from the same population.
 */
export class PopulationSettings {
  readonly root: HTMLElement;
  private readonly rows: { param: string; kind: HTMLSelectElement; sigma: HTMLInputElement }[] = [];
  private readonly treatmentSelect: HTMLSelectElement;
  private readonly message: HTMLElement;
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly model: Model) {
    const spread = defaultSpread(model);
    const presets = model.presets.filter((p) => !p.isDefault);
    const treatment = selectField(
      "population-treatment",
      "Treatment given to the same subjects",
      presets.map((p) => [p.id, p.label] as const),
      model.population?.treatment ?? presets[0]?.id ?? "",
    );
    this.treatmentSelect = treatment.input;
    const body = el("tbody");
    for (const e of spread) {
      const p = model.parameters.find((q) => q.name === e.param);
      const kind = el("select", { id: `spread-${e.param}-kind`, "aria-label": `${e.param} spread kind` });
      for (const k of ["lognormal", "normal"]) kind.append(el("option", { value: k, text: k, selected: k === e.kind }));
      const sigma = el("input", {
        id: `spread-${e.param}-sigma`,
        type: "number",
        min: "0",
        max: "5",
        step: "any",
        value: String(e.sigma),
        "aria-label": `${e.param} sigma`,
      });
      this.rows.push({ param: e.param, kind, sigma });
      body.append(
        el(
          "tr",
          {},
          el("th", { scope: "row", title: p?.description ?? "" }, el("code", { text: e.param }), ` ${p?.label ?? ""}`),
          el("td", {}, kind),
          el(
            "td",
            {},
            sigma,
            el("span", { class: "analysis-unit", text: e.kind === "normal" ? ` ${p?.unit ?? ""}` : " (of ln p)" }),
          ),
        ),
      );
      kind.addEventListener("change", () => this.changed());
      sigma.addEventListener("change", () => this.changed());
    }
    const reset = el("button", { type: "button", class: "small", text: "Reset spreads" });
    reset.addEventListener("click", () => {
      spread.forEach((e, k) => {
        const r = this.rows[k];
        if (!r) return;
        r.kind.value = e.kind;
        r.sigma.value = String(e.sigma);
      });
      this.changed();
    });
    this.message = el("p", { class: "analysis-error", role: "alert", hidden: true });
    this.treatmentSelect.addEventListener("change", () => this.changed());
    this.root = el(
      "div",
      { class: "population-settings" },
      el("p", { class: "analysis-intro", text: model.population?.description ?? "" }),
      el(
        "div",
        { class: "population-settings-grid" },
        el(
          "details",
          { class: "spread-table" },
          el("summary", { text: "How subjects differ (spread, editable)" }),
          el(
            "table",
            {},
            el(
              "thead",
              {},
              el("tr", {}, el("th", { text: "parameter" }), el("th", { text: "kind" }), el("th", { text: "σ" })),
            ),
            body,
          ),
          el("p", {
            class: "hint",
            text: "Around the current value p0: lognormal draws p0·exp(σz), normal draws p0 + σz; a draw outside the parameter's range is drawn again.",
          }),
          reset,
        ),
        treatment.root,
      ),
      this.message,
    );
  }

  onChange(f: () => void): void {
    this.listeners.push(f);
  }

  get treatment(): string {
    return this.treatmentSelect.value;
  }

  get treatmentLabel(): string {
    return this.model.presets.find((p) => p.id === this.treatment)?.label ?? this.treatment;
  }

  /** The spread as edited, or null (with the problems shown) when it cannot be used. */
  spread(): SpreadEntry[] | null {
    const spread = this.rows.map((r) => ({
      param: r.param,
      kind: r.kind.value as SpreadEntry["kind"],
      sigma: readNumber(r.sigma),
    }));
    const problems = checkSpread(this.model, spread);
    this.message.hidden = problems.length === 0;
    this.message.textContent = problems.join("; ");
    return problems.length ? null : spread;
  }

  private changed(): void {
    for (const f of this.listeners) f();
  }
}
