import type { RunSpec, Verdict } from "../../engine/index.ts";
import type { ClaimsReply, ClaimsRequest } from "../compute/claims-messages.ts";
import ClaimsWorker from "../compute/claims-worker.ts?worker";

export type ClaimResult =
  | { claim: string; verdict: Verdict; text: string; error?: undefined }
  | { claim: string; error: string };

/** A job running longer than this is cancelled (the worker replaced) when a newer state arrives. */
const CANCEL_AFTER_MS = 60;

/**
 * Checks the model's claims for the newest state only. Claims go to the worker one at a time so a
 * change is seen between them; a long check (the population) that a change makes stale is cancelled
 * by replacing the worker, since a busy worker cannot read messages.
 */
export class ClaimsClient {
  private worker: Worker;
  private nextId = 1;
  private generation = 0;
  private spec: RunSpec | undefined;
  private queue: string[] = [];
  private running: { id: number; generation: number; claim: string; since: number } | undefined;

  constructor(
    private readonly modelText: string,
    private readonly modelFile: string,
    private readonly claimIds: readonly string[],
    private readonly onResult: (result: ClaimResult) => void,
    private readonly onStart: () => void,
  ) {
    this.worker = this.startWorker();
  }

  /** Drops every result still due: the state they were asked for has changed. */
  invalidate(): void {
    this.generation++;
    this.queue = [];
    this.onStart();
    if (this.running && performance.now() - this.running.since > CANCEL_AFTER_MS) {
      this.worker.terminate();
      this.running = undefined;
      this.worker = this.startWorker();
    }
  }

  /** Checks every claim under `spec`. */
  request(spec: RunSpec): void {
    this.invalidate();
    this.spec = spec;
    this.queue = [...this.claimIds];
    if (!this.running) this.next();
  }

  private startWorker(): Worker {
    const w = new ClaimsWorker();
    w.addEventListener("message", (e: MessageEvent<ClaimsReply>) => this.receive(e.data));
    w.addEventListener("error", (e) => {
      const claim = this.running?.claim ?? "";
      this.running = undefined;
      this.onResult({ claim, error: e.message || "the claims worker failed" });
      this.next();
    });
    this.send(w, { kind: "init", modelText: this.modelText, modelFile: this.modelFile });
    return w;
  }

  private send(w: Worker, msg: ClaimsRequest): void {
    w.postMessage(msg);
  }

  private next(): void {
    const claim = this.queue.shift();
    if (claim === undefined || !this.spec) return;
    const id = this.nextId++;
    this.running = { id, generation: this.generation, claim, since: performance.now() };
    this.send(this.worker, { kind: "check", id, spec: this.spec, claim });
  }

  private receive(reply: ClaimsReply): void {
    const done = this.running;
    if (!done || done.id !== reply.id) return;
    this.running = undefined;
    if (done.generation === this.generation) {
      if (reply.kind === "error") this.onResult({ claim: reply.claim, error: reply.message });
      else this.onResult({ claim: reply.claim, verdict: reply.verdict, text: reply.text });
    }
    this.next();
  }
}
