import { create, erfDependencies, type FactoryFunctionMap, parseDependencies } from "mathjs";

/**
 * The one mathjs instance the engine uses: only the parser, its expression-tree classes and erf (which
 * Math lacks; models call it through the runtime table). Nothing in a model is ever passed to mathjs's
 * evaluate(), so a model file cannot reach import, createUnit, evaluate or any other function. Units are left out (the parser takes them as optional): creating the
 * Unit class pulls in most of mathjs's arithmetic, which was a third of the command line's start-up.
 */
function parserFactories(deps: object, out: FactoryFunctionMap = {}, seen = new Set<object>()): FactoryFunctionMap {
  // mathjs's dependency lists share sub-lists; walking each once instead of along every path that
  // reaches it is 245 visits instead of 5800 (milliseconds of every start).
  seen.add(deps);
  for (const [key, value] of Object.entries(deps)) {
    if (key.startsWith("create")) {
      if (key !== "createUnitClass") out[key] = value;
    } else if (value && typeof value === "object" && !seen.has(value)) parserFactories(value, out, seen);
  }
  return out;
}

export const math = create(parserFactories({ parseDependencies, erfDependencies }));
