/// <reference lib="webworker" />
import type { ComputeRequest } from "./jobs.ts";
import { workerHandler } from "./worker-handler.ts";

// The one worker entry: dose-response curves, claim checks and the analyses all run here, off the
// page's thread, on one copy of the engine. A job is cancelled by ending the worker (see
// compute-client.ts and worker-pool.ts), because its synchronous loop would not read a "cancel"
// message until done.
const handle = workerHandler((reply) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(reply));
self.addEventListener("message", (event: MessageEvent<ComputeRequest>) => handle(event.data));
