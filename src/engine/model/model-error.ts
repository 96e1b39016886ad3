/** Where in a model file something is wrong: every message a user sees names file, line and field. */
export interface ModelIssue {
  file: string;
  line?: number;
  path: string;
  message: string;
  /** Character offsets [from, to) into the file's text of what is wrong, for an editor to mark. */
  range?: [number, number];
}

export function formatIssue(issue: ModelIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}`;
  return issue.path ? `${where} ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
}

/** A model file that cannot be used; `issues` lists every problem found, the message the first. */
export class ModelError extends Error {
  readonly issues: ModelIssue[];
  constructor(issues: ModelIssue[]) {
    super(issues.map(formatIssue).join("\n"));
    this.name = "ModelError";
    this.issues = issues;
  }
}
