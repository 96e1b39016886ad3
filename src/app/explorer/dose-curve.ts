import { type Model, type RunSpec, rangeSweepValues } from "../../engine/index.ts";
import { ComputeClient, type ModelSource } from "../compute/compute-client.ts";
import type { DoseOutput } from "../compute/jobs.ts";
import { weightReadoutId } from "../compute/readouts-of.ts";

/** The explorer's dose-response curve: the weight at the end for each value of the model's dose parameter. */
export interface DoseCurve {
  spec: RunSpec;
  values: number[];
  wEnd: number[];
  outcomes: string[];
  ms: number;
}

/** Points of the explorer's curve across the dose parameter's range. */
const POINTS = 41;

/**
 * Keeps the explorer's dose-response curve for the newest run, computed off the page: it is asked
 * again only when something other than the dose itself changes, and only the newest request's curve
 * is kept (the compute client drops the rest).
 */
export class DoseCurveSource {
  /** The parameter swept: the model's display block names it; undefined when the model has none. */
  readonly param: string | undefined;
  curve: DoseCurve | undefined;
  private readonly values: number[];
  private readonly client: ComputeClient;
  private asked = "";

  constructor(
    private readonly model: Model,
    private readonly onCurve: () => void,
    private readonly onError: (message: string) => void,
    source?: ModelSource,
  ) {
    this.client = new ComputeClient(source);
    const p = model.parameters.find((q) => q.name === model.display.dose);
    this.param = p?.range ? p.name : undefined;
    this.values = p?.range ? rangeSweepValues(p, POINTS) : [];
  }

  /** Asks for the curve under `spec`, unless it is the one shown or on its way. */
  request(spec: RunSpec): void {
    const param = this.param;
    if (!param) return;
    const key = this.keyOf(spec);
    if (key === this.asked) return;
    this.asked = key;
    void this.client.run(spec, { kind: "dose", param, values: this.values, overlays: [] }).then((o) => {
      if (o.status === "cancelled") return;
      if (o.status === "error") {
        this.onError(o.message);
        return;
      }
      const s = (o.output as DoseOutput).series[0];
      if (!s) return;
      // The weight may be a state (read at the end) or a derived readout (a published model's analytic result).
      const wEnd = s.readouts[weightReadoutId(this.model) ?? ""] ?? [];
      this.curve = { spec, values: s.values, wEnd, outcomes: s.outcome, ms: o.ms };
      this.onCurve();
    });
  }

  /** Stops its worker: the model it was made for is closed. */
  dispose(): void {
    this.client.dispose();
  }

  /** Whether the curve shown was computed for `spec` (the dose itself aside). */
  isFresh(spec: RunSpec): boolean {
    return this.curve !== undefined && this.keyOf(this.curve.spec) === this.keyOf(spec);
  }

  private keyOf(spec: RunSpec): string {
    const params = { ...spec.params };
    if (this.param) delete params[this.param];
    return JSON.stringify({ ...spec, params });
  }
}
