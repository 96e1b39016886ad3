import { loadModel, type Model, type RunSpec, resolveRun } from "../../engine/index.ts";
import { openModelSource } from "../session/model-source.ts";
import { ComputeClient, type JobOutcome, type ModelSource } from "./compute-client.ts";
import { isSplittable, joinParts, splitJob } from "./job-parts.ts";
import type { ComputeJob, PartOutput } from "./jobs.ts";

/** Workers beyond the first are ended after this long without work, so idle views hold one worker each. */
const IDLE_MS = 20_000;

/** As many workers as the machine has cores (at most 8: beyond that, starting them costs more than they give). */
export function poolSize(): number {
  const cores = typeof navigator === "undefined" ? 1 : navigator.hardwareConcurrency || 1;
  return Math.max(1, Math.min(8, cores));
}

// The page needs the model to cut a job and join its parts; it is the one the workers load.
const models = new Map<string, Model>();
function modelOf(source: ModelSource): Model {
  let m = models.get(source.modelText);
  if (!m) {
    m = loadModel(source.modelText, source.modelFile);
    models.clear();
    models.set(source.modelText, m);
  }
  return m;
}

/**
 * A ComputeClient over several workers: a population, a trial, a map or a sensitivity analysis is cut into one
 * contiguous part per worker and joined on the page (job-parts.ts), giving the numbers one worker
 * would; any other job runs on the first worker. The cancel rule is each client's own: a new request
 * makes every part of the running one stale.
 */
export class ComputePool {
  private readonly clients: ComputeClient[];
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    size = poolSize(),
    private readonly source?: ModelSource,
  ) {
    this.clients = Array.from({ length: Math.max(1, size) }, () => new ComputeClient(source));
  }

  get size(): number {
    return this.clients.length;
  }

  get busy(): boolean {
    return this.clients.some((c) => c.busy);
  }

  dispose(): void {
    clearTimeout(this.idleTimer);
    for (const c of this.clients) c.dispose();
  }

  cancel(): void {
    for (const c of this.clients) c.cancel();
  }

  drop(): void {
    for (const c of this.clients) c.drop();
  }

  async run(
    spec: RunSpec,
    job: ComputeJob,
    onProgress: (done: number, total: number) => void = () => {},
  ): Promise<JobOutcome> {
    clearTimeout(this.idleTimer);
    const [first, ...rest] = this.clients as [ComputeClient, ...ComputeClient[]];
    if (rest.length === 0 || job.kind === "claim" || job.kind === "part" || !isSplittable(job)) {
      for (const c of rest) c.drop();
      return first.run(spec, job, onProgress);
    }
    let model: Model;
    let parts: ReturnType<typeof splitJob>;
    const source = this.source ?? (({ text, file }) => ({ modelText: text, modelFile: file }))(openModelSource());
    try {
      model = modelOf(source);
      parts = splitJob(model, resolveRun(model, spec), job, this.clients.length);
    } catch (err) {
      this.drop();
      return { status: "error", id: 0, message: (err as Error).message };
    }
    for (const c of this.clients.slice(parts.length)) c.drop();
    const done = parts.map(() => 0);
    const totals = parts.map(() => 0);
    const outcomes = await Promise.all(
      parts.map((part, i) =>
        (this.clients[i] as ComputeClient).run(spec, part, (d, t) => {
          done[i] = d;
          totals[i] = t;
          // Every part reports from its start, so the sum is not shown until each has said its total.
          if (totals.every((x) => x > 0))
            onProgress(
              done.reduce((a, b) => a + b, 0),
              totals.reduce((a, b) => a + b, 0),
            );
        }),
      ),
    );
    const id = outcomes[0]?.id ?? 0;
    const cancelled = outcomes.find((o) => o.status === "cancelled");
    if (cancelled) return { status: "cancelled", id };
    const failed = outcomes.find((o) => o.status === "error");
    if (failed) return failed;
    this.idleTimer = setTimeout(() => {
      for (const c of rest) if (!c.busy) c.dispose();
    }, IDLE_MS);
    try {
      const output = joinParts(
        model,
        resolveRun(model, spec),
        job,
        outcomes.map((o) => (o.status === "done" ? o.output : undefined) as PartOutput),
      );
      return { status: "done", id, output, ms: Math.max(...outcomes.map((o) => (o.status === "done" ? o.ms : 0))) };
    } catch (err) {
      return { status: "error", id, message: (err as Error).message };
    }
  }
}
