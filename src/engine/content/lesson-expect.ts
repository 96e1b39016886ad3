import "../host-policy.ts";
import * as z from "zod";
import { runPopulation } from "../analyses/population.ts";
import type { Model } from "../model/model.ts";
import { listReadouts, OUTCOME_READOUT, readoutValue } from "../run/readouts.ts";
import type { RunSpec } from "../run/run-spec.ts";
import { simulate } from "../solve/simulate.ts";

/**
 * What a lesson step says its run shows, checked by `lesson check`. A step's ```expect block is a list;
 * each entry is either a readout of the step's run or the share of an outcome among virtual subjects:
 *
 *   - { readout: outcome, is: LTP }                              same readouts and `when` forms as predict
 *   - { readout: "end:w", is: "0.9 to 1.1" }                   any readout id of the step's model
 *   - { population: 1000, seed: 1, share: LTD, is: "0.05 to 0.5" }   untreated subjects, share from 0 to 1
 */
export type Expectation =
  | { line: number; readout: string; is: string }
  | { line: number; population: number; seed: number; share: Outcome; is: string };

type Outcome = "LTP" | "LTD" | "none";
const OUTCOMES = ["LTP", "LTD", "none"] as const;

const is = z.union([z.string(), z.number()]).transform(String);
export const expectSchema = z.array(
  z.union([
    z.strictObject({ readout: z.string().min(1), is }),
    z.strictObject({
      population: z.number().int().min(1).max(100_000),
      seed: z.number().int().min(0),
      share: z.enum(OUTCOMES),
      is,
    }),
  ]),
);

/** The `when` forms a lesson uses: an outcome name, or "> x", "< x", ">= x", "<= x", "x to y" for a number. */
export function parseCondition(when: string): ((x: number) => boolean) | null {
  const num = "([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)";
  const cmp = new RegExp(`^\\s*(>=|<=|>|<)\\s*${num}\\s*$`).exec(when);
  if (cmp) {
    const x = Number(cmp[2]);
    switch (cmp[1]) {
      case ">":
        return (v) => v > x;
      case ">=":
        return (v) => v >= x;
      case "<":
        return (v) => v < x;
      default:
        return (v) => v <= x;
    }
  }
  const range = new RegExp(`^\\s*${num}\\s+to\\s+${num}\\s*$`).exec(when);
  if (range) {
    const lo = Number(range[1]);
    const hi = Number(range[2]);
    return (v) => v >= lo && v <= hi;
  }
  return null;
}

/** Whether a readout's value meets `when`. */
export function meets(value: number | string, when: string): boolean {
  return typeof value === "string" ? value === when : (parseCondition(when)?.(value) ?? false);
}

/** Why `is` cannot be checked against this expectation, or null. */
export function checkExpectation(e: Expectation): string | null {
  const numeric = "population" in e || e.readout !== OUTCOME_READOUT;
  if (!numeric) return OUTCOMES.includes(e.is as Outcome) ? null : `"${e.is}" is not one of ${OUTCOMES.join(", ")}`;
  return parseCondition(e.is) ? null : `"${e.is}" is not a condition such as "> 1", "< 0.95" or "0.95 to 1.05"`;
}

const shown = (x: number | string) => (typeof x === "number" ? String(Number(x.toPrecision(3))) : x);

/** Each expectation the run does not meet, with its line: `expect: readout outcome is LTD, not LTP`. */
export function unmetExpectations(
  model: Model,
  run: RunSpec,
  expectations: readonly Expectation[],
): { line: number; message: string }[] {
  const problems: { line: number; message: string }[] = [];
  let result: ReturnType<typeof simulate> | undefined;
  const populations = new Map<string, ReturnType<typeof runPopulation>>();
  for (const e of expectations) {
    if ("readout" in e) {
      const known = listReadouts(model).map((r) => r.id);
      if (e.readout !== OUTCOME_READOUT && !known.includes(e.readout)) {
        problems.push({
          line: e.line,
          message: `unknown readout "${e.readout}" (readouts: ${[OUTCOME_READOUT, ...known].join(", ")})`,
        });
        continue;
      }
      result ??= simulate(model, run);
      const v = readoutValue(e.readout, result.summary);
      if (!meets(v, e.is)) problems.push({ line: e.line, message: `readout ${e.readout} is ${shown(v)}, not ${e.is}` });
    } else {
      const key = `${e.population}:${e.seed}`;
      let pop = populations.get(key);
      if (!pop) {
        pop = runPopulation(model, run, { n: e.population, seed: e.seed, treatment: null });
        populations.set(key, pop);
      }
      const v = pop.fractions[e.share];
      if (!meets(v, e.is))
        problems.push({
          line: e.line,
          message: `the share of ${e.share} among ${e.population} subjects (seed ${e.seed}) is ${shown(v)}, not ${e.is}`,
        });
    }
  }
  return problems.map((p) => ({ line: p.line, message: `expect: ${p.message}` }));
}

/**
 * Words with which a step's prose states what its run shows. A step that uses them must carry an
 * ```expect block, so the statement is checked rather than trusted (a predict block checks only its question).
 */
const RESULT_WORDS =
  /\b(LTP|LTD|no lasting change|strengthens?|weakens?|potentiat\w*|depress(?:es|ion)|raised|lowered|raises|lowers)\b|\bw\s*(?:\u2248|=|~)/i; // \u2248 is ≈

/** The first result-claiming phrase in a step's prose, or null. */
export function claimedResult(markdown: string): string | null {
  return RESULT_WORDS.exec(markdown)?.[0] ?? null;
}
