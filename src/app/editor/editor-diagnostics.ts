import type { Diagnostic } from "@codemirror/lint";
import type { ModelIssue } from "../../engine/index.ts";
// By path, not through the engine's index: the index is in the page's first chunk, and this is not.
import { type Diagnosis, diagnoseModel } from "../../engine/model/diagnose-model.ts";

/** The engine's diagnosis of `text` as CodeMirror diagnostics: each on the characters it is about. */
export function editorDiagnostics(text: string, file: string): { diagnosis: Diagnosis; diagnostics: Diagnostic[] } {
  const diagnosis = diagnoseModel(text, file);
  const mark = (issue: ModelIssue, severity: "error" | "warning"): Diagnostic => {
    const [from, to] = issue.range ?? [0, 0];
    const a = Math.min(Math.max(0, from), text.length);
    const b = Math.min(Math.max(a, to), text.length);
    return {
      from: a,
      to: b,
      severity,
      source: issue.path || undefined,
      message: issue.message,
    };
  };
  return {
    diagnosis,
    diagnostics: [
      ...diagnosis.errors.map((i) => mark(i, "error")),
      ...diagnosis.warnings.map((i) => mark(i, "warning")),
    ],
  };
}
