import { loadModel } from "../engine/model/load-model.ts";

/**
 * The engine's loadModel, for the model cache. Run from source this module imports it as usual; the
 * bundle is built with model-loader.bundle.ts in its place (scripts/build-cli.mjs), which loads the
 * model reader (validation, YAML parser, unit checks) only when a model is not in the cache.
 */
export function modelLoader(): typeof loadModel {
  return loadModel;
}
