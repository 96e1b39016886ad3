/// <reference lib="webworker" />
import { loadModel, type Model, resolveRun } from "../../engine/index.ts";
import { runAnalysisJob } from "./analysis-jobs.ts";
import type { AnalysisReply, AnalysisRequest } from "./analysis-messages.ts";

// Population, trial, sensitivity and map jobs take seconds; here they never hold up the page. A job is
// cancelled by ending this worker (the page starts a new one), because a job's synchronous loop would
// not see a "cancel" message until it had finished anyway.
let model: Model | undefined;

/** Progress is posted at most this often: enough for a smooth bar, few enough not to flood the page. */
const PROGRESS_EVERY_MS = 80;

const post = (reply: AnalysisReply) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(reply);

self.addEventListener("message", (event: MessageEvent<AnalysisRequest>) => {
  const msg = event.data;
  if (msg.kind === "init") {
    model = loadModel(msg.modelText, msg.modelFile);
    return;
  }
  try {
    if (!model) throw new Error("the analysis worker has no model yet");
    const t0 = performance.now();
    let last = t0;
    const output = runAnalysisJob(model, resolveRun(model, msg.spec), msg.job, (done, total) => {
      const now = performance.now();
      if (now - last >= PROGRESS_EVERY_MS) {
        last = now;
        post({ kind: "progress", id: msg.id, done, total });
      }
      return true;
    });
    post({ kind: "result", id: msg.id, output, ms: performance.now() - t0 });
  } catch (err) {
    post({ kind: "error", id: msg.id, message: (err as Error).message });
  }
});
