import type { Figure } from "./figure.ts";
import { axesFixed } from "./fixed-axes.ts";
import { PLOT_CONFIG } from "./plot-config.ts";
import { type Data, Plotly, type PlotlyApi } from "./plotly.ts";
import { writeTracePaths } from "./trace-paths.ts";

/**
 * How the last draw was made, for the benchmark and the tests, which check all give the same picture:
 * Plotly.react, Plotly.animate moving the traces, or the traces' paths written directly.
 */
export type DrawKind = "react" | "traces" | "paths";

type XY = { x?: unknown; y?: unknown };

/** A trace's settings apart from its data: two traces that match here differ only in what they plot. */
function styleKey(trace: Data): string {
  const { x: _x, y: _y, ...style } = trace as Data & XY;
  return JSON.stringify(style);
}

/** Everything about a figure but its traces' x and y, to compare one draw with the next. */
function shapeKey(fig: Figure): string {
  return JSON.stringify([fig.layout, fig.data.map(styleKey)]);
}

/**
 * A Plotly graph that is redrawn many times a second, while a value is dragged. Plotly.react replots a
 * graph whole (every axis, tick label, shape and annotation) whenever any trace's data changes. When
 * nothing but the traces' x and y changed since the last draw, every trace is a scatter trace and every
 * axis has a range of its own (so a full redraw would not refit any), this moves the traces alone and
 * leaves the axes, shapes and annotations as they are: lines are redrawn by writing their paths from the
 * graph's axes (trace-paths.ts, about a millisecond), other traces with Plotly.animate at zero duration
 * and no redraw (about a third of a react). Anything else changed, it is Plotly.react. Either way the
 * graph ends up showing the same figure, and a later react diffs against it as usual.
 *
 * The page's plot settings go with the first draw only: passed again, Plotly deep-copies and compares
 * its whole configuration on every react.
 */
export class LivePlot {
  private drawnKey: string | undefined;
  /** The layout object the last react gave Plotly: the graph holds it until someone else draws on it. */
  private drawnLayout: unknown;
  private queue: Promise<unknown> = Promise.resolve();
  /** How the last draw was made. */
  lastKind: DrawKind | undefined;

  /** `plotly` is the bundle to draw with: the page's basic one unless a graph needs the full one. */
  constructor(
    readonly element: HTMLElement,
    private readonly plotly: PlotlyApi = Plotly,
  ) {}

  /** Draws `fig`; resolves once it is on the graph. Draws run in the order asked, never two at once. */
  draw(fig: Figure): Promise<void> {
    const key = shapeKey(fig);
    const onGraph = (this.element as HTMLElement & { layout?: unknown }).layout;
    const fast =
      this.drawnKey === key &&
      onGraph !== undefined &&
      onGraph === this.drawnLayout &&
      axesFixed(fig.data, fig.layout) &&
      // Plotly moves scatter traces without a redraw; a heatmap or a bar would keep its old look.
      fig.data.every((t) => (t.type ?? "scatter") === "scatter");
    this.drawnKey = key;
    const run = () => (fast ? this.moveTraces(fig) : this.react(fig));
    const drawn = this.queue.then(run, run);
    this.queue = drawn.catch(() => undefined);
    return drawn.then(() => undefined);
  }

  private configured = false;

  private react(fig: Figure): Promise<unknown> {
    const config = this.configured ? undefined : PLOT_CONFIG;
    this.configured = true;
    this.drawnLayout = fig.layout;
    this.lastKind = "react";
    return this.plotly.react(this.element, fig.data, fig.layout, config);
  }

  private moveTraces(fig: Figure): Promise<unknown> {
    if (writeTracePaths(this.element, fig.data)) {
      this.lastKind = "paths";
      return Promise.resolve();
    }
    this.lastKind = "traces";
    const traces = fig.data.map((_, k) => k);
    const data = fig.data.map((t) => ({ x: (t as XY).x, y: (t as XY).y })) as Data[];
    return this.plotly.animate(
      this.element,
      { data, traces },
      { transition: { duration: 0 }, frame: { duration: 0, redraw: false }, mode: "immediate" },
    );
  }
}
