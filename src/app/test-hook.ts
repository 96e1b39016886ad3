import type { RunSpec, SimulationResult } from "../engine/index.ts";
import type { ExportedImage } from "./exports/figure-export.ts";
import type { Figure } from "./ui/figure.ts";
import type { DrawKind } from "./ui/live-plot.ts";
import type { Config, Plotly } from "./ui/plotly.ts";

/**
 * A read-only view of the app for browser tests and the benchmark: what was last drawn and exported.
 * Nothing here changes the app; tests drive it through the page like a user. It exists only in builds
 * made with the test hooks on (tests/browser/build-app.ts sets __PLASTICITY_TEST_HOOKS__); the shipped
 * build (`npm run build`) leaves it out entirely.
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
  bench:
    | {
        plotly: typeof Plotly;
        timeFigure(): Figure | undefined;
        /** The same figure with every sample, as exports draw it: the baseline the decimation is measured by. */
        fullTimeFigure(): Figure | undefined;
        config: Partial<Config>;
        /** Forgets the solved runs, so the next draw solves its run as a new value would. */
        forgetResults(): void;
        /** How the time courses were last drawn: a full react, or their traces moved alone (live-plot.ts). */
        timeDrawKind(): DrawKind | undefined;
      }
    | undefined;
}

declare global {
  interface Window {
    __plasticity?: AppProbe;
  }
  /** Set at build time: true only in the builds of the browser tests and benchmarks. */
  const __PLASTICITY_TEST_HOOKS__: boolean;
}

/** Creates the probe and puts it on window.__plasticity. */
export function installProbe(): AppProbe {
  const probe: AppProbe = {
    modelId: "",
    drawCount: 0,
    lastDrawMs: 0,
    lastSimMs: 0,
    spec: () => ({}),
    summary: () => undefined,
    values: () => ({}),
    doseFresh: false,
    lastExport: undefined,
    firstDrawAt: undefined,
    bench: undefined,
  };
  window.__plasticity = probe;
  return probe;
}
