import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { joinParts, splitJob } from "../../src/app/compute/job-parts.ts";
import type { PartOutput, SplittableJob } from "../../src/app/compute/jobs.ts";
import { runJob } from "../../src/app/compute/run-job.ts";
import { defaultMapX, defaultSpread, loadModel, resolveRun } from "../../src/engine/index.ts";

const model = loadModel(readFileSync("models/ne-calcium-plasticity.yaml", "utf8"), "models/ne-calcium-plasticity.yaml");
const run = resolveRun(model, {});
const free = () => true;

/** The job solved whole by one worker, and cut into `k` parts solved apart and joined, as the pool does. */
function wholeAndJoined(job: SplittableJob, k: number) {
  const whole = runJob(model, run, job, free);
  const parts = splitJob(model, run, job, k);
  // Joined from parts that arrive out of order, as workers finish.
  const outputs = parts.map((p) => runJob(model, run, p, free) as PartOutput).reverse();
  return { whole, joined: joinParts(model, run, job, outputs), parts };
}

describe("analyses cut into parts for a pool of workers", () => {
  it("a population with a treatment, joined from 3 parts, is the one-worker population number for number", () => {
    const job: SplittableJob = {
      kind: "population",
      seed: 4242,
      n: 40,
      spread: defaultSpread(model),
      treatment: model.population?.treatment ?? null,
    };
    const { whole, joined, parts } = wholeAndJoined(job, 3);
    expect(parts.map((p) => [p.from, p.to])).toEqual([
      [0, 13],
      [13, 26],
      [26, 40],
    ]);
    expect(joined).toEqual(whole);
  });

  it("a map joined from 4 parts is the one-worker map, cell for cell", () => {
    const job: SplittableJob = {
      kind: "map",
      x: { param: defaultMapX(model), n: 5 },
      y: { param: model.parameters.find((p) => !p.fixed && p.name !== defaultMapX(model))?.name ?? "", n: 3 },
    };
    const { whole, joined } = wholeAndJoined(job, 4);
    expect(joined).toEqual(whole);
  });

  it("a sensitivity analysis joined from 2 parts has every parameter's row, in the one-worker order", () => {
    const { whole, joined } = wholeAndJoined({ kind: "sensitivity" }, 2);
    expect(joined).toEqual(whole);
  });

  it("never makes more parts than items, nor an empty part", () => {
    const parts = splitJob(model, run, { kind: "population", seed: 1, n: 3, spread: [], treatment: null }, 8);
    expect(parts.map((p) => p.to - p.from)).toEqual([1, 1, 1]);
  });
});
