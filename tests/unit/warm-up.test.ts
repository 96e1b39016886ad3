import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { WARM_UP_MS, warmUp } from "../../src/app/compute/warm-up.ts";
import { workerHandler } from "../../src/app/compute/worker-handler.ts";
import { loadModel } from "../../src/engine/index.ts";

const FILE = "models/ne-calcium-plasticity.yaml";
const text = readFileSync(FILE, "utf8");
const model = loadModel(text, FILE);

describe("a compute worker's warm-up", () => {
  it("solves while it is wanted and within its time, and not at all once a job has come", async () => {
    // A clock that moves a quarter of the budget per reading: a solve starts at 25, 50, 75 and 100 %
    // of the budget spent, and at 125 % the warm-up stops.
    let t = 0;
    const clock = () => (t += WARM_UP_MS / 4);
    expect(await warmUp(model, () => true, clock)).toBe(4);
    expect(await warmUp(model, () => false)).toBe(0);
    let asked = 0;
    expect(await warmUp(model, () => ++asked <= 2)).toBe(2);
  });

  it("leaves a job's numbers as they are, whether the job comes at once or after the warm-up", async () => {
    const job = {
      kind: "part" as const,
      whole: { kind: "map" as const, x: { param: "u", n: 4 }, y: { param: "gb", n: 3 } },
      from: 0,
      to: 12,
    };
    const results = await Promise.all(
      [0, WARM_UP_MS + 50].map(
        (wait) =>
          new Promise<unknown>((resolve) => {
            const handle = workerHandler((r) => {
              if (r.kind === "result") resolve(r.output);
              if (r.kind === "error") resolve(r.message);
            });
            handle({ kind: "init", modelText: text, modelFile: FILE });
            setTimeout(() => handle({ kind: "run", id: 1, spec: {}, job }), wait);
          }),
      ),
    );
    expect(typeof results[0]).toBe("object");
    expect(results[1]).toEqual(results[0]);
  });
});
