import type { RunSpec } from "../../engine/index.ts";
import type { AnalysisJob, AnalysisOutput, AnalysisReply, AnalysisRequest } from "../compute/analysis-messages.ts";
import { modelFile, modelText } from "../session/model-source.ts";

export type JobOutcome =
  | { status: "done"; id: number; output: AnalysisOutput; ms: number }
  | { status: "cancelled"; id: number }
  | { status: "error"; id: number; message: string };

interface Running {
  id: number;
  finish: (o: JobOutcome) => void;
  onProgress: (done: number, total: number) => void;
}

/**
 * One analysis worker and the job it runs. Starting a job cancels the one before; cancelling ends the
 * worker (its loop cannot be interrupted from outside) and the next job starts a fresh one. Every
 * reply carries its job id and only the running job's replies are passed on, so nothing a cancelled
 * job sends can reach the page.
 */
export class AnalysisClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private running: Running | undefined;

  get busy(): boolean {
    return this.running !== undefined;
  }

  run(spec: RunSpec, job: AnalysisJob, onProgress: (done: number, total: number) => void): Promise<JobOutcome> {
    this.cancel();
    const id = this.nextId++;
    const worker = this.ensureWorker();
    return new Promise<JobOutcome>((finish) => {
      this.running = { id, finish, onProgress };
      const msg: AnalysisRequest = { kind: "run", id, spec, job };
      worker.postMessage(msg);
    });
  }

  cancel(): void {
    const r = this.running;
    if (!r) return;
    this.running = undefined;
    this.worker?.terminate();
    this.worker = undefined;
    r.finish({ status: "cancelled", id: r.id });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL("../compute/analysis-worker.ts", import.meta.url), { type: "module" });
    w.addEventListener("message", (e: MessageEvent<AnalysisReply>) => this.receive(e.data));
    w.addEventListener("error", (e) => {
      const r = this.running;
      this.running = undefined;
      this.worker?.terminate();
      this.worker = undefined;
      r?.finish({ status: "error", id: r.id, message: e.message || "the analysis worker failed" });
    });
    const init: AnalysisRequest = { kind: "init", modelText: modelText(), modelFile: modelFile() };
    w.postMessage(init);
    this.worker = w;
    return w;
  }

  private receive(reply: AnalysisReply): void {
    const r = this.running;
    if (!r || reply.id !== r.id) return;
    if (reply.kind === "progress") {
      r.onProgress(reply.done, reply.total);
      return;
    }
    this.running = undefined;
    if (reply.kind === "result") r.finish({ status: "done", id: r.id, output: reply.output, ms: reply.ms });
    else r.finish({ status: "error", id: r.id, message: reply.message });
  }
}
