import type { RunSpec } from "../../engine/index.ts";
import { ComputePool } from "../compute/compute-pool.ts";
import type { AnalysisJob, AnalysisOutput } from "../compute/jobs.ts";
import type { ProgressLine } from "./progress-line.ts";

/** What one view's jobs did, for the browser tests and the benchmark; the app never reads it. */
export interface RunnerProbe {
  status: "idle" | "running" | "done" | "cancelled" | "error";
  started: number;
  cancelled: number;
  /** The key of the inputs the view should show, and of the result it does show. */
  wantedKey: string;
  paintedKey: string;
  /** Every result painted, oldest first, with the inputs it was computed for. */
  painted: { id: number; spec: RunSpec; job: AnalysisJob; ms: number }[];
  /** Engine time of the last painted job (ms), summed over its parts when cut for several workers. */
  lastMs: number;
  /** What the workers compiled the model's equations to for the last painted job. */
  backend: string;
  progressShown: number;
  /** When the last job started and when its result reached the page (performance.now(), ms). */
  startedAt: number;
  resultAt: number;
  /** When each result was drawn (performance.now(), ms): main-thread work by design, unlike the jobs. */
  paints: { start: number; end: number }[];
}

declare global {
  interface Window {
    __analyses?: Record<string, RunnerProbe>;
  }
}

export interface Wanted {
  key: string;
  spec: RunSpec;
  job: AnalysisJob;
}

/**
 * Keeps one view's figure equal to its inputs: the newest inputs cancel the job before, a job whose
 * inputs are no longer wanted is never painted, and a view that is not shown computes nothing until
 * it is. Inputs are compared by key, so asking twice for the same thing runs it once.
 */
export class JobRunner {
  readonly probe: RunnerProbe = {
    status: "idle",
    started: 0,
    cancelled: 0,
    wantedKey: "",
    paintedKey: "",
    painted: [],
    lastMs: 0,
    backend: "",
    progressShown: 0,
    startedAt: 0,
    resultAt: 0,
    paints: [],
  };
  private readonly client = new ComputePool();
  private wanted: Wanted | undefined;
  private runningKey: string | undefined;
  private active = false;
  private timer = 0;

  constructor(
    name: string,
    private readonly line: ProgressLine,
    private readonly paint: (output: AnalysisOutput, wanted: Wanted, ms: number) => Promise<void>,
    private readonly onError: (message: string | null) => void,
    private readonly onStale: (stale: boolean) => void,
  ) {
    window.__analyses ??= {};
    window.__analyses[name] = this.probe;
    line.onCancel(() => this.cancel());
    line.onResume(() => void this.start());
  }

  setActive(active: boolean): void {
    this.active = active;
    if (active) this.client.warm();
    if (active && this.wanted && this.wanted.key !== this.probe.paintedKey && this.runningKey !== this.wanted.key)
      void this.start();
  }

  /** Asks for the view to show `job` at `spec`; `delay` (ms) lets a drag settle before a job starts. */
  want(spec: RunSpec, job: AnalysisJob, delay = 0): void {
    const key = JSON.stringify({ spec, job });
    if (key === this.wanted?.key && (key === this.runningKey || key === this.probe.paintedKey)) return;
    this.wanted = { key, spec, job };
    this.probe.wantedKey = key;
    if (this.runningKey !== undefined && this.runningKey !== key) this.stopRunning();
    this.onStale(this.probe.paintedKey !== "" && key !== this.probe.paintedKey);
    clearTimeout(this.timer);
    if (!this.active || key === this.probe.paintedKey) return;
    if (delay > 0) this.timer = window.setTimeout(() => void this.start(), delay);
    else void this.start();
  }

  /** Stops the running job; its inputs stay wanted, so showing the view again or "Compute again" restarts it. */
  cancel(): void {
    clearTimeout(this.timer);
    if (this.runningKey === undefined) return;
    this.stopRunning();
    this.line.cancelled();
    this.probe.status = "cancelled";
  }

  private stopRunning(): void {
    this.runningKey = undefined;
    this.client.cancel();
    this.line.end();
  }

  private async start(): Promise<void> {
    clearTimeout(this.timer);
    const w = this.wanted;
    if (!w) return;
    this.runningKey = w.key;
    this.probe.status = "running";
    this.probe.started++;
    this.probe.startedAt = performance.now();
    this.onError(null);
    this.line.begin(() => this.probe.progressShown++);
    const outcome = await this.client.run(w.spec, w.job, (done, total) => this.line.progress(done, total));
    if (outcome.status === "cancelled") {
      this.probe.cancelled++;
      return;
    }
    this.runningKey = undefined;
    this.probe.resultAt = performance.now();
    this.line.end();
    // Only the inputs still wanted are painted; anything else is a result nobody asked for any more.
    if (w.key !== this.wanted?.key) return;
    if (outcome.status === "error") {
      this.probe.status = "error";
      this.onError(outcome.message);
      return;
    }
    const start = performance.now();
    // An analysis job's output is an analysis output: the worker answers each job with its own kind.
    await this.paint(outcome.output as AnalysisOutput, w, outcome.ms);
    this.probe.paints.push({ start, end: performance.now() });
    this.probe.paintedKey = w.key;
    this.probe.painted.push({ id: outcome.id, spec: w.spec, job: w.job, ms: outcome.ms });
    this.probe.lastMs = outcome.ms;
    this.probe.backend = outcome.backend;
    this.probe.status = "done";
    this.onStale(this.wanted?.key !== w.key);
  }
}
