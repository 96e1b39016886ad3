import { LineCounter, parseDocument } from "yaml";
import { loadModel } from "./load-model.ts";
import type { Model } from "./model.ts";
import { ModelError, type ModelIssue } from "./model-error.ts";
import { modelWarnings } from "./model-warnings.ts";
import { yamlLocator } from "./yaml-locator.ts";

export interface Diagnosis {
  /** The model, when the text has no errors. */
  model: Model | undefined;
  errors: ModelIssue[];
  warnings: ModelIssue[];
}

/**
 * Everything an editor shows about a model file's text: the loader's errors, or, when it loads, the
 * warnings of modelWarnings; each with its line and character range.
 */
export function diagnoseModel(text: string, file: string): Diagnosis {
  let model: Model;
  try {
    model = loadModel(text, file);
  } catch (err) {
    if (err instanceof ModelError) return { model: undefined, errors: err.issues, warnings: [] };
    return { model: undefined, errors: [{ file, path: "", message: String(err), range: [0, 0] }], warnings: [] };
  }
  const found = modelWarnings(model);
  if (found.length === 0) return { model, errors: [], warnings: [] };
  // Only a model with warnings pays for a second parse to find where they are.
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const locate = yamlLocator(doc, text);
  const warnings = found.map((w): ModelIssue => {
    const range = locate(w.path, undefined, true);
    return { file, line: lineCounter.linePos(range[0]).line, path: w.path.join("."), message: w.message, range };
  });
  return { model, errors: [], warnings };
}
