import { readFileSync } from "node:fs";
import { loadModel, type Model } from "../../src/engine/index.ts";

export const DEFAULT_MODEL_FILE = "models/ne-calcium-plasticity.yaml";

export function defaultModel(): Model {
  return loadModel(readFileSync(DEFAULT_MODEL_FILE, "utf8"), DEFAULT_MODEL_FILE);
}

export function stateIndex(model: Model, name: string): number {
  const s = model.states.find((x) => x.name === name);
  if (!s) throw new Error(`no state ${name}`);
  return s.index;
}
