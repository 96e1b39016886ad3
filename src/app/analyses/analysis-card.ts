import type { AnalysisOutput } from "../compute/jobs.ts";
import { type ExportedImage, exportImage, type ImageFormat } from "../exports/figure-export.ts";
import { el } from "../ui/dom.ts";
import type { Figure } from "../ui/figure.ts";
import { LivePlot } from "../ui/live-plot.ts";
import { Plotly } from "../ui/plotly.ts";
import { downloadCsv, downloadJson, imageFooter, type Provenance } from "./analysis-export.ts";
import { JobRunner, type Wanted } from "./job-runner.ts";
import { ProgressLine } from "./progress-line.ts";

/** What a card can export once it shows a result. */
export interface CardExports {
  provenance(): Provenance;
  csv(): string;
  json(): string;
  /** Width of the exported image (px): the drawn figure, laid out for it if it is a FigureForWidth. */
  width: number;
}

/**
 * A figure laid out for a width in pixels: its titles wrapped and its labels placed to fit. Plotly
 * resizes a figure's plot, not its text, so a card lays such a figure out again for a new width.
 */
export type FigureForWidth = (figureWidth: number) => Figure;

export interface ExportRecord {
  filename: string;
  text?: string;
  image?: Omit<ExportedImage, "layout">;
}

declare global {
  interface Window {
    /** The last analysis export, for the browser tests. */
    __analysisExport?: ExportRecord;
  }
}

/**
 * One analysis figure with its controls, progress, error line, summary and exports. A figure computed
 * for earlier inputs is dimmed and labelled while the new one is computed, never shown as current.
 */
