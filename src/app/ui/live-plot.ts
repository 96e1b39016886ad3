import type { Figure } from "./figure.ts";
import { axesFixed } from "./fixed-axes.ts";
import { layoutChanges } from "./layout-changes.ts";
import { PLOT_CONFIG } from "./plot-config.ts";
import { type Data, type Layout, Plotly } from "./plotly.ts";
import { writeTracePaths } from "./trace-paths.ts";

/**
 * How the last draw was made, for the benchmark and the tests, which check all give the same picture:
 * Plotly.react, Plotly.animate moving the traces, the traces' paths written directly, or Plotly.relayout
 * moving axes, shapes and annotations with the traces' paths written after it.
 */
export type DrawKind = "react" | "traces" | "paths" | "relayout";

type XY = { x?: unknown; y?: unknown };

/** A trace's settings apart from its data: two traces that match here differ only in what they plot. */
function styleKey(trace: Data): string {
  const { x: _x, y: _y, ...style } = trace as Data & XY;
  return JSON.stringify(style);
}

/**
 * A Plotly graph that is redrawn many times a second, while a value is dragged. Plotly.react replots a
 * graph whole (every axis, tick label, shape and annotation) whenever any trace's data changes. When
 * nothing but the traces' x and y changed since the last draw, every trace is a scatter trace and every
 * axis has a range of its own (so a full redraw would not refit any), this moves the traces alone and
 * leaves the axes, shapes and annotations as they are: lines are redrawn by writing their paths from the
 * graph's axes (trace-paths.ts, about a millisecond), other traces with Plotly.animate at zero duration
 * and no redraw (about a third of a react). When besides the traces only axis ranges, shapes' corners or
 * annotations' places changed (a held axis re-ranged), Plotly.relayout moves those and the traces then
 * move the same way. Anything else changed, it is Plotly.react. Either way the
 * graph ends up showing the same figure, and a later react diffs against it as usual.
 *
 * The page's plot settings go with the first draw only: passed again, Plotly deep-copies and compares
 * its whole configuration on every react.
 */
export class LivePlot {
  /** The trace settings (all but x and y) and the layout last shown, as JSON. */
  private drawnStyles: string | undefined;
  private drawnLayoutJson: string | undefined;
  /** The layout object the last react gave Plotly: the graph holds it until someone else draws on it. */
  private drawnLayout: unknown;
  private queue: Promise<unknown> = Promise.resolve();
  /** How the last draw was made. */
  lastKind: DrawKind | undefined;

  constructor(readonly element: HTMLElement) {}

  /**
   * Draws `fig`; resolves once it is on the graph. Draws run in the order asked, never two at once.
   * `live` (a value being dragged) lets lines be moved by writing their paths and held axes re-ranged
   * by a relayout; Plotly's hover then lags until a draw that is not live, which is exact.
   */
  draw(fig: Figure, live = false): Promise<void> {
    const styles = JSON.stringify(fig.data.map(styleKey));
    const layoutJson = JSON.stringify(fig.layout);
    const onGraph = (this.element as HTMLElement & { layout?: unknown }).layout;
    const movable =
      this.drawnStyles === styles &&
      this.drawnLayoutJson !== undefined &&
      onGraph !== undefined &&
      onGraph === this.drawnLayout &&
      axesFixed(fig.data, fig.layout) &&
      // Plotly moves scatter traces without a redraw; a heatmap or a bar would keep its old look.
      fig.data.every((t) => (t.type ?? "scatter") === "scatter");
    const sameLayout = layoutJson === this.drawnLayoutJson;
    const changes =
      movable && live && !sameLayout
        ? layoutChanges(JSON.parse(this.drawnLayoutJson as string), JSON.parse(layoutJson))
        : undefined;
    const run = !movable
      ? () => this.react(fig)
      : sameLayout && live
        ? () => this.moveTraces(fig)
        : sameLayout
          ? () => (this.plotlyLags ? this.react(fig) : this.animateTraces(fig))
          : changes
            ? () => this.relayout(fig, changes)
            : () => this.react(fig);
    this.drawnStyles = styles;
    this.drawnLayoutJson = layoutJson;
    const drawn = this.queue.then(run, run);
    this.queue = drawn.catch(() => undefined);
    return drawn.then(() => undefined);
  }

  /** The graph shows traces written here that Plotly's computed data (its hover) does not hold yet. */
  private plotlyLags = false;
  private revision = 0;

  private configured = false;

  private react(fig: Figure): Promise<unknown> {
    const config = this.configured ? undefined : PLOT_CONFIG;
    this.configured = true;
    // After traces written here, the graph's data may already hold this figure's values: a new data
    // revision makes Plotly recompute from them all the same.
    const layout = this.plotlyLags ? { ...fig.layout, datarevision: ++this.revision } : fig.layout;
    this.drawnLayout = layout;
    this.lastKind = "react";
    this.plotlyLags = false;
    return Plotly.react(this.element, fig.data, layout, config);
  }

  /**
   * Axis ranges, shapes or annotations moved (a held axis re-ranged): Plotly.relayout redraws those
   * alone, about a third of a react, then the traces move as in any other step.
   */
  private async relayout(fig: Figure, changes: Record<string, unknown>): Promise<unknown> {
    await Plotly.relayout(this.element, changes as Partial<Layout>);
    await this.moveTraces(fig);
    this.lastKind = "relayout";
    return undefined;
  }

  private moveTraces(fig: Figure): Promise<unknown> {
    if (writeTracePaths(this.element, fig.data)) {
      this.lastKind = "paths";
      this.plotlyLags = true;
      // The graph's data says what it shows, for anyone who reads it. Plotly's own computed copy (its
      // hover) stays as it was until the next react, which sees new arrays and recomputes it.
      const graph = this.element as HTMLElement & { data?: XY[] };
      fig.data.forEach((t, i) => {
        const shown = graph.data?.[i];
        if (shown) Object.assign(shown, { x: (t as XY).x, y: (t as XY).y });
      });
      return Promise.resolve();
    }
    return this.animateTraces(fig);
  }

  private animateTraces(fig: Figure): Promise<unknown> {
    this.lastKind = "traces";
    this.plotlyLags = false;
    const traces = fig.data.map((_, k) => k);
    const data = fig.data.map((t) => ({ x: (t as XY).x, y: (t as XY).y })) as Data[];
    return Plotly.animate(
      this.element,
      { data, traces },
      { transition: { duration: 0 }, frame: { duration: 0, redraw: false }, mode: "immediate" },
    );
  }
}
