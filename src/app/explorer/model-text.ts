import type { Model } from "../../engine/index.ts";

function setText(id: string, text: string): void {
  const e = document.getElementById(id);
  if (e) e.textContent = text;
}

/** The figure's card (the section around it) and its export option, hidden when the model has nothing to draw there. */
function showFigure(figure: "rule" | "dose", shown: boolean): void {
  const card = document.getElementById(`fig-${figure}`)?.closest("section");
  if (card) card.hidden = !shown;
  const option = document.querySelector<HTMLOptionElement>(`#export-figure option[value="${figure}"]`);
  if (option && !shown) option.remove();
}

/**
 * The explorer's headings and screen-reader descriptions, from the model's display block: the page
 * itself names no state or parameter of any model. The rule and dose-response figures are hidden for
 * a model that has no rule curves or no parameter to sweep.
 */
export function showModelText(model: Model): void {
  const d = model.display;
  setText("time-title", d.title);
  const time = document.getElementById("time-title")?.nextElementSibling;
  if (time?.classList.contains("visually-hidden"))
    time.textContent = `Time courses of ${d.panels.map((p) => p.title).join(", ")} on one time axis.`;

  showFigure("rule", d.rules !== undefined);
  if (d.rules) {
    setText("rule-title", d.rules.title);
    const option = document.querySelector(`#export-figure option[value="rule"]`);
    if (option) option.textContent = d.rules.title;
    const desc = document.getElementById("rule-title")?.nextElementSibling;
    if (desc?.classList.contains("visually-hidden"))
      desc.textContent = `${d.rules.curves.map((c) => c.title).join(" and ")} against ${d.rules.state}, with this run's range of ${d.rules.state} shaded.`;
  }

  const dose = model.parameters.find((p) => p.name === d.dose);
  showFigure("dose", dose?.range !== undefined);
  const desc = document.getElementById("dose-title")?.nextElementSibling;
  if (dose && desc?.classList.contains("visually-hidden"))
    desc.textContent = `${model.readout.weight} at the end of the run against ${dose.label}${dose.scale === "log" ? ", log axis" : ""}, with this run marked.`;
}

/** Caption of the rule figure's data table. */
export function ruleTableCaption(model: Model): string {
  const r = model.display.rules;
  return r ? `${r.curves.map((c) => c.title).join(" and ")} against ${r.state}` : "";
}

/** Caption of the dose-response figure's data table. */
export function doseTableCaption(model: Model): string {
  const p = model.parameters.find((q) => q.name === model.display.dose);
  return `${model.readout.weight} at the end of the run against ${p?.label ?? model.display.dose}`;
}