export class AnalysisCard {
  readonly root: HTMLElement;
  readonly controls: HTMLElement;
  readonly actions: HTMLElement;
  readonly progress: ProgressLine;
  readonly summary: HTMLElement;
  readonly figure: HTMLElement;
  private plot: LivePlot | undefined;
  private readonly errorLine: HTMLElement;
  private readonly figureBox: HTMLElement;
  private readonly exportRow: HTMLElement;
  private exports: CardExports | undefined;
  /** The figure drawn, as given to draw(): what the image exports draw again at their own width. */
  private drawnFigure: Figure | FigureForWidth | undefined;
  private drawn = false;
  /** How the figure on show is laid out for a width, and the width it was laid out for. */
  private laidOut: { build: FigureForWidth; width: number } | undefined;
  private widthWatch: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly name: string,
    title: string,
    intro: string,
    unit: string,
  ) {
    this.controls = el("div", { class: "analysis-controls" });
    this.actions = el("div", { class: "analysis-actions" });
    this.progress = new ProgressLine(unit);
    this.errorLine = el("p", { class: "analysis-error", role: "alert", hidden: true });
    this.figure = el("div", { class: "analysis-figure", id: `fig-${name}` });
    this.figureBox = el(
      "div",
      { class: "analysis-figure-box" },
      this.figure,
      el("p", { class: "analysis-stale-note", text: "Settings changed: computing the new result…" }),
      el("p", { class: "analysis-empty-note", text: "Computing…" }),
    );
    this.summary = el("div", { class: "analysis-summary", "aria-live": "polite" });
    this.exportRow = el("div", { class: "analysis-exports", hidden: true });
    this.root = el(
      "section",
      { class: "analysis-card", id: `analysis-${name}`, "aria-labelledby": `analysis-${name}-title` },
      el("h3", { id: `analysis-${name}-title`, text: title }),
      el("p", { class: "analysis-intro", text: intro }),
      this.controls,
      this.actions,
      this.progress.root,
      this.errorLine,
      this.figureBox,
      this.summary,
      this.exportRow,
    );
    this.buildExports();
    // A window resized or a phone turned: once the width settles, the figure is laid out for it (Plotly,
    // drawing with `responsive`, resizes the plot itself, not its text).
    new ResizeObserver(() => {
      clearTimeout(this.widthWatch);
      this.widthWatch = setTimeout(() => void this.layOut(), 150);
    }).observe(this.figure);
  }

  /**
   * A job runner reporting through this card: its progress line, errors and stale marking. Results of
   * another kind than the card's are ignored.
   */
  jobRunner<K extends AnalysisOutput["kind"]>(
    kind: K,
    paint: (output: Extract<AnalysisOutput, { kind: K }>, wanted: Wanted) => Promise<void>,
  ): JobRunner {
    return new JobRunner(
      kind,
      this.progress,
      async (out, wanted) => {
        if (out.kind === kind) await paint(out as Extract<AnalysisOutput, { kind: K }>, wanted);
      },
      (m) => this.showError(m),
      (s) => this.setStale(s),
    );
  }

  showError(message: string | null): void {
    this.errorLine.hidden = message === null;
    this.errorLine.textContent = message ?? "";
  }

  setStale(stale: boolean): void {
    this.figureBox.classList.toggle("is-stale", stale && this.drawn);
  }

  /**
   * Draws the figure, laid out for the figure's width when it is a FigureForWidth (and again whenever
   * that width changes), and marks it with the inputs it shows, so a reader (or a test) can check them.
   */
  async draw(fig: Figure | FigureForWidth, inputsKey: string, exports: CardExports): Promise<void> {
    // A hidden tab's figure is 0 px wide: it is laid out for 1000 px, and again when shown (resize).
    const width = this.figure.clientWidth || 1000;
    this.laidOut = typeof fig === "function" ? { build: fig, width } : undefined;
    await this.show(typeof fig === "function" ? fig(width) : fig);
    this.figure.dataset.inputs = inputsKey;
    this.drawnFigure = fig;
    this.drawn = true;
    this.figureBox.classList.add("is-drawn");
    this.exports = exports;
    this.exportRow.hidden = false;
  }

  private async show(fig: Figure): Promise<void> {
    this.plot ??= new LivePlot(this.figure);
    // Plotly keeps and edits the layout it draws (a resize writes the container's size into it); the
    // exports redraw from `fig`, so the page gets a copy and an export never inherits the page's size.
    await this.plot.draw({ data: structuredClone(fig.data), layout: structuredClone(fig.layout) });
  }

  /**
   * Fits the figure to its container, which is 0 × 0 while its tab is hidden: a figure laid out for
   * another width is laid out again (its titles and labels placed for this one), any other resized.
   */
  async resize(): Promise<void> {
    if (!this.drawn) return;
    if (!(await this.layOut())) await Plotly.Plots.resize(this.figure);
  }

  /** Lays the figure out again if its container (shown) is not the width it was laid out for. */
  private async layOut(): Promise<boolean> {
    const width = this.figure.clientWidth;
    if (!this.drawn || !this.laidOut || width === 0 || width === this.laidOut.width) return false;
    this.laidOut.width = width;
    await this.show(this.laidOut.build(width));
    // Plotly.react keeps the size a figure was first drawn at (700 px wide when it was hidden).
    await Plotly.Plots.resize(this.figure);
    return true;
  }

  private buildExports(): void {
    const button = (text: string, id: string, f: () => Promise<ExportRecord> | ExportRecord) => {
      const b = el("button", { type: "button", id: `export-${this.name}-${id}`, text });
      b.addEventListener("click", async () => {
        if (!this.exports) return;
        try {
          window.__analysisExport = await f();
          this.showError(null);
        } catch (err) {
          this.showError(`The export failed: ${(err as Error).message}`);
        }
      });
      return b;
    };
    const image = async (format: ImageFormat, scale: number): Promise<ExportRecord> => {
      const x = this.exports as CardExports;
      const fig = this.drawnFigure as Figure | FigureForWidth;
      const { layout: _layout, ...img } = await exportImage(
        this.name,
        typeof fig === "function" ? fig(x.width) : fig,
        imageFooter(x.provenance()),
        format,
        scale,
        x.width,
      );
      return { filename: img.filename, image: img };
    };
    this.exportRow.append(
      el("span", { class: "row-label", text: "Export" }),
      button("CSV", "csv", () => {
        const text = (this.exports as CardExports).csv();
        return { filename: downloadCsv(text, this.name), text };
      }),
      button("JSON", "json", () => {
        const text = (this.exports as CardExports).json();
        return { filename: downloadJson(text, this.name), text };
      }),
      ...[1, 2, 3].map((scale) => button(`PNG ${scale}×`, `png-${scale}`, () => image("png", scale))),
      button("SVG", "svg", () => image("svg", 1)),
    );
  }
}
