import { compileModel, loadModel, type Model, resolveRun } from "../../engine/index.ts";
import type { ComputeBackend, ComputeReply, ComputeRequest } from "./jobs.ts";
import { runJob } from "./run-job.ts";
import { warmUp } from "./warm-up.ts";

/** Progress is posted at most this often: enough for a smooth bar, few enough not to flood the page. */
const PROGRESS_EVERY_MS = 80;

/**
 * What a compute worker does with each message, apart from the worker itself (so tests can run it):
 * "init" loads (and compiles) a model, "run" runs one job on it and posts progress and the result.
 * The page's <meta> policy does not reach a worker loaded from its own URL, so the equations are
 * compiled to generated code unless the worker's own policy refuses eval (then to closures). After
 * "init" the worker warms its solver up until the first job comes (warm-up.ts).
 */
export function workerHandler(post: (reply: ComputeReply) => void): (msg: ComputeRequest) => void {
  let model: Model | undefined;
  let loadError: string | undefined;
  let backend: ComputeBackend = "function";
  // Messages handled so far: a warm-up goes on only while none has come since it began.
  let received = 0;
  return (msg) => {
    received++;
    if (msg.kind === "init") {
      try {
        model = loadModel(msg.modelText, msg.modelFile);
        loadError = undefined;
        // Compiled now, while the worker waits for its first job, not in that job's time.
        backend = compileModel(model).backend;
        const at = received;
        warmUp(model, () => received === at);
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
  };
}
