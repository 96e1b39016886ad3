import { readFileSync } from "node:fs";
import { loadModel, type Model } from "../../src/engine/index.ts";

export const MODEL_FILE = "models/ne-calcium-plasticity.yaml";

let cached: Model | undefined;

/** The default model, loaded once per test file. */
export function defaultModel(): Model {
  cached ??= loadModel(readFileSync(MODEL_FILE, "utf8"), MODEL_FILE);
  return cached;
}
