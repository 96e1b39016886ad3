import type { RunSpec, SimulationResult } from "../engine/index.ts";
import type { ExportedImage } from "./exports/figure-export.ts";
import type { Config, Data, Layout, Plotly } from "./ui/plotly.ts";

/**
 * A read-only view of the app for browser tests and the benchmark: what was last drawn and exported.
 * Nothing here changes the app; tests drive it through the page like a user.
 */
export interface AppProbe {
  modelId: string;
  drawCount: number;
  /** Duration of the last time-course redraw, simulate included (ms). */
  lastDrawMs: number;
  /** Of which the solve (ms). */
  lastSimMs: number;
  spec(): RunSpec;
  summary(): SimulationResult["summary"] | undefined;
  /** The value of each parameter in the run last drawn. */
  values(): Record<string, number>;
  doseFresh: boolean;
  lastExport: ExportedImage | undefined;
  /** When the first time-course figure was drawn, in ms since navigation start. */
  firstDrawAt: number | undefined;
  /** What the benchmark needs to time a bare Plotly.react of the very figure the app draws. */
  bench: {
    plotly: typeof Plotly;
    timeFigure(): { data: Data[]; layout: Partial<Layout> } | undefined;
    config: Partial<Config>;
  };
}

declare global {
  interface Window {
    __plasticity?: AppProbe;
  }
}
