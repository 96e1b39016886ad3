import "./analyses.css";
import type { Model } from "../../engine/index.ts";
import { shareLoadedModel } from "../compute/compute-pool.ts";
import { openModelSource } from "../session/model-source.ts";
import type { RunState } from "../session/run-state.ts";
import { el } from "../ui/dom.ts";
import type { AnalysisView } from "./analysis-view.ts";
import { CompareRulesView } from "./compare-rules-view.ts";
import { DoseResponseView } from "./dose-response-view.ts";
import { PlasticityMapView } from "./plasticity-map-view.ts";
import { PopulationView } from "./population-view.ts";
import { SensitivityView } from "./sensitivity-view.ts";

/**
 * The analyses ("why?") as tabs. A view computes only while its tab is selected and the section is
 * on screen, so the explorer above never shares the machine with analyses nobody is looking at.
 */
export function mountAnalyses(
  container: HTMLElement,
  model: Model,
  state: RunState,
  hidden: ReadonlySet<string> = new Set(),
): void {
  const ctx = { model, state, hidden };
  // The model shown is the one open: the analyses cut and join their jobs with it instead of loading it again.
  const open = openModelSource();
  shareLoadedModel({ modelText: open.text, modelFile: open.file }, model);
  const views: AnalysisView[] = [
    new DoseResponseView(ctx),
    new PopulationView(ctx),
    new SensitivityView(ctx),
    new PlasticityMapView(ctx),
    new CompareRulesView(ctx),
  ];
  const tabs = el("div", { class: "analysis-tabs", role: "tablist", "aria-label": "Analyses" });
  const panels = views.map((v) =>
    el(
      "div",
      {
        class: "analysis-panel",
        role: "tabpanel",
        id: `analysis-panel-${v.id}`,
        "aria-labelledby": `analysis-tab-${v.id}`,
      },
      v.root,
    ),
  );
  let selected = 0;
  let onScreen = false;
  const buttons = views.map((v, k) => {
    const b = el("button", {
      type: "button",
      role: "tab",
      id: `analysis-tab-${v.id}`,
      "aria-controls": `analysis-panel-${v.id}`,
      text: v.title,
    });
    b.addEventListener("click", () => select(k));
    b.addEventListener("keydown", (e) => {
      const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
      if (!step) return;
      e.preventDefault();
      const next = (selected + step + views.length) % views.length;
      select(next);
      buttons[next]?.focus();
    });
    return b;
  });
  tabs.append(...buttons);
  const update = () => {
    views.forEach((v, k) => {
      const on = k === selected;
      buttons[k]?.setAttribute("aria-selected", String(on));
      buttons[k]?.setAttribute("tabindex", on ? "0" : "-1");
      (panels[k] as HTMLElement).hidden = !on;
      v.setActive(on && onScreen);
    });
  };
  const select = (k: number) => {
    selected = k;
    onScreen = true; // a click on a tab is a look at it, whatever the observer has seen yet
    update();
  };
  container.classList.add("card", "analyses");
  container.append(
    el("h2", { id: "analyses-title", text: "Why? Analyses" }),
    el("p", {
      class: "hint",
      text: "Scans over the model the Explore view shows, computed in the background for the current settings. Change a setting and they recompute.",
    }),
    tabs,
    ...panels,
  );
  container.setAttribute("aria-labelledby", "analyses-title");
  new IntersectionObserver((entries) => {
    const seen = entries.some((e) => e.isIntersecting);
    if (seen === onScreen) return;
    onScreen = seen;
    update();
  }).observe(container);
  update();
}
