import type { RunSpec, Verdict } from "../../engine/index.ts";
import { ComputeClient } from "../compute/compute-client.ts";
import type { ClaimOutput } from "../compute/jobs.ts";

export type ClaimResult =
  | { claim: string; verdict: Verdict; text: string; error?: undefined }
  | { claim: string; error: string };

/**
 * Checks the model's claims for the newest state only. Claims go to the worker one at a time so a
 * change is seen between them; a check that a change makes stale (the population check runs
 * hundreds of solves) is dropped under the compute client's cancel rule.
 */
export class ClaimsClient {
  private readonly client: ComputeClient;
  private generation = 0;

  constructor(
    modelText: string,
    modelFile: string,
    private readonly claimIds: readonly string[],
    private readonly onResult: (result: ClaimResult) => void,
    private readonly onStart: () => void,
  ) {
    this.client = new ComputeClient({ modelText, modelFile });
  }

  /** Drops every result still due: the state they were asked for has changed. */
  invalidate(): void {
    this.generation++;
    this.onStart();
    this.client.drop();
  }

  /** Checks every claim under `spec`. */
  request(spec: RunSpec): void {
    this.invalidate();
    void this.checkAll(spec, this.generation);
  }

  private async checkAll(spec: RunSpec, generation: number): Promise<void> {
    for (const claim of this.claimIds) {
      const o = await this.client.run(spec, { kind: "claim", claim });
      if (generation !== this.generation || o.status === "cancelled") return;
      if (o.status === "error") this.onResult({ claim, error: o.message });
      else {
        const out = o.output as ClaimOutput;
        this.onResult({ claim, verdict: out.verdict, text: out.text });
      }
    }
  }
}
