import { parseArgs } from "node:util";
import { checkClaims, resolveRun } from "../../engine/index.ts";
import { readModel } from "../read-model.ts";
import { formatFrom, RUN_OPTIONS, runSpecFrom } from "../run-options.ts";
import { writeOutput } from "../write-output.ts";

export const CLAIMS_HELP = `claims [run options] [--format text|json] [--out FILE]
    The article's claims: literature status, references, and the model's live check at these settings.`;

export function claimsCommand(args: string[]): void {
  const { values: o } = parseArgs({ args, options: RUN_OPTIONS, strict: true, allowPositionals: false });
  const model = readModel(o.model);
  const format = formatFrom(o.format, ["text", "json"]);
  const checks = checkClaims(resolveRun(model, runSpecFrom(model, o)));
  if (format === "json") {
    const rows = checks.map((c) => ({
      id: c.claim.id,
      claim: c.claim.claim,
      status: c.claim.status,
      verdict: c.verdict,
      check: c.text,
      references: c.claim.references,
    }));
    writeOutput(
      o.out,
      `${JSON.stringify({ model: model.id, version: model.version, label: model.label, claims: rows }, null, 1)}\n`,
    );
    return;
  }
  const blocks = checks.map((c) =>
    [
      `${c.claim.claim}`,
      `  literature: ${c.claim.status}`,
      `  this model: ${c.text}`,
      ...c.claim.references.map((r) => `  · ${r}`),
    ].join("\n"),
  );
  writeOutput(o.out, `${model.label}\n\n${blocks.join("\n\n")}\n`);
}
