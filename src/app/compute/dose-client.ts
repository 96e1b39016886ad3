import type { RunSpec } from "../../engine/index.ts";
import type { DoseReply, DoseRequest } from "./dose-messages.ts";
import DoseWorker from "./dose-worker.ts?worker";

export interface DoseCurve {
  spec: RunSpec;
  values: number[];
  wEnd: number[];
  outcomes: string[];
  ms: number;
}

/**
 * Runs dose-response sweeps in a worker, one at a time. While a sweep runs, later requests replace each
 * other, so only the newest state is computed next and a fast drag never builds a queue.
 */
export class DoseClient {
  private readonly worker: Worker;
  private nextId = 1;
  private running: { id: number; spec: RunSpec } | undefined;
  private pending: RunSpec | undefined;
  private readonly onCurve: (curve: DoseCurve) => void;
  private readonly onError: (message: string) => void;

  constructor(
    modelText: string,
    modelFile: string,
    private readonly param: string,
    private readonly values: number[],
    onCurve: (curve: DoseCurve) => void,
    onError: (message: string) => void,
  ) {
    this.onCurve = onCurve;
    this.onError = onError;
    this.worker = new DoseWorker();
    this.worker.addEventListener("message", (e: MessageEvent<DoseReply>) => this.receive(e.data));
    this.worker.addEventListener("error", (e) => this.onError(e.message || "the dose-response worker failed"));
    this.send({ kind: "init", modelText, modelFile });
  }
  /** Stops the worker (the model it was made for is closed). */
  dispose(): void {
    this.worker.terminate();
  }

  get busy(): boolean {
    return this.running !== undefined || this.pending !== undefined;
  }

  request(spec: RunSpec): void {
    if (this.running) {
      this.pending = spec;
      return;
    }
    this.start(spec);
  }

  private start(spec: RunSpec): void {
    const id = this.nextId++;
    this.running = { id, spec };
    this.send({ kind: "sweep", id, spec, param: this.param, values: this.values });
  }

  private send(msg: DoseRequest): void {
    this.worker.postMessage(msg);
  }

  private receive(reply: DoseReply): void {
    const done = this.running;
    this.running = undefined;
    const next = this.pending;
    this.pending = undefined;
    if (next) this.start(next);
    if (reply.kind === "error") this.onError(reply.message);
    else if (done && !next)
      this.onCurve({ spec: done.spec, values: reply.values, wEnd: reply.wEnd, outcomes: reply.outcomes, ms: reply.ms });
  }
}
