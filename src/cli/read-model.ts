import { readdirSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import type { Model } from "../engine/model/model.ts";
import { loadModelCached } from "./model-cache.ts";
import { UsageError } from "./usage-error.ts";

export const DEFAULT_MODEL = "models/ne-calcium-plasticity.yaml";

/** Reads and validates a model file; a missing file is a usage error, a broken one a ModelError. */
export function readModel(file: string = DEFAULT_MODEL): Model {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(
      `cannot read model file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  const shown = relative(process.cwd(), file) || file;
  return loadModelCached(text, shown.startsWith("..") ? file : shown);
}

export const MODELS_DIR = "models";

/** Every model file shipped in models/, in file-name order. */
export function readShippedModels(dir: string = MODELS_DIR): Model[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => readModel(`${dir}/${f}`));
}
