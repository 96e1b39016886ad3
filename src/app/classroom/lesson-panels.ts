import type { Model, VIEW_PANELS } from "../../engine/index.ts";

type ViewPanel = (typeof VIEW_PANELS)[number];

/** Where each view a lesson may name is drawn; the model's time-course panels are all in #fig-time. */
const VIEW_SELECTORS: Record<ViewPanel, string> = {
  rule: "#fig-rule",
  dose: "#fig-dose",
  equations: "#equations",
  population: "#analysis-population",
  trial: "#analysis-trial",
};

const VIEW_LABELS: Record<Exclude<ViewPanel, "rule">, string> = {
  dose: "Dose-response",
  equations: "Equations",
  population: "Population",
  trial: "Trial",
};

/** What a lesson's `plot` name is called on screen: the model's panel title, or the view's name. */
export function panelLabel(model: Model, name: string): string {
  const panel = model.display.panels.find((p) => p.id === name);
  if (panel) return panel.title;
  if (name === "rule") return model.display.rules?.title ?? "Rule curves";
  return VIEW_LABELS[name as keyof typeof VIEW_LABELS] ?? name;
}

/** The card that holds a panel, or null if this page does not show it. */
export function panelCard(model: Model, name: string): HTMLElement | null {
  const selector = model.display.panels.some((p) => p.id === name) ? "#fig-time" : VIEW_SELECTORS[name as ViewPanel];
  const e = selector ? document.querySelector<HTMLElement>(selector) : null;
  if (!e) return null;
  const card = e.closest<HTMLElement>(".card, details, section") ?? e;
  return card.hidden ? null : card;
}

/** A card inside tab panels that are not selected (an analysis tab in the Analyses view) is shown by selecting their tabs. */
function reveal(card: HTMLElement): void {
  if (card instanceof HTMLDetailsElement) card.open = true;
  for (let panel = card.closest<HTMLElement>('[role="tabpanel"]'); panel; ) {
    if (panel.hidden) document.querySelector<HTMLElement>(`[role="tab"][aria-controls="${panel.id}"]`)?.click();
    panel = panel.parentElement?.closest<HTMLElement>('[role="tabpanel"]') ?? null;
  }
}

/** Marks the cards a step shows (opening a closed one), and unmarks the rest. */
export function focusPanels(model: Model, names: readonly string[]): void {
  for (const e of document.querySelectorAll(".lesson-focus")) e.classList.remove("lesson-focus");
  for (const n of names) {
    const card = panelCard(model, n);
    if (!card) continue;
    card.classList.add("lesson-focus");
    reveal(card);
  }
}

/** Brings one panel into view, for the step's "Look at" buttons. */
export function showPanel(model: Model, name: string): void {
  const card = panelCard(model, name);
  if (!card) return;
  reveal(card);
  // The sticky header would cover the top of the card.
  const header = document.querySelector(".app-header")?.getBoundingClientRect().height ?? 0;
  card.style.scrollMarginTop = `${Math.ceil(header) + 8}px`;
  card.scrollIntoView({ block: "start", behavior: "smooth" });
}
