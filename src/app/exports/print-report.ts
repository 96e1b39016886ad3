import type { SimulationResult } from "../../engine/index.ts";
import { el } from "../ui/dom.ts";
import { showNumber, unitSuffix } from "../ui/units.ts";
import { provenanceLines } from "./figure-export.ts";

/** The printable width of A4 and Letter with 10 mm margins, in CSS px (190 mm). */
const PRINT_WIDTH = 718;

/**
 * Ctrl+P prints a report of the view shown (print.css): before printing, the report's head is filled
 * with the label, the run, every parameter's value and the share link, and each figure is scaled to the
 * page as it was drawn (Plotly's figures have a fixed pixel size). After printing the page is as it was.
 */
export function mountPrintReport(
  box: HTMLElement,
  run: () => SimulationResult | undefined,
  link: () => string,
  fixed: () => ReadonlySet<string>,
  signal: AbortSignal,
): void {
  const fill = () => {
    const r = run();
    if (!r) return;
    const p = provenanceLines(r, link(), fixed());
    const rows = r.model.parameters.map((q) =>
      el(
        "tr",
        {},
        el("th", { scope: "row", text: q.name }),
        el("td", { text: q.label }),
        el("td", {
          text: `${showNumber(r.values[q.index] as number, 6)}${unitSuffix(q.unit)}${fixed().has(q.name) ? " (fixed)" : ""}`,
        }),
      ),
    );
    box.replaceChildren(
      el("p", { class: "print-head", text: p.head }),
      ...p.lines.map((line) => el("p", { text: line })),
      el("p", { class: "print-link", text: p.link }),
      el(
        "table",
        { class: "print-params" },
        el("caption", { text: "Parameters of this run" }),
        el(
          "thead",
          {},
          el("tr", {}, ...["name", "parameter", "value"].map((t) => el("th", { scope: "col", text: t }))),
        ),
        el("tbody", {}, ...rows),
      ),
    );
    for (const c of document.querySelectorAll<HTMLElement>(".js-plotly-plot .svg-container")) {
      const w = c.getBoundingClientRect().width;
      if (w > PRINT_WIDTH) c.style.zoom = String(PRINT_WIDTH / w);
    }
  };
  const clear = () => {
    for (const c of document.querySelectorAll<HTMLElement>(".js-plotly-plot .svg-container")) c.style.zoom = "";
  };
  window.addEventListener("beforeprint", fill, { signal });
  window.addEventListener("afterprint", clear, { signal });
}
