import type { SimulationResult } from "../../engine/index.ts";
import { el } from "../ui/dom.ts";
import { panelSummaries } from "./panel-summaries.ts";

/**
 * A screen reader hears a region each time it changes, so during a drag the text would be read over
 * and over; it changes at most this often, and once more when the input pauses.
 */
const ANNOUNCE_EVERY_MS = 1500;

/** The time-course panels in words, below the figure, in a polite live region. */
export class LiveSummaries {
  readonly root: HTMLElement;
  private readonly items = new Map<string, HTMLElement>();
  private lastAt = Number.NEGATIVE_INFINITY;
  private timer = 0;
  private latest: SimulationResult | undefined;
  private readonly list: HTMLElement;

  constructor() {
    const list = el("ul", { class: "panel-summaries", id: "panel-summaries" });
    this.root = el(
      "div",
      { class: "panel-summaries-box", role: "region", "aria-labelledby": "panel-summaries-title" },
      el("h3", { id: "panel-summaries-title", class: "panel-summaries-title", text: "In words" }),
      el("div", { "aria-live": "polite", "aria-atomic": "false" }, list),
    );
    this.list = list;
  }

  /** Shows the summaries of a new run, now or as soon as the last announcement is old enough. */
  update(result: SimulationResult): void {
    this.latest = result;
    const wait = this.lastAt + ANNOUNCE_EVERY_MS - performance.now();
    if (wait <= 0 && !this.timer) {
      this.render();
      return;
    }
    if (this.timer) return;
    this.timer = window.setTimeout(
      () => {
        this.timer = 0;
        this.render();
      },
      Math.max(wait, 0),
    );
  }

  private render(): void {
    const r = this.latest;
    if (!r) return;
    this.lastAt = performance.now();
    for (const s of panelSummaries(r)) {
      let item = this.items.get(s.panel);
      if (!item) {
        item = el("li", { "data-panel": s.panel }, el("strong", { text: `${s.panel}: ` }), el("span"));
        this.items.set(s.panel, item);
        this.list.append(item);
      }
      const span = item.lastElementChild as HTMLElement;
      // Only a changed line is rewritten, so only what changed is announced.
      if (span.textContent !== s.text) span.textContent = s.text;
    }
  }
}
