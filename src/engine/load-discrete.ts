import type { MathNode } from "mathjs";
import { ExpressionError, parseExpression, symbolsOf } from "./expression.ts";
import type { DerivedReadout, Expr, Helper, ModelEvent, Switch } from "./model.ts";
import type { ModelFile } from "./model-schema.ts";

type Path = (string | number)[];

/** The kinds of name an expression can use; each field of the file allows some of them. */
export type NameKind = "state" | "input" | "helper" | "parameter" | "switch" | "readout";

/** Checks an expression's names and calls for one field; reports through `fail`. */
export type ExpressionCheck = (path: Path, node: MathNode, allowed: ReadonlySet<NameKind>) => void;

export const PARAMETERS_ONLY: ReadonlySet<NameKind> = new Set(["parameter"]);
const ASSIGN_SCOPE: ReadonlySet<NameKind> = new Set(["state", "parameter"]);
const SWITCH_SCOPE: ReadonlySet<NameKind> = new Set(["state", "input", "helper", "parameter"]);
const READOUT_SCOPE: ReadonlySet<NameKind> = new Set(["state", "input", "helper", "parameter", "switch", "readout"]);

function parseField(
  path: Path,
  text: string | number,
  fail: (path: Path, m: string) => void,
  callable: (n: string) => boolean,
): Expr {
  const source = String(text);
  try {
    return { text: source, node: parseExpression(source, callable) };
  } catch (err) {
    fail(path, err instanceof ExpressionError ? err.message : String(err));
    return { text: source, node: parseExpression("0") };
  }
}

/** The `events:` block: each time an expression over the parameters, each assignment to a state. */
export function buildEvents(
  src: ModelFile,
  stateIndex: ReadonlyMap<string, number>,
  check: ExpressionCheck,
  fail: (path: Path, message: string) => void,
): ModelEvent[] {
  const builtinOnly = () => false;
  return Object.entries(src.events).map(([name, def]) => {
    const at = (...rest: string[]) => ["events", name, ...rest];
    const timing = (field: "start" | "period" | "count" | "delay", text: string | number): Expr => {
      const e = parseField(at(field), text, fail, builtinOnly);
      check(at(field), e.node, PARAMETERS_ONLY);
      return e;
    };
    const assign = Object.entries(def.assign).map(([state, text]) => {
      const index = stateIndex.get(state);
      if (index === undefined) fail(at("assign", state), `unknown state "${state}"`);
      const value = parseField(at("assign", state), text, fail, builtinOnly);
      check(at("assign", state), value.node, ASSIGN_SCOPE);
      return { state, index: index ?? -1, value };
    });
    return {
      name,
      label: def.label,
      description: def.description ?? "",
      start: timing("start", def.start),
      period: def.period === undefined ? undefined : timing("period", def.period),
      count: timing("count", def.count),
      delay: timing("delay", def.delay),
      assign,
    };
  });
}

/** The `switches:` block: each a function of the states (directly or through helpers). */
export function buildSwitches(
  src: ModelFile,
  helpers: readonly Helper[],
  stateNames: ReadonlySet<string>,
  check: ExpressionCheck,
  fail: (path: Path, message: string) => void,
): Switch[] {
  const helperNames = new Set(helpers.map((h) => h.name));
  const byName = new Map(helpers.map((h) => [h.name, h]));
  const usesState = (node: MathNode, seen: Set<string>): boolean =>
    [...symbolsOf(node)].some((n) => {
      if (stateNames.has(n)) return true;
      const h = byName.get(n);
      if (!h || seen.has(n)) return false;
      seen.add(n);
      return usesState(h.node, seen);
    });
  return Object.entries(src.switches).map(([name, def], index) => {
    const path = ["switches", name, "expr"];
    const expr = parseField(path, def.expr, fail, (n) => helperNames.has(n));
    check(path, expr.node, SWITCH_SCOPE);
    if (!usesState(expr.node, new Set())) {
      fail(path, `"${def.expr}" is not a function of the states, so it never crosses zero during a run`);
    }
    return { name, index, label: def.label, description: def.description ?? "", expr };
  });
}

/** The `readouts:` block, in file order: a readout may use the readouts declared before it. */
export function buildDerivedReadouts(
  src: ModelFile,
  helpers: readonly Helper[],
  check: ExpressionCheck,
  fail: (path: Path, message: string) => void,
): DerivedReadout[] {
  const helperNames = new Set(helpers.map((h) => h.name));
  const all = Object.keys(src.readouts);
  return Object.entries(src.readouts).map(([name, def], k) => {
    const path = ["readouts", name, "expr"];
    const expr = parseField(path, def.expr, fail, (n) => helperNames.has(n));
    check(path, expr.node, READOUT_SCOPE);
    for (const sym of symbolsOf(expr.node)) {
      const j = all.indexOf(sym);
      if (j >= k)
        fail(
          path,
          `readout "${sym}" is declared ${j === k ? "here" : "later"}; a readout may use only the readouts above it`,
        );
    }
    return { name, label: def.label, unit: def.unit, description: def.description ?? "", expr };
  });
}
