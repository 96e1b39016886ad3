import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { joinParts, splitJob } from "../../src/app/compute/job-parts.ts";
import type { PartJob, PartOutput, SplittableJob } from "../../src/app/compute/jobs.ts";
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

  it("a trial joined from 3 parts, one of them across both arms, is the one-worker trial number for number", () => {
    const job: SplittableJob = {
      kind: "trial",
      seed: 31,
      n: 10,
      spread: defaultSpread(model),
      treatment: model.population?.treatment ?? "",
    };
    const { whole, joined, parts } = wholeAndJoined(job, 3);
    // 2 × 10 subjects, numbered over both arms: the middle part holds the end of arm A and the start of arm B.
    expect(parts.map((p) => [p.from, p.to])).toEqual([
      [0, 6],
      [6, 13],
      [13, 20],
    ]);
    expect(joined).toEqual(whole);
    expect(whole.kind === "trial" && whole.complete && whole.difference !== undefined).toBe(true);
  });

  it("a trial whose second part was stopped joins into an incomplete trial holding only the subjects before the stop", () => {
    const job: SplittableJob = {
      kind: "trial",
      seed: 31,
      n: 10,
      spread: defaultSpread(model),
      treatment: model.population?.treatment ?? "",
    };
    const parts = splitJob(model, run, job, 2);
    const first = runJob(model, run, parts[0] as PartJob, free) as PartOutput;
    // The second part (arm B) stops after its third subject.
    const second = runJob(model, run, parts[1] as PartJob, (done) => done < 3) as PartOutput;
    const joined = joinParts(model, run, job, [second, first]);
    const whole = runJob(model, run, job, free);
    if (joined.kind !== "trial" || whole.kind !== "trial") throw new Error("not a trial");
    expect(joined.complete).toBe(false);
    expect(joined.difference).toBeUndefined();
    expect(joined.arms[0].wEnd).toEqual(whole.arms[0].wEnd);
    expect(joined.arms[1].wEnd).toEqual(whole.arms[1].wEnd.slice(0, 3));
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
