import type { RunSpec } from "../../engine/index.ts";
import { openModelSource } from "../session/model-source.ts";
import type { ComputeBackend, ComputeJob, ComputeOutput, ComputeReply, ComputeRequest } from "./jobs.ts";

export type JobOutcome =
  | { status: "done"; id: number; output: ComputeOutput; ms: number; backend: ComputeBackend }
  | { status: "cancelled"; id: number }
  | { status: "error"; id: number; message: string };

/** The model file a worker loads, as text, and the name its errors give it. */
export interface ModelSource {
  modelText: string;
  modelFile: string;
}

/**
 * A job that is no longer wanted is stopped (its worker ended) once it has run this long; a younger one
 * is let finish and its result dropped, because starting a worker and loading the model costs more.
 */
const CANCEL_AFTER_MS = 60;

interface Job {
  id: number;
  spec: RunSpec;
  job: ComputeJob;
  finish: (o: JobOutcome) => void;
  onProgress: (done: number, total: number) => void;
  since: number;
  stale: boolean;
}

/**
 * The page's side of the compute worker. Each client runs one job at a time, for the newest request
 * only. The one cancel rule: a new request replaces the one waiting and makes the running one stale;
 * a stale or cancelled job's promise settles "cancelled" at once, nothing it sends reaches the page,
 * and it is stopped by ending its worker (the next job starts a fresh one) unless it is younger than
 * CANCEL_AFTER_MS. Every part of the app that computes off the page (the explorer's dose-response,
 * claims, analyses) holds its own client, so they never wait for each other.
 */
export class ComputeClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private running: Job | undefined;
  private waiting: Job | undefined;

  /** Without a source, the worker loads the model open when it starts. */
  constructor(private readonly source?: ModelSource) {}

  /** Stops the worker for good (the model it was made for is closed). */
  dispose(): void {
    this.supersede(false);
    this.worker?.terminate();
    this.worker = undefined;
  }

  get busy(): boolean {
    return (this.running !== undefined && !this.running.stale) || this.waiting !== undefined;
  }

  run(
    spec: RunSpec,
    job: ComputeJob,
    onProgress: (done: number, total: number) => void = () => {},
  ): Promise<JobOutcome> {
    this.supersede(false);
    return new Promise<JobOutcome>((finish) => {
      this.waiting = { id: this.nextId++, spec, job, finish, onProgress, since: 0, stale: false };
      if (!this.running) this.startNext();
    });
  }

  /** Stops whatever runs or waits, at once. */
  cancel(): void {
    this.supersede(true);
  }

  /** Drops whatever runs or waits as a new request would, without asking for anything. */
  drop(): void {
    this.supersede(false);
  }

  private supersede(now: boolean): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.finish({ status: "cancelled", id: w.id });
    const r = this.running;
    if (!r || r.stale) {
      if (r && now) this.endWorker();
      return;
    }
    r.stale = true;
    r.finish({ status: "cancelled", id: r.id });
    if (now || performance.now() - r.since > CANCEL_AFTER_MS) this.endWorker();
  }

  private endWorker(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.running = undefined;
  }

  private startNext(): void {
    const job = this.waiting;
    if (!job) return;
    this.waiting = undefined;
    job.since = performance.now();
    this.running = job;
    const msg: ComputeRequest = { kind: "run", id: job.id, spec: job.spec, job: job.job };
    this.ensureWorker().postMessage(msg);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL("./compute-worker.ts", import.meta.url), { type: "module" });
    w.addEventListener("message", (e: MessageEvent<ComputeReply>) => this.receive(e.data));
    w.addEventListener("error", (e) => {
      const r = this.running;
      this.endWorker();
      if (r && !r.stale) r.finish({ status: "error", id: r.id, message: e.message || "the compute worker failed" });
      this.startNext();
    });
    const open = openModelSource();
    const init: ComputeRequest = { kind: "init", ...(this.source ?? { modelText: open.text, modelFile: open.file }) };
    w.postMessage(init);
    this.worker = w;
    return w;
  }

  private receive(reply: ComputeReply): void {
    const r = this.running;
    if (!r || reply.id !== r.id) return;
    if (reply.kind === "progress") {
      if (!r.stale) r.onProgress(reply.done, reply.total);
      return;
    }
    this.running = undefined;
    if (!r.stale) {
      if (reply.kind === "result")
        r.finish({ status: "done", id: r.id, output: reply.output, ms: reply.ms, backend: reply.backend });
      else r.finish({ status: "error", id: r.id, message: reply.message });
    }
    this.startNext();
  }
}
