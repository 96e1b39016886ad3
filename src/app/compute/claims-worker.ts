/// <reference lib="webworker" />
import { checkClaim, loadModel, type Model, resolveRun } from "../../engine/index.ts";
import type { ClaimsReply, ClaimsRequest } from "./claims-messages.ts";

// The population check alone runs hundreds of solves; here it never holds up the sliders.
let model: Model | undefined;

const post = (reply: ClaimsReply) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(reply);

self.addEventListener("message", (event: MessageEvent<ClaimsRequest>) => {
  const msg = event.data;
  if (msg.kind === "init") {
    model = loadModel(msg.modelText, msg.modelFile);
    return;
  }
  try {
    if (!model) throw new Error("the worker has no model yet");
    const claim = model.claims.find((c) => c.id === msg.claim);
    if (!claim) throw new Error(`unknown claim "${msg.claim}"`);
    const t0 = performance.now();
    const check = checkClaim(claim, resolveRun(model, msg.spec));
    post({
      kind: "check",
      id: msg.id,
      claim: msg.claim,
      verdict: check.verdict,
      text: check.text,
      ms: performance.now() - t0,
    });
  } catch (err) {
    post({ kind: "error", id: msg.id, claim: msg.claim, message: (err as Error).message });
  }
});
