import { el } from "../ui/dom.ts";
import { showNumber } from "../ui/units.ts";

/** A plot's data as a table: column headers carry the units; numbers are shown as the plot's hover does. */
export interface TableData {
  caption: string;
  columns: string[];
  rows: number[][];
  /** Points drawn on their own (this run's marker), said in a line under the table. */
  note?: string;
}

let count = 0;

/**
 * "Show data table" for one plot: a toggle button and, when open, the data as an HTML table with a
 * caption and column headers, redrawn whenever the plot is.
 */
export class DataTableToggle {
  readonly root: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly body: HTMLElement;
  private readonly observer: MutationObserver;
  private frame = 0;

  constructor(
    private readonly figure: HTMLElement,
    private readonly plotName: string,
    private readonly read: () => TableData | undefined,
  ) {
    const id = `data-table-${figure.id || ++count}`;
    this.button = el("button", {
      type: "button",
      class: "small data-table-toggle",
      "aria-expanded": "false",
      "aria-controls": id,
      text: "Show data table",
    });
    this.button.setAttribute("aria-label", `Show data table: ${plotName}`);
    this.body = el("div", { class: "data-table-wrap", id, hidden: true });
    this.button.addEventListener("click", () => this.setOpen(!this.isOpen));
    this.root = el("div", { class: "data-table" }, this.button, this.body);
    // The plot is redrawn by Plotly, which rewrites its SVG: that is the signal to refresh an open table.
    this.observer = new MutationObserver(() => this.schedule());
  }

  get isOpen(): boolean {
    return !this.body.hidden;
  }

  setOpen(open: boolean): void {
    this.body.hidden = !open;
    this.button.setAttribute("aria-expanded", String(open));
    this.button.textContent = open ? "Hide data table" : "Show data table";
    this.button.setAttribute("aria-label", `${open ? "Hide" : "Show"} data table: ${this.plotName}`);
    if (open) {
      this.render();
      this.observer.observe(this.figure, { childList: true, subtree: true });
    } else {
      this.observer.disconnect();
      this.body.replaceChildren();
    }
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (this.isOpen) this.render();
    });
  }

  private render(): void {
    const data = this.read();
    if (!data) {
      this.body.replaceChildren(el("p", { class: "hint", text: "No data yet." }));
      return;
    }
    const table = el(
      "table",
      { class: "data-grid" },
      el("caption", { text: data.caption }),
      el("thead", {}, el("tr", {}, ...data.columns.map((c) => el("th", { scope: "col", text: c })))),
      el(
        "tbody",
        {},
        ...data.rows.map((row) =>
          el(
            "tr",
            {},
            ...row.map((v, k) => (k === 0 ? el("th", { scope: "row", text: cell(v) }) : el("td", { text: cell(v) }))),
          ),
        ),
      ),
    );
    // Scrollable and focusable, so a keyboard can scroll a wide or long table.
    const scroller = el("div", {
      class: "data-grid-scroll",
      tabindex: "0",
      role: "group",
      "aria-label": `Data table: ${this.plotName}`,
    });
    scroller.append(table);
    this.body.replaceChildren(scroller);
    if (data.note) this.body.append(el("p", { class: "hint", text: data.note }));
  }
}

function cell(v: number): string {
  return Number.isNaN(v) ? "–" : showNumber(v, 4);
}
