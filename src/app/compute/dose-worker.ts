/// <reference lib="webworker" />
import { loadModel, type Model } from "../../engine/index.ts";
import type { DoseReply, DoseRequest } from "./dose-messages.ts";
import { doseSweep } from "./dose-sweep.ts";

// The dose-response needs dozens of solves; here they never hold up the sliders.
let model: Model | undefined;

const post = (reply: DoseReply) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(reply);

self.addEventListener("message", (event: MessageEvent<DoseRequest>) => {
  const msg = event.data;
  if (msg.kind === "init") {
    model = loadModel(msg.modelText, msg.modelFile);
    return;
  }
  try {
    if (!model) throw new Error("the worker has no model yet");
    const t0 = performance.now();
    const { wEnd, outcomes } = doseSweep(model, msg.spec, msg.param, msg.values);
    post({ kind: "sweep", id: msg.id, values: msg.values, wEnd, outcomes, ms: performance.now() - t0 });
  } catch (err) {
    post({ kind: "error", id: msg.id, message: (err as Error).message });
  }
});
