import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ModelSource } from "../../src/app/compute/compute-client.ts";
import { ComputePool } from "../../src/app/compute/compute-pool.ts";
import type { ComputeReply, ComputeRequest, SplittableJob } from "../../src/app/compute/jobs.ts";
import { runJob } from "../../src/app/compute/run-job.ts";
import { workerHandler } from "../../src/app/compute/worker-handler.ts";
import { type PoolWorker, WorkerPool } from "../../src/app/compute/worker-pool.ts";
import { defaultSpread, loadModel, resolveRun } from "../../src/engine/index.ts";

const FILE = "models/ne-calcium-plasticity.yaml";
const source: ModelSource = { modelText: readFileSync(FILE, "utf8"), modelFile: FILE };
const model = loadModel(source.modelText, source.modelFile);
const run = resolveRun(model, {});

/**
 * A stand-in for a Web Worker running the compute worker's own handler, one message per macrotask (as
 * a worker answers later, never at once); every request it is sent is logged with its worker's number.
 */
function fakeWorkers(log: { worker: number; msg: ComputeRequest }[]): () => PoolWorker {
  let count = 0;
  return () => {
    const me = count++;
    const listeners: ((e: MessageEvent<ComputeReply>) => void)[] = [];
    let ended = false;
    const handle = workerHandler((reply) => {
      if (!ended) for (const l of listeners) l({ data: reply } as MessageEvent<ComputeReply>);
    });
    return {
      postMessage: (msg: ComputeRequest) => {
        log.push({ worker: me, msg });
        setTimeout(() => {
          if (!ended) handle(msg);
        }, 0);
      },
      terminate: () => {
        ended = true;
      },
      addEventListener: ((type: string, l: (e: MessageEvent<ComputeReply>) => void) => {
        if (type === "message") listeners.push(l);
      }) as PoolWorker["addEventListener"],
    };
  };
}

const population: SplittableJob = {
  kind: "population",
  seed: 77,
  n: 24,
  spread: defaultSpread(model),
  treatment: model.population?.treatment ?? null,
};
const map: SplittableJob = { kind: "map", x: { param: "u", n: 4 }, y: { param: "gb", n: 3 } };

const runs = <E extends { msg: ComputeRequest }>(log: E[]) => log.filter((e) => e.msg.kind === "run");

describe("the analyses' shared worker pool", () => {
  it("gives a population cut over 2 workers number for number as one worker, on generated code", async () => {
    const log: { worker: number; msg: ComputeRequest }[] = [];
    const pool = new ComputePool(new WorkerPool(2, fakeWorkers(log)), source);
    const outcome = await pool.run({}, population);
    expect(outcome.status).toBe("done");
    if (outcome.status !== "done") return;
    expect(outcome.output).toEqual(runJob(model, run, population, () => true));
    expect(outcome.backend).toBe("function");
    // Two parts per worker, and both workers used.
    expect(runs(log)).toHaveLength(4);
    expect(new Set(runs(log).map((e) => e.worker))).toEqual(new Set([0, 1]));
  });

  it("loads the model once per worker, when warmed, and keeps it for the jobs after", async () => {
    const log: { worker: number; msg: ComputeRequest }[] = [];
    const pool = new ComputePool(new WorkerPool(2, fakeWorkers(log)), source);
    pool.warm();
    expect(log.filter((e) => e.msg.kind === "init").map((e) => e.worker)).toEqual([0, 1]);
    for (const job of [population, map, population]) expect((await pool.run({}, job)).status).toBe("done");
    expect(log.filter((e) => e.msg.kind === "init")).toHaveLength(2);
  });

  it("runs a second view's job behind the first one's, not beside it", async () => {
    const log: { worker: number; msg: ComputeRequest }[] = [];
    const workers = new WorkerPool(2, fakeWorkers(log));
    const a = new ComputePool(workers, source);
    const b = new ComputePool(workers, source);
    const finished: string[] = [];
    await Promise.all([
      a.run({}, population).then(() => finished.push("population")),
      b.run({}, map).then(() => finished.push("map")),
    ]);
    const kinds = runs(log).map((e) => (e.msg.kind === "run" && e.msg.job.kind === "part" ? e.msg.job.whole.kind : ""));
    expect(kinds).toEqual(["population", "population", "population", "population", "map", "map", "map", "map"]);
    expect(finished).toEqual(["population", "map"]);
  });

  it("a new request settles the one before as cancelled, and its parts still queued never run", async () => {
    const log: { worker: number; msg: ComputeRequest }[] = [];
    const pool = new ComputePool(new WorkerPool(2, fakeWorkers(log)), source);
    const first = pool.run({}, population);
    const second = pool.run({}, map);
    expect((await first).status).toBe("cancelled");
    const done = await second;
    expect(done.status).toBe("done");
    if (done.status === "done") expect(done.output).toEqual(runJob(model, run, map, () => true));
    // The population's first two parts were running (and, just started, let finish); its other two
    // were still queued and never reached a worker.
    const kinds = runs(log).map((e) => (e.msg.kind === "run" && e.msg.job.kind === "part" ? e.msg.job.whole.kind : ""));
    expect(kinds).toEqual(["population", "population", "map", "map", "map", "map"]);
  });
});
