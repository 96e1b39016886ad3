import type { PANELS } from "../../engine/index.ts";

export type PanelName = (typeof PANELS)[number];

/** What a lesson's `plot` names are called on screen, and where each is drawn. */
const PANEL_INFO: Record<PanelName, { label: string; selectors: string[] }> = {
  ne: { label: "NE", selectors: ["#fig-time"] },
  receptors: { label: "Receptor activity", selectors: ["#fig-time"] },
  calcium: { label: "Ca²⁺", selectors: ["#fig-time"] },
  weight: { label: "Synaptic weight", selectors: ["#fig-time"] },
  rule: { label: "Calcium-control rule", selectors: ["#fig-rule"] },
  dose: { label: "Dose-response", selectors: ["#fig-dose"] },
  equations: { label: "Equations", selectors: ["#equations"] },
  population: { label: "Population", selectors: ["#analysis-population"] },
  trial: { label: "Trial", selectors: ["#analysis-trial"] },
};

export function panelLabel(name: string): string {
  return PANEL_INFO[name as PanelName]?.label ?? name;
}

/** The card that holds a panel, or null if this page does not show it. */
export function panelCard(name: string): HTMLElement | null {
  for (const s of PANEL_INFO[name as PanelName]?.selectors ?? []) {
    const e = document.querySelector<HTMLElement>(s);
    if (e) return e.closest<HTMLElement>(".card, details, section") ?? e;
  }
  return null;
}

/** A card inside a tab panel that is not selected is shown by selecting its tab. */
function reveal(card: HTMLElement): void {
  if (card instanceof HTMLDetailsElement) card.open = true;
  const panel = card.closest<HTMLElement>('[role="tabpanel"]');
  if (panel?.hidden) document.querySelector<HTMLElement>(`[role="tab"][aria-controls="${panel.id}"]`)?.click();
}

/** Marks the cards a step shows (opening a closed one), and unmarks the rest. */
export function focusPanels(names: readonly string[]): void {
  for (const e of document.querySelectorAll(".lesson-focus")) e.classList.remove("lesson-focus");
  for (const n of names) {
    const card = panelCard(n);
    if (!card) continue;
    card.classList.add("lesson-focus");
    reveal(card);
  }
}

/** Brings one panel into view, for the step's "Look at" buttons. */
export function showPanel(name: string): void {
  const card = panelCard(name);
  if (!card) return;
  reveal(card);
  // The sticky header would cover the top of the card.
  const header = document.querySelector(".app-header")?.getBoundingClientRect().height ?? 0;
  card.style.scrollMarginTop = `${Math.ceil(header) + 8}px`;
  card.scrollIntoView({ block: "start", behavior: "smooth" });
}
