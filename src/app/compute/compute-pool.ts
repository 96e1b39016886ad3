import { loadModel, type Model, type RunSpec, resolveRun } from "../../engine/index.ts";
import { openModelSource } from "../session/model-source.ts";
import type { JobOutcome, ModelSource } from "./compute-client.ts";
import { isSplittable, joinParts, splitJob } from "./job-parts.ts";
import type { ComputeJob, PartJob, PartOutput } from "./jobs.ts";
import { type Task, WorkerPool } from "./worker-pool.ts";

/** As many workers as the machine has cores (at most 8: beyond that, starting them costs more than they give). */
export function poolSize(): number {
  const cores = typeof navigator === "undefined" ? 1 : navigator.hardwareConcurrency || 1;
  return Math.max(1, Math.min(8, cores));
}

/**
 * Parts per worker: more than one, so a worker that finishes early (its subjects solved faster, or the
 * machine gave it more time) takes another part instead of waiting for the slowest. A sensitivity
 * part solves the base run again for itself, so that job is cut once per worker only.
 */
const partsPerWorker = (job: ComputeJob) => (job.kind === "sensitivity" ? 1 : 2);

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
 * Hands the pool the model the page has already loaded from `source`, so the first job cut into parts
 * does not load it again on the page's thread (a long task of a few hundred milliseconds).
 */
export function shareLoadedModel(source: ModelSource, model: Model): void {
  if (model.file !== source.modelFile) return;
  models.clear();
  models.set(source.modelText, model);
}

let shared: WorkerPool | undefined;
/** The workers every analysis view shares (made at the first use, one per core). */
function sharedWorkers(): WorkerPool {
  shared ??= new WorkerPool(poolSize());
  return shared;
}

/**
 * One view's handle on the shared workers: a population, a trial, a map or a sensitivity analysis is cut
 * into contiguous parts that the workers take as they come free, and joined on the page (job-parts.ts),
 * giving the numbers one worker would; any other job runs whole on one worker. The cancel rule is each
 * view's own: a new request takes back every part of the one before (see WorkerPool.withdraw).
 */
export class ComputePool {
  private tasks: Task[] = [];

  constructor(
    private readonly workers: WorkerPool = sharedWorkers(),
    private readonly source?: ModelSource,
  ) {}

  get size(): number {
    return this.workers.size;
  }

  get busy(): boolean {
    return this.tasks.length > 0;
  }

  /** Starts the workers and has them load the model, ahead of the first job. */
  warm(): void {
    this.workers.warm(this.currentSource());
  }

  dispose(): void {
    this.withdraw(true);
  }

  cancel(): void {
    this.withdraw(true);
  }

  drop(): void {
    this.withdraw(false);
  }

  private withdraw(now: boolean): void {
    const tasks = this.tasks;
    this.tasks = [];
    for (const t of tasks) this.workers.withdraw(t, now);
  }

  private currentSource(): ModelSource {
    if (this.source) return this.source;
    const { text, file } = openModelSource();
    return { modelText: text, modelFile: file };
  }

  async run(
    spec: RunSpec,
    job: ComputeJob,
    onProgress: (done: number, total: number) => void = () => {},
  ): Promise<JobOutcome> {
    this.drop();
    const source = this.currentSource();
    if (this.workers.size === 1 || job.kind === "claim" || job.kind === "part" || !isSplittable(job)) {
      const task = this.workers.submit(spec, job, source, onProgress);
      this.tasks = [task];
      const outcome = await task.done;
      if (this.tasks[0] === task) this.tasks = [];
      return outcome;
    }
    let model: Model;
    let parts: PartJob[];
    try {
      model = modelOf(source);
      parts = splitJob(model, resolveRun(model, spec), job, this.workers.size * partsPerWorker(job));
    } catch (err) {
      return { status: "error", id: 0, message: (err as Error).message };
    }
    const progress = partProgress(parts, onProgress);
    const tasks = parts.map((part, i) => this.workers.submit(spec, part, source, (d, t) => progress(i, d, t)));
    this.tasks = tasks;
    const outcomes = await Promise.all(tasks.map((t) => t.done));
    if (this.tasks === tasks) this.tasks = [];
    const id = outcomes[0]?.id ?? 0;
    const cancelled = outcomes.find((o) => o.status === "cancelled");
    if (cancelled) return { status: "cancelled", id };
    const failed = outcomes.find((o) => o.status === "error");
    if (failed) return failed;
    const done = outcomes.flatMap((o) => (o.status === "done" ? [o] : []));
    try {
      const output = joinParts(
        model,
        resolveRun(model, spec),
        job,
        done.map((o) => o.output as PartOutput),
      );
      // The engine's time summed over the parts: the processor time the job took, however it was shared.
      return {
        status: "done",
        id,
        output,
        ms: done.reduce((a, o) => a + o.ms, 0),
        backend: done.some((o) => o.backend === "closures") ? "closures" : "function",
      };
    } catch (err) {
      return { status: "error", id, message: (err as Error).message };
    }
  }
}

/**
 * Progress over the whole job from its parts' reports. A part still queued has not said its total, so
 * it is counted at the solves per item of the parts that have.
 */
function partProgress(
  parts: PartJob[],
  onProgress: (done: number, total: number) => void,
): (i: number, done: number, total: number) => void {
  const done = parts.map(() => 0);
  const totals = parts.map(() => 0);
  const items = parts.map((p) => p.to - p.from);
  return (i, d, t) => {
    done[i] = d;
    totals[i] = t;
    const k = totals.findIndex((x) => x > 0);
    const perItem = (totals[k] as number) / Math.max(1, items[k] as number);
    const total = totals.reduce((a, x, j) => a + (x > 0 ? x : Math.round((items[j] as number) * perItem)), 0);
    onProgress(
      done.reduce((a, b) => a + b, 0),
      total,
    );
  };
}
