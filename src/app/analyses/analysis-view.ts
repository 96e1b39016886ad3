import type { Model } from "../../engine/index.ts";
import type { RunState } from "../session/run-state.ts";

/** What the analyses section needs from each view. */
export interface AnalysisView {
  readonly id: string;
  readonly title: string;
  readonly root: HTMLElement;
  /** Shown and on screen: only then does a view compute. */
  setActive(active: boolean): void;
}

export interface ViewContext {
  model: Model;
  state: RunState;
  /** Parameters a class link hides: no view offers or shows them (exports still list them). */
  hidden: ReadonlySet<string>;
}

/** A drag of a slider fires many changes; a job starts once they pause this long (ms). */
export const SETTLE_MS = 250;

/** Parameters a sweep or a map axis can use: free, continuous ones. */
export function sweepableParams(model: Model, hidden: ReadonlySet<string> = new Set()) {
  return model.parameters.filter((p) => !p.fixed && p.range && p.step === undefined && !hidden.has(p.name));
}
