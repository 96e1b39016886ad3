import { create, erfDependencies, type FactoryFunctionMap, parseDependencies } from "mathjs";

/**
 * The one mathjs instance the engine uses: only the parser, its expression-tree classes and erf (which
 * Math lacks; models call it through the runtime table). Nothing in a model is ever passed to mathjs's
 * evaluate(), so a model file cannot reach import, createUnit, evaluate or any other function. Units are left out (the parser takes them as optional): creating the
 * Unit class pulls in most of mathjs's arithmetic, which was a third of the command line's start-up.
 */
function parserFactories(deps: object, out: FactoryFunctionMap = {}): FactoryFunctionMap {
  for (const [key, value] of Object.entries(deps)) {
    if (key.startsWith("create")) {
      if (key !== "createUnitClass") out[key] = value;
    } else if (value && typeof value === "object") parserFactories(value, out);
  }
  return out;
}

export const math = create(parserFactories({ parseDependencies, erfDependencies }));
