import type { loadModel } from "../engine/model/load-model.ts";

/**
 * model-loader.ts as the bundle has it: esbuild bundles a module that is require()d as one initialised
 * at its first require, with everything it alone imports (zod, the YAML parser, the unit checks). A
 * start whose model is in the cache then never runs their setup. Source runs cannot use this file:
 * an ES module has no require.
 */
export function modelLoader(): typeof loadModel {
  return (require("../engine/model/load-model.ts") as typeof import("../engine/model/load-model.ts")).loadModel;
}
