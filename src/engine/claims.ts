import { runPopulation } from "./analyses/population.ts";
import { evaluateConstant } from "./expression.ts";
import type { Model } from "./model.ts";
import type { ClaimDef } from "./model-schema.ts";
import { listReadouts, OUTCOME_TEXT, readoutValue } from "./readouts.ts";
import { formatValue, type ResolvedRun } from "./run-spec.ts";
import { simulate } from "./simulate.ts";
import { sweepValues } from "./sweep.ts";

export type Verdict = "yes" | "no" | "untestable";

export interface ClaimCheck {
  claim: ClaimDef;
  verdict: Verdict;
  /** Plain words with numbers, e.g. "Raising NE raises peak Ca²⁺ — yes here: 0.26 → 0.65 µM". */
  text: string;
}

/** The readout's label and its unit as a suffix (" µM"; empty for a dimensionless one). */
function describe(model: Model, id: string): { label: string; unit: string } {
  const r = listReadouts(model).find((x) => x.id === id);
  const unit = r?.unit && r.unit !== "–" ? ` ${r.unit}` : "";
  return { label: r?.label ?? id, unit };
}

function numeric(run: ResolvedRun, readout: string): number {
  return readoutValue(readout, simulate(run.model, run).summary) as number;
}

function withParam(run: ResolvedRun, name: string, value: number): ResolvedRun {
  const p = run.model.parameters.find((q) => q.name === name);
  const values = Float64Array.from(run.values);
  if (p) values[p.index] = value;
  return { ...run, values };
}

/** Checks one claim under the current run, computed by the engine, never looked up. */
export function checkClaim(claim: ClaimDef, run: ResolvedRun): ClaimCheck {
  const c = claim.check;
  const model: Model = run.model;
  switch (c.kind) {
    case "outside":
      return { claim, verdict: "untestable", text: `${c.statement} — not testable here: ${c.reason}.` };
    case "raises": {
      const p = model.parameters.find((q) => q.name === c.vary);
      const current = run.values[p?.index ?? -1] as number;
      const low = evaluateConstant(c.from);
      const { unit } = describe(model, c.readout);
      if (current <= low) {
        return {
          claim,
          verdict: "untestable",
          text: `${c.statement} — set ${c.vary} above ${formatValue(low)} to test it.`,
        };
      }
      const before = numeric(withParam(run, c.vary, low), c.readout);
      const after = numeric(run, c.readout);
      const yes = after > before * (1 + 1e-3) + 1e-9;
      const nums = `${fmt(before)} → ${fmt(after)}${unit} as ${c.vary} goes ${formatValue(low)} → ${formatValue(current)}`;
      return { claim, verdict: yes ? "yes" : "no", text: `${c.statement} — ${yes ? "yes" : "no"} here: ${nums}.` };
    }
    case "monotone": {
      const p = model.parameters.find((q) => q.name === c.vary);
      const [lo, hi] = p?.range ?? [0, 0];
      const levels = p?.scale === "log" ? sweepValues(lo, hi, c.n, true) : sweepValues(lo, hi, c.n);
      const points = levels
        .map((v) => simulate(model, withParam(run, c.vary, v)).summary)
        .map((s) => ({ x: readoutValue(c.readout, s) as number, w: s.wEnd, outcome: s.outcome }))
        .sort((a, b) => a.x - b.x);
      // The clearest counter-example: the lowest w reached with more of the readout than some point with a higher w.
      let worst: { low: (typeof points)[number]; high: (typeof points)[number] } | undefined;
      for (let i = 0; i < points.length; i++) {
        for (let j = i + 1; j < points.length; j++) {
          const a = points[i] as (typeof points)[number];
          const b = points[j] as (typeof points)[number];
          if (b.x > a.x && b.w < a.w - 1e-3 && (!worst || a.w - b.w > worst.low.w - worst.high.w))
            worst = { low: a, high: b };
        }
      }
      const { unit, label } = describe(model, c.readout);
      if (!worst) {
        return {
          claim,
          verdict: "yes",
          text: `${c.statement} — yes here: across ${c.vary} ${formatValue(lo)}–${formatValue(hi)}, w rises with ${label}.`,
        };
      }
      const { low, high } = worst;
      return {
        claim,
        verdict: "no",
        text: `${c.statement} — no here: ${fmt(high.x)}${unit} gives ${OUTCOME_TEXT[high.outcome]}, w ${fmt(high.w)}, while ${fmt(low.x)}${unit} gives ${OUTCOME_TEXT[low.outcome]}, w ${fmt(low.w)}.`,
      };
    }
    case "population": {
      const pop = runPopulation(model, run, { n: c.n, seed: c.seed, treatment: null });
      const f = pop.fractions;
      const kinds = [f.LTD, f.none, f.LTP].filter((x) => x > 0).length;
      const pct = (x: number) => `${Math.round(100 * x)} %`;
      const split = `${pct(f.LTD)} LTD, ${pct(f.none)} no change, ${pct(f.LTP)} LTP in ${pop.subjects.length} virtual subjects at this dose`;
      return {
        claim,
        verdict: kinds > 1 ? "yes" : "no",
        text: `${c.statement} — ${kinds > 1 ? "yes" : "no"} here: ${split}.`,
      };
    }
  }
}

function fmt(x: number): string {
  return Number(x.toPrecision(2)).toString();
}

export function checkClaims(run: ResolvedRun): ClaimCheck[] {
  return run.model.claims.map((c) => checkClaim(c, run));
}
