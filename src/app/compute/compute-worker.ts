/// <reference lib="webworker" />
import { compileModel, loadModel, type Model, resolveRun } from "../../engine/index.ts";
import type { ComputeBackend, ComputeReply, ComputeRequest } from "./jobs.ts";
import { runJob } from "./run-job.ts";

// The one worker entry: dose-response curves, claim checks and the analyses all run here, off the
// page's thread, on one copy of the engine. A job is cancelled by ending the worker (see
// compute-client.ts and worker-pool.ts), because its synchronous loop would not read a "cancel"
// message until done. The page's <meta> policy does not reach a worker loaded from its own URL, so
// the equations are compiled to generated code here unless the worker's own policy refuses eval
// (then the compiler falls back to closures).
let model: Model | undefined;
let loadError: string | undefined;
let backend: ComputeBackend = "function";

/** Progress is posted at most this often: enough for a smooth bar, few enough not to flood the page. */
const PROGRESS_EVERY_MS = 80;

const post = (reply: ComputeReply) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(reply);

self.addEventListener("message", (event: MessageEvent<ComputeRequest>) => {
  const msg = event.data;
  if (msg.kind === "init") {
    try {
      model = loadModel(msg.modelText, msg.modelFile);
      loadError = undefined;
      // Compiled now, while the worker waits for its first job, not in that job's time.
      backend = compileModel(model).backend;
    } catch (err) {
      // Said by each job, so the worker stays up for the next model.
      model = undefined;
      loadError = (err as Error).message;
    }
    return;
  }
  try {
    if (!model) throw new Error(loadError ?? "the compute worker has no model yet");
    const t0 = performance.now();
    let last = t0;
    const output = runJob(model, resolveRun(model, msg.spec), msg.job, (done, total) => {
      const now = performance.now();
      if (now - last >= PROGRESS_EVERY_MS) {
        last = now;
        post({ kind: "progress", id: msg.id, done, total });
      }
      return true;
    });
    post({ kind: "result", id: msg.id, output, ms: performance.now() - t0, backend });
  } catch (err) {
    post({ kind: "error", id: msg.id, message: (err as Error).message });
  }
});
