import type { Model, SimulationResult } from "../../engine/index.ts";
import { doseTableCaption, ruleTableCaption } from "../explorer/model-text.ts";
import { DataTableToggle, type TableData } from "./data-table.ts";
import { plottedTable, timeCourseTable } from "./figure-tables.ts";
import { LiveSummaries } from "./live-summaries.ts";

export interface AccessibilityContext {
  model: Model;
  figures: { time: HTMLElement; rule: HTMLElement; dose: HTMLElement };
  /** The run the time courses show now. */
  result(): SimulationResult | undefined;
  /** Registers a call after each redraw of the time courses. */
  onDrawn(fn: () => void): void;
}

/**
 * The accessible views of the explorer's figures: a live text summary of the time courses and a data
 * table behind a button under each figure. Returns the function that removes them.
 */
export function mountAccessibility({ model, figures, result, onDrawn }: AccessibilityContext): () => void {
  const summaries = new LiveSummaries();
  figures.time.after(summaries.root);
  onDrawn(() => {
    const r = result();
    if (r) summaries.update(r);
  });
  const added: HTMLElement[] = [summaries.root];
  const tables: [HTMLElement, string, () => TableData | undefined][] = [
    [
      figures.time,
      "time courses",
      () => {
        const r = result();
        return r && timeCourseTable(r);
      },
    ],
    [figures.rule, "rule curves", () => plottedTable(figures.rule, ruleTableCaption(model), 10)],
    [figures.dose, "dose-response", () => plottedTable(figures.dose, doseTableCaption(model), 1)],
  ];
  for (const [figure, name, read] of tables) {
    const toggle = new DataTableToggle(figure, name, read);
    (figure === figures.time ? summaries.root : figure).after(toggle.root);
    added.push(toggle.root);
  }
  return () => {
    for (const e of added) e.remove();
  };
}
