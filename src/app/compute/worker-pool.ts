import type { RunSpec } from "../../engine/index.ts";
import type { JobOutcome, ModelSource } from "./compute-client.ts";
import type { ComputeJob, ComputeReply, ComputeRequest } from "./jobs.ts";

/** A task no longer wanted is stopped (its worker ended) once it has run this long; a younger one is let finish. */
const CANCEL_AFTER_MS = 60;

/** Workers beyond the first are ended after this long with nothing to do (warm() starts them again). */
const IDLE_MS = 60_000;

/** What the pool needs of a worker (a Web Worker; something else in tests). */
export type PoolWorker = Pick<Worker, "postMessage" | "terminate" | "addEventListener">;

/** The compute worker script, as a module worker. */
const startComputeWorker = (): PoolWorker =>
  new Worker(new URL("./compute-worker.ts", import.meta.url), { type: "module" });

/** One job (or one part of a job) given to the pool. */
export interface Task {
  readonly id: number;
  readonly done: Promise<JobOutcome>;
}

interface Entry {
  id: number;
  spec: RunSpec;
  job: ComputeJob;
  source: ModelSource;
  onProgress: (done: number, total: number) => void;
  finish: (o: JobOutcome) => void;
  since: number;
  /** Settled (cancelled) while running: nothing it sends reaches its caller. */
  gone: boolean;
}

interface Slot {
  worker: PoolWorker;
  /** The model text the worker has loaded (or been sent to load). */
  modelText: string;
  task?: Entry;
}

/**
 * Workers shared by every analysis view, kept with the model loaded between jobs: starting a worker
 * (parsing the engine) and loading the model cost far more than a part of a job, so workers are
 * started when an analysis view is first shown and then reused. Tasks are taken first come, first
 * served by whichever worker is free, so a job cut into parts runs on every core, and a second job
 * asked at the same time (the trial beside the population) waits behind the first instead of sharing
 * the cores with it and delaying both.
 */
export class WorkerPool {
  private readonly slots: (Slot | undefined)[];
  private readonly queue: Entry[] = [];
  private nextId = 1;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly size: number,
    private readonly startWorker: () => PoolWorker = startComputeWorker,
  ) {
    this.slots = Array.from({ length: Math.max(1, size) }, () => undefined);
  }

  /** Starts every worker not yet running and has it load `source`, so the next job finds them ready. */
  warm(source: ModelSource): void {
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i];
      if (!slot) this.slots[i] = this.start(i, source);
      else if (!slot.task && slot.modelText !== source.modelText) this.load(slot, source);
    }
    this.armIdle();
  }

  get busy(): boolean {
    return this.queue.length > 0 || this.slots.some((s) => s?.task && !s.task.gone);
  }

  submit(spec: RunSpec, job: ComputeJob, source: ModelSource, onProgress: (done: number, total: number) => void): Task {
    const id = this.nextId++;
    let finish!: (o: JobOutcome) => void;
    const done = new Promise<JobOutcome>((resolve) => {
      finish = resolve;
    });
    this.queue.push({ id, spec, job, source, onProgress, finish, since: 0, gone: false });
    this.pump();
    return { id, done };
  }

  /**
   * Takes a task back: it settles "cancelled" at once. One still queued never runs; one running is
   * stopped by ending its worker if `now` or if it has run longer than CANCEL_AFTER_MS, else let finish.
   */
  withdraw(task: Task, now: boolean): void {
    const q = this.queue.findIndex((e) => e.id === task.id);
    if (q >= 0) {
      const [e] = this.queue.splice(q, 1);
      e?.finish({ status: "cancelled", id: e.id });
      return;
    }
    const i = this.slots.findIndex((s) => s?.task?.id === task.id);
    const slot = this.slots[i];
    if (!slot?.task || slot.task.gone) return;
    const e = slot.task;
    e.gone = true;
    e.finish({ status: "cancelled", id: e.id });
    if (now || performance.now() - e.since > CANCEL_AFTER_MS) {
      slot.worker.terminate();
      // A fresh worker is started only when a task needs it, so a stop costs no start-up of its own.
      this.slots[i] = undefined;
      this.pump();
    }
  }

  private start(i: number, source: ModelSource): Slot {
    const worker = this.startWorker();
    const slot: Slot = { worker, modelText: "" };
    worker.addEventListener("message", (e) => this.receive(slot, (e as MessageEvent<ComputeReply>).data));
    worker.addEventListener("error", (e) => {
      const t = slot.task;
      worker.terminate();
      if (this.slots[i] === slot) this.slots[i] = undefined;
      if (t && !t.gone) t.finish({ status: "error", id: t.id, message: e.message || "the compute worker failed" });
      this.pump();
    });
    this.load(slot, source);
    return slot;
  }

  private load(slot: Slot, source: ModelSource): void {
    const init: ComputeRequest = { kind: "init", modelText: source.modelText, modelFile: source.modelFile };
    slot.worker.postMessage(init);
    slot.modelText = source.modelText;
  }

  /** Gives queued tasks to free workers: one with the task's model loaded first, then any other. */
  private pump(): void {
    while (this.queue.length > 0) {
      const e = this.queue[0] as Entry;
      const free = (i: number) => !this.slots[i]?.task;
      const indices = this.slots.map((_, i) => i).filter(free);
      if (indices.length === 0) break;
      const i =
        indices.find((k) => this.slots[k]?.modelText === e.source.modelText) ??
        indices.find((k) => this.slots[k] !== undefined) ??
        (indices[0] as number);
      this.queue.shift();
      let slot = this.slots[i];
      if (!slot) {
        slot = this.start(i, e.source);
        this.slots[i] = slot;
      } else if (slot.modelText !== e.source.modelText) this.load(slot, e.source);
      slot.task = e;
      e.since = performance.now();
      const msg: ComputeRequest = { kind: "run", id: e.id, spec: e.spec, job: e.job };
      slot.worker.postMessage(msg);
    }
    this.armIdle();
  }

  private receive(slot: Slot, reply: ComputeReply): void {
    const e = slot.task;
    if (!e || reply.id !== e.id) return;
    if (reply.kind === "progress") {
      if (!e.gone) e.onProgress(reply.done, reply.total);
      return;
    }
    slot.task = undefined;
    if (!e.gone) {
      if (reply.kind === "result")
        e.finish({ status: "done", id: e.id, output: reply.output, ms: reply.ms, backend: reply.backend });
      else e.finish({ status: "error", id: e.id, message: reply.message });
    }
    this.pump();
  }

  private armIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.busy) return this.armIdle();
      for (let i = 1; i < this.slots.length; i++) {
        this.slots[i]?.worker.terminate();
        this.slots[i] = undefined;
      }
    }, IDLE_MS);
  }
}
