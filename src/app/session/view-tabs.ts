import type { AppState, ViewTab } from "./session.ts";
import { VIEW_TABS } from "./session.ts";
import type { SessionStore } from "./session-store.ts";

/** The page's parts each view shows; the figures of Explore stay beside a lesson. */
const PANELS_OF: Record<ViewTab, readonly string[]> = {
  explore: ["view-explore"],
  lessons: ["view-explore"],
  analyses: ["view-analyses"],
  claims: ["view-claims"],
};
const ALL_PANELS = [...new Set(Object.values(PANELS_OF).flat())];

/**
 * The tabs under the header: which view is shown is `view.tab` in the session store (and `view=` in
 * the link); the tabs only write it and follow it. The body carries the view as `data-view` for the
 * style sheet (the lesson panel beside the figures shows in the Lessons view and while a lesson runs).
 */
export function mountViewTabs(store: SessionStore<AppState>): void {
  const tabs = VIEW_TABS.map((v) => document.getElementById(`tab-${v}`));
  const select = (tab: ViewTab) => {
    if (store.state.view.tab !== tab) store.update((s) => ({ ...s, view: { ...s.view, tab } }), "view");
  };
  tabs.forEach((b, k) => {
    if (!b) return;
    b.addEventListener("click", () => select(VIEW_TABS[k] as ViewTab));
    b.addEventListener("keydown", (e) => {
      const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
      if (!step) return;
      e.preventDefault();
      const next = (k + step + VIEW_TABS.length) % VIEW_TABS.length;
      select(VIEW_TABS[next] as ViewTab);
      tabs[next]?.focus();
    });
  });
  const show = (tab: ViewTab) => {
    document.body.dataset.view = tab;
    tabs.forEach((b, k) => {
      const on = VIEW_TABS[k] === tab;
      b?.setAttribute("aria-selected", String(on));
      b?.setAttribute("tabindex", on ? "0" : "-1");
    });
    for (const id of ALL_PANELS) {
      const panel = document.getElementById(id);
      if (panel) panel.hidden = !PANELS_OF[tab].includes(id);
    }
    // Plotly sizes a figure when it is drawn; one drawn while its view was hidden resizes on this.
    requestAnimationFrame(() => window.dispatchEvent(new Event("resize")));
  };
  show(store.state.view.tab);
  store.subscribe(
    (s) => s.view.tab,
    (tab) => show(tab),
  );
}
